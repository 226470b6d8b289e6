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
  private final Map<String, BootstrapImage> bootstraps = new ConcurrentHashMap<>();
  private final Map<String, CapsuleImage> capsules = new ConcurrentHashMap<>();
  private final Map<String, NodeFile> files = new ConcurrentHashMap<>();

  /** Adds or replaces a node (by name). */
  public InMemoryCatalog put(ProvisionNode node) {
    nodes.put(node.name(), node);
    return this;
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

  public InMemoryCatalog removeNode(String name) {
    nodes.remove(name);
    return this;
  }

  @Override
  public Optional<ProvisionNode> nodeByHwaddr(HwAddr hwaddr) {
    return nodes.values().stream()
        .filter(n -> n.netdevs().stream().anyMatch(d -> d.hwaddr().equals(Optional.of(hwaddr))))
        .findFirst();
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
