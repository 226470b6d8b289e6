package dev.ww.provision;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The boot reports received, kept per node, newest last, at most {@code perNode} per node
 * (older ones drop off). Thread-safe. This is what {@code wwsh node status} reads.
 */
public final class BootReportLog {

  private final int perNode;
  private final Map<String, Deque<BootReport>> byNode = new ConcurrentHashMap<>();

  public BootReportLog(int perNode) {
    if (perNode < 1) {
      throw new IllegalArgumentException("perNode must be at least 1");
    }
    this.perNode = perNode;
  }

  public void add(BootReport report) {
    Deque<BootReport> q = byNode.computeIfAbsent(report.node(), k -> new ArrayDeque<>());
    synchronized (q) {
      q.addLast(report);
      while (q.size() > perNode) {
        q.removeFirst();
      }
    }
  }

  /** The node's reports, oldest first. */
  public List<BootReport> forNode(String node) {
    Deque<BootReport> q = byNode.get(node);
    if (q == null) {
      return List.of();
    }
    synchronized (q) {
      return List.copyOf(q);
    }
  }

  /** The node's most recent report. */
  public Optional<BootReport> latest(String node) {
    List<BootReport> all = forNode(node);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }
}
