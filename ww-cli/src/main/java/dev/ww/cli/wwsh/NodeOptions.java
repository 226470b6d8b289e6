package dev.ww.cli.wwsh;

import dev.ww.core.UserException;
import dev.ww.datastore.Modification;
import dev.ww.datastore.NetDev;
import dev.ww.datastore.Node;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The node settings {@code node new} and {@code node set} share, with Warewulf 3's option names. */
final class NodeOptions {

  @Option(names = {"-D", "--netdev"}, paramLabel = "DEV", description = "Network device the address options apply to (default: eth0).")
  String netdev;

  @Option(names = {"-H", "--hwaddr"}, paramLabel = "MAC", description = "Hardware address of the device.")
  String hwaddr;

  @Option(names = {"-I", "--ipaddr"}, paramLabel = "IP", description = "IPv4 address of the device.")
  String ipaddr;

  @Option(names = {"-M", "--netmask"}, paramLabel = "MASK", description = "Netmask of the device.")
  String netmask;

  @Option(names = {"-N", "--network"}, paramLabel = "NET", description = "Network address of the device.")
  String network;

  @Option(names = {"-G", "--gateway"}, paramLabel = "IP", description = "Gateway of the device.")
  String gateway;

  @Option(names = {"-m", "--mtu"}, paramLabel = "MTU", description = "MTU of the device.")
  String mtu;

  @Option(names = {"-f", "--fqdn"}, paramLabel = "NAME", description = "Fully qualified name of the device.")
  String fqdn;

  @Option(names = {"-g", "--groups"}, split = ",", paramLabel = "GROUP", description = "Set the groups (comma-separated).")
  List<String> groups;

  @Option(names = "--groupadd", split = ",", paramLabel = "GROUP", description = "Add groups.")
  List<String> groupAdd;

  @Option(names = "--groupdel", split = ",", paramLabel = "GROUP", description = "Remove groups.")
  List<String> groupDel;

  @Option(names = {"-c", "--cluster"}, paramLabel = "NAME", description = "Cluster name.")
  String cluster;

  @Option(names = "--domain", paramLabel = "NAME", description = "Domain name.")
  String domain;

  @Option(names = {"-a", "--arch"}, paramLabel = "ARCH", description = "Architecture (x86_64, aarch64, ...).")
  String arch;

  @Option(names = {"-e", "--enabled"}, paramLabel = "BOOL", description = "Enable (1) or disable (0) the node.")
  String enabled;

  /** True when an option that addresses several nodes at once with one address was given. */
  boolean setsUniqueAddress() {
    return hwaddr != null || ipaddr != null || fqdn != null;
  }

  List<Modification> modifications() {
    List<Modification> out = new ArrayList<>();
    String device = netdev;
    boolean deviceField = hwaddr != null || ipaddr != null || netmask != null || network != null
        || gateway != null || mtu != null || fqdn != null;
    if (device == null && deviceField) {
      device = "eth0";
    }
    if (device != null) {
      field(out, device, "HWADDR", hwaddr);
      field(out, device, "IPADDR", ipaddr);
      field(out, device, "NETMASK", netmask);
      field(out, device, "NETWORK", network);
      field(out, device, "GATEWAY", gateway);
      field(out, device, "MTU", mtu);
      field(out, device, "FQDN", fqdn);
      if (!deviceField) {
        throw new UserException("--netdev " + device + " needs an address option (--hwaddr, --ipaddr, ...)");
      }
    }
    if (groups != null) {
      out.add(new Modification.Set(Node.GROUPS, groups));
    }
    if (groupAdd != null) {
      out.add(new Modification.Add(Node.GROUPS, groupAdd));
    }
    if (groupDel != null) {
      out.add(new Modification.Delete(Node.GROUPS, groupDel));
    }
    scalar(out, Node.CLUSTER, cluster);
    scalar(out, Node.DOMAIN, domain);
    scalar(out, Node.ARCH, arch);
    scalar(out, Node.ENABLED, enabled);
    return out;
  }

  private static void field(List<Modification> out, String device, String field, String value) {
    if (value != null) {
      out.add(new Modification.Set(NetDev.key(device, field), value.isEmpty() || value.equals("UNDEF") ? List.of() : List.of(value)));
    }
  }

  static void scalar(List<Modification> out, String key, String value) {
    if (value != null) {
      out.add(new Modification.Set(key, value.isEmpty() || value.equals("UNDEF") ? List.of() : List.of(value)));
    }
  }
}
