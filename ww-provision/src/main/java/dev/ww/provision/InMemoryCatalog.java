package dev.ww.provision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A catalog held in memory: for tests, benchmarks and embedders that keep their own inventory.
 * Thread-safe; changes are visible to the next request.
 */
public final class InMemoryCatalog implements ProvisioningCatalog {

  private final Map<String, ProvisionNode> nodes = new ConcurrentHashMap<>();
  /** Node name by hardware address: the per-request lookup is one probe, not a scan. */
  private final Map<HwAddr, String> byHwaddr = new ConcurrentHashMap<>();
  private final Map<String, BootstrapImage> bootstraps = new ConcurrentHashMap<>();
  private final Map<String, CapsuleImage> capsules = new ConcurrentHashMap<>();
  private final Map<String, NodeFile> files = new ConcurrentHashMap<>();

  /** Adds or replaces a node (by name). */
  public synchronized InMemoryCatalog put(ProvisionNode node) {
    ProvisionNode old = nodes.put(node.name(), node);
    if (old != null) {
      unindex(old);
    }
    for (NetDev d : node.netdevs()) {
      d.hwaddr().ifPresent(hw -> byHwaddr.put(hw, node.name()));
    }
    return this;
  }

  private void unindex(ProvisionNode node) {
    for (NetDev d : node.netdevs()) {
      d.hwaddr().ifPresent(hw -> {
        if (byHwaddr.remove(hw, node.name())) {
          // Another node may carry the same address (a configuration error, but the scan
          // this index replaces found it too).
          nodes.values().stream().filter(n -> n.netdevWith(hw).isPresent()).findFirst()
              .ifPresent(n -> byHwaddr.put(hw, n.name()));
        }
      });
    }
  }

  public InMemoryCatalog put(BootstrapImage bootstrap) {
    bootstraps.put(bootstrap.id(), bootstrap);
    return this;
  }

  public InMemoryCatalog put(CapsuleImage capsule) {
    capsules.put(capsule.id(), capsule);
    return this;
  }

  public InMemoryCatalog put(NodeFile file) {
    files.put(file.id(), file);
    return this;
  }

  public synchronized InMemoryCatalog removeNode(String name) {
    ProvisionNode old = nodes.remove(name);
    if (old != null) {
      unindex(old);
    }
    return this;
  }

  @Override
  public Optional<ProvisionNode> nodeByHwaddr(HwAddr hwaddr) {
    String name = byHwaddr.get(hwaddr);
    ProvisionNode node = name == null ? null : nodes.get(name);
    // Re-checked: a concurrent put may have moved the address to another node.
    if (node != null && node.netdevWith(hwaddr).isPresent()) {
      return Optional.of(node);
    }
    return Optional.empty();
  }

  @Override
  public List<ProvisionNode> nodes() {
    List<ProvisionNode> all = new ArrayList<>(nodes.values());
    all.sort(Comparator.comparing(ProvisionNode::name));
    return all;
  }

  @Override
  public Optional<BootstrapImage> bootstrap(String id) {
    return Optional.ofNullable(bootstraps.get(id));
  }

  @Override
  public Optional<CapsuleImage> capsule(String id) {
    return Optional.ofNullable(capsules.get(id));
  }

  @Override
  public Optional<NodeFile> file(String id) {
    return Optional.ofNullable(files.get(id));
  }

  @Override
  public Optional<NodeFile> fileByName(String name) {
    return files.values().stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
