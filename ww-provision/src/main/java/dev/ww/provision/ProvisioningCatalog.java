package dev.ww.provision;

import java.util.List;
import java.util.Optional;

/**
 * What the provisioning server needs from the store, and nothing more. Implementations must be
 * thread-safe; every call reflects the store's current state (a change made elsewhere is served
 * by the next request). Calls may block (a database); the server never calls them on its I/O
 * threads.
 */
public interface ProvisioningCatalog {

  /** The node that owns {@code hwaddr} on one of its network devices, enabled or not. */
  Optional<ProvisionNode> nodeByHwaddr(HwAddr hwaddr);

  /** Every node, for the generated hosts file and DHCP configuration. */
  List<ProvisionNode> nodes();

  Optional<BootstrapImage> bootstrap(String id);

  Optional<CapsuleImage> capsule(String id);

  /** A file object by id. */
  Optional<NodeFile> file(String id);

  /** A file object by name (scripts are named in node attributes). */
  Optional<NodeFile> fileByName(String name);

  /**
   * Keeps a boot report where other processes can read it. The server calls this after adding
   * the report to its own {@link BootReportLog}; a failure is logged and the node still gets its
   * 204. Default: nothing beyond the server's log.
   */
  default void recordBootReport(BootReport report) {}
}
