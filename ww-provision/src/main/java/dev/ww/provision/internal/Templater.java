package dev.ww.provision.internal;

import dev.ww.provision.HwAddr;
import dev.ww.provision.NetDev;
import dev.ww.provision.NodeAttribute;
import dev.ww.provision.ProvisionNode;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warewulf 3 file templating for one node: {@code %{KEY}} (an attribute or a built-in, any
 * case), {@code %{KEY}[n]} (element n of a list, 0 by default), {@code %{NETDEVS::ETH0::IPADDR}}
 * (a field of a network device). Unknown keys become empty, as in Warewulf 3.
 */
public final class Templater {

  private static final Pattern TOKEN =
      Pattern.compile("%\\{([A-Za-z0-9_]+(?:::[A-Za-z0-9_.-]+)*)\\}(?:\\[(\\d{1,4})\\])?");

  private final ProvisionNode node;
  private final HwAddr hwaddr;

  public Templater(ProvisionNode node, HwAddr hwaddr) {
    this.node = node;
    this.hwaddr = hwaddr;
  }

  public String apply(String text) {
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      int index = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      List<String> values = lookup(m.group(1));
      String v = index < values.size() ? values.get(index) : "";
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private List<String> lookup(String key) {
    String[] parts = key.split("::");
    String head = parts[0].toUpperCase(Locale.ROOT);
    if (parts.length == 3 && head.equals("NETDEVS")) {
      return node.netdevs().stream()
          .filter(d -> d.name().equalsIgnoreCase(parts[1]))
          .findFirst()
          .map(d -> netdevField(d, parts[2].toUpperCase(Locale.ROOT)))
          .orElse(List.of());
    }
    if (parts.length != 1) {
      return List.of();
    }
    switch (head) {
      case "NAME":
      case "NODENAME":
        return List.of(node.name());
      case "FQDN":
        return List.of(node.fqdn());
      case "DOMAIN":
        return node.domain().map(List::of).orElse(List.of());
      case "HWADDR":
        return List.of(hwaddr.value());
      case "NETDEVS":
        return node.netdevs().stream().map(NetDev::name).toList();
      default:
        return node.attribute(head).map(NodeAttribute::values).orElse(List.of());
    }
  }

  private static List<String> netdevField(NetDev d, String field) {
    Optional<String> v =
        switch (field) {
          case "NAME" -> Optional.of(d.name());
          case "HWADDR" -> d.hwaddr().map(HwAddr::value);
          case "IPADDR" -> d.ipaddr().map(InetAddress::getHostAddress);
          case "NETMASK" -> d.netmask().map(InetAddress::getHostAddress);
          case "GATEWAY" -> d.gateway().map(InetAddress::getHostAddress);
          case "MTU" -> d.mtu().map(String::valueOf);
          default -> Optional.empty();
        };
    return v.map(List::of).orElse(List.of());
  }
}
