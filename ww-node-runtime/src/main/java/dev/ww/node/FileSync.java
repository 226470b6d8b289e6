package dev.ww.node;

import dev.ww.core.UserException;
import dev.ww.core.os.LinuxOs;
import dev.ww.node.internal.FileListEntry;
import dev.ww.node.internal.FilePlacer;
import dev.ww.node.internal.FileState;
import dev.ww.node.internal.MasterClient;
import dev.ww.node.internal.RunLock;
import dev.ww.node.internal.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * {@code wwgetfiles}: brings the node's files up to date with what the master lists for it.
 * Only files changed since the last complete run are listed ({@code timestamp=}), and a file
 * whose etag is the one placed last time is skipped; {@code force} fetches everything. One
 * failed file does not stop the others, but the run fails and the timestamp stays where it was,
 * so the next run retries what failed.
 */
public final class FileSync {

  /**
   * @param force ignore what earlier runs remember and place every listed file
   * @param maxDelay wait a random time up to this long first, so a cluster's cron runs spread
   */
  public record Options(boolean force, Duration maxDelay) {
    public Options {
      Objects.requireNonNull(maxDelay, "maxDelay");
      if (maxDelay.isNegative()) {
        throw new IllegalArgumentException("negative delay");
      }
    }
  }

  /** What a run did. */
  public record Result(int listed, int placed, int unchanged) {}

  private final NodePaths paths;
  private final NodeIdentity node;
  private final MasterClient client;
  private final Sleeper sleeper;
  private final Supplier<LinuxOs> os;

  public FileSync(NodePaths paths, NodeIdentity node) {
    this(paths, node, MasterClient.Settings.defaults(), Sleeper.REAL, FilePlacer.nativeOs());
  }

  FileSync(
      NodePaths paths, NodeIdentity node, MasterClient.Settings settings, Sleeper sleeper,
      Supplier<LinuxOs> os) {
    this.paths = paths;
    this.node = node;
    this.client = new MasterClient(node, settings, sleeper);
    this.sleeper = sleeper;
    this.os = os;
  }

  public Result run(Options options) throws IOException {
    try (RunLock lock = RunLock.acquire(paths.lockFile("wwgetfiles"), "wwgetfiles")) {
      if (!options.maxDelay().isZero()) {
        long ms = ThreadLocalRandom.current().nextLong(options.maxDelay().toMillis() + 1);
        try {
          sleeper.sleep(Duration.ofMillis(ms));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted during the start delay");
        }
      }
      return sync(options.force());
    }
  }

  private Result sync(boolean force) throws IOException {
    Path stateFile = paths.stateDir().resolve("wwgetfiles.state");
    FileState state = force ? FileState.empty() : FileState.load(stateFile);
    String query = state.timestamp().isPresent() ? "timestamp=" + state.timestamp().getAsLong() : "";
    byte[] listBytes = client.getBytes(client.path("/WW/file", query), 16 << 20, "the file list");
    List<FileListEntry> entries;
    try {
      entries = FileListEntry.parseList(new String(listBytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new UserException("The master's file list is not understood: " + e.getMessage());
    }
    FilePlacer placer = new FilePlacer(paths.root(), client, os);
    List<String> failures = new ArrayList<>();
    int placed = 0;
    int unchanged = 0;
    long newest = state.timestamp().orElse(0);
    for (FileListEntry e : entries) {
      newest = Math.max(newest, e.mtime());
      if (!force && e.etag().equals(state.etag(e.id())) && placer.present(e)) {
        unchanged++;
        continue;
      }
      try {
        placer.place(e);
        state.placed(e.id(), e.etag());
        placed++;
      } catch (UserException x) {
        failures.add(x.getMessage());
      } catch (IOException x) {
        failures.add("file " + e.name() + " (" + e.path() + "): " + x);
      }
    }
    placer.syncDirectories();
    boolean advanced = failures.isEmpty() && state.timestamp().orElse(-1) != newest;
    if (advanced) {
      state.timestamp(newest);
    }
    if (advanced || placed > 0) {
      state.save(stateFile); // an idle run writes (and fsyncs) nothing
    }
    if (!failures.isEmpty()) {
      throw new UserException(
          failures.size() + " of " + entries.size() + " file(s) failed, previous versions kept: "
              + String.join("; ", failures));
    }
    return new Result(entries.size(), placed, unchanged);
  }
}
