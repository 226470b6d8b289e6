package dev.ww.provision.internal;

import dev.ww.provision.HwAddr;
import dev.ww.provision.PrivilegedPort;
import dev.ww.provision.ProvisionNode;
import dev.ww.provision.ProvisioningCatalog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Deny by default: a request names a hardware address, the node owning it must exist and be
 * enabled, the request must come from one of the node's configured addresses, and, where
 * required, from a privileged source port: the node's own rule ({@link PrivilegedPort}) decides,
 * and when it has none, the server's setting.
 */
public final class Authorizer {

  /** Either the node, or why not. */
  public sealed interface Decision permits Granted, Denied {}

  public record Granted(ProvisionNode node, HwAddr hwaddr) implements Decision {}

  public record Denied(int status, String why, String node) implements Decision {}

  private final ProvisioningCatalog catalog;
  private final boolean privilegedPortRequired;

  public Authorizer(ProvisioningCatalog catalog, boolean privilegedPortRequired) {
    this.catalog = catalog;
    this.privilegedPortRequired = privilegedPortRequired;
  }

  /**
   * @param portCheck false for the iPXE stage (firmware cannot choose its source port)
   */
  public Decision authorize(HwAddr hwaddr, InetSocketAddress client, boolean portCheck) {
    Optional<ProvisionNode> found = catalog.nodeByHwaddr(hwaddr);
    if (found.isEmpty()) {
      return new Denied(403, "unknown hardware address", "-");
    }
    ProvisionNode node = found.get();
    if (!node.enabled()) {
      return new Denied(403, "node is disabled", node.name());
    }
    InetAddress source = normalized(client.getAddress());
    boolean fromNode = node.addresses().stream().anyMatch(a -> normalized(a).equals(source));
    if (!fromNode) {
      return new Denied(
          403,
          "source address " + source.getHostAddress() + " is not one of the node's addresses "
              + node.addresses().stream().map(InetAddress::getHostAddress).toList(),
          node.name());
    }
    if (portCheck && node.privilegedPort().required(privilegedPortRequired)
        && client.getPort() >= 1024) {
      String rule = node.privilegedPort() == PrivilegedPort.REQUIRED
          ? "this node requires a source port below 1024"
          : "the server requires a source port below 1024";
      return new Denied(
          403, "source port " + client.getPort() + " is not privileged (" + rule + ")", node.name());
    }
    return new Granted(node, hwaddr);
  }

  /** IPv4-mapped IPv6 addresses compare equal to their IPv4 form. */
  static InetAddress normalized(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 16) {
      boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = b[i] == 0;
      }
      if (mapped) {
        try {
          return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (java.net.UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return a;
  }
}
