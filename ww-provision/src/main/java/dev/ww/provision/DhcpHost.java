package dev.ww.provision;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One fixed lease: a node's network device with a hardware and an IPv4 address in the served
 * subnet, and how its boot stage is delivered. {@link #of} picks them from the nodes and says
 * why others were left out.
 */
public record DhcpHost(
    String node, String netdev, HwAddr hwaddr, Inet4Address ipaddr, BootTransport bootTransport) {

  public DhcpHost {
    Objects.requireNonNull(bootTransport, "bootTransport");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(netdev, "netdev");
    Objects.requireNonNull(hwaddr, "hwaddr");
    Objects.requireNonNull(ipaddr, "ipaddr");
  }

  /** What to write, and what was left out (with the reason). */
  public record Selection(List<DhcpHost> hosts, List<String> skipped) {}

  /** Enabled nodes' devices with an Ethernet hardware address and an address in the subnet. */
  public static Selection of(List<ProvisionNode> nodes, DhcpSettings settings) {
    List<DhcpHost> hosts = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    java.util.Set<HwAddr> seenHw = new java.util.HashSet<>();
    java.util.Set<Inet4Address> seenIp = new java.util.HashSet<>();
    for (ProvisionNode n : nodes) {
      if (!n.enabled()) {
        skipped.add(n.name() + ": disabled");
        continue;
      }
      for (NetDev d : n.netdevs()) {
        String id = n.name() + "/" + d.name();
        if (d.hwaddr().isEmpty() || d.ipaddr().isEmpty()) {
          skipped.add(id + ": no hardware address or no address");
        } else if (d.hwaddr().get().bytes().length != 6) {
          skipped.add(id + ": not an Ethernet hardware address");
        } else if (!settings.contains(d.ipaddr().get())) {
          skipped.add(id + ": address outside the served subnet");
        } else if (!seenHw.add(d.hwaddr().get())) {
          skipped.add(id + ": hardware address used twice");
        } else if (!seenIp.add((Inet4Address) d.ipaddr().get())) {
          skipped.add(id + ": address used twice");
        } else {
          hosts.add(new DhcpHost(n.name(), d.name(), d.hwaddr().get(), (Inet4Address) d.ipaddr().get(),
              settings.bootTransportOf(n)));
        }
      }
    }
    return new Selection(hosts, skipped);
  }

  /** A name unique per device: the node name for its first device, else node-dev. */
  public String hostName(boolean primary) {
    return primary ? node : node + "-" + netdev.replaceAll("[^A-Za-z0-9-]", "-");
  }
}
