package dev.ww.provision.internal;

import dev.ww.provision.CapsuleImage;
import dev.ww.provision.HwAddr;
import dev.ww.provision.NetDev;
import dev.ww.provision.NodeAttribute;
import dev.ww.provision.ProvisionNode;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The node config: a shell file of {@code WWKEY='value'} / {@code export WWKEY} pairs that the
 * node sources. Every value is single-quoted, every name checked as a shell identifier, secrets
 * left out unless marked for the node. Built-in keys win over attributes of the same name.
 */
public final class NodeConfigRenderer {

  /** What was rendered, and the attribute names left out (for the log). */
  public record Rendered(String text, List<String> skipped) {}

  public Rendered render(ProvisionNode node, HwAddr hwaddr, Optional<CapsuleImage> capsule) {
    Map<String, String> vars = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    vars.put("WWNAME", node.name());
    vars.put("WWHOSTNAME", node.fqdn());
    node.domain().ifPresent(d -> vars.put("WWDOMAIN", d));
    vars.put("WWHWADDR", hwaddr.value());
    node.netdevWith(hwaddr)
        .ifPresent(
            d -> {
              vars.put("WWNETDEV", d.name());
              d.ipaddr().ifPresent(a -> vars.put("WWIPADDR", a.getHostAddress()));
              d.netmask().ifPresent(a -> vars.put("WWNETMASK", a.getHostAddress()));
              d.gateway().ifPresent(a -> vars.put("WWGATEWAY", a.getHostAddress()));
              d.mtu().ifPresent(m -> vars.put("WWMTU", Integer.toString(m)));
            });
    List<String> names = new ArrayList<>();
    List<String> pairs = new ArrayList<>();
    for (NetDev d : node.netdevs()) {
      names.add(d.name());
      pairs.add(d.name() + "=" + d.ipaddr().map(InetAddress::getHostAddress).orElse(""));
    }
    vars.put("WWNETDEVS", String.join(",", names));
    vars.put("WW__NETDEVLIST", String.join(",", pairs));
    node.bootstrapId().ifPresent(b -> vars.put("WWBOOTSTRAP_ID", b));
    capsule.ifPresent(
        c -> {
          vars.put("WWVNFS_ID", c.id());
          vars.put("WWVNFS_NAME", c.name());
          vars.put("WWVNFS_SHA256", c.blob().sha256());
          vars.put("WWVNFS_CHECKSUM", c.blob().sha256());
          vars.put("WWVNFS_SIZE", Long.toString(c.blob().size()));
        });
    Map<String, NodeAttribute> sorted = new TreeMap<>(node.attributes());
    for (Map.Entry<String, NodeAttribute> e : sorted.entrySet()) {
      NodeAttribute a = e.getValue();
      String key = variableName(e.getKey());
      if (!a.servedToNode()) {
        skipped.add(a.name() + " (secret)");
        continue;
      }
      if (!ShellQuote.isIdentifier(key) || vars.containsKey(key)) {
        skipped.add(a.name() + " (name clashes or is not a shell identifier)");
        continue;
      }
      String value = String.join(",", a.values());
      if (value.indexOf('\0') >= 0) {
        skipped.add(a.name() + " (value contains NUL)");
        continue;
      }
      vars.put(key, value);
    }
    StringBuilder out = new StringBuilder("# node configuration for ").append(node.name());
    out.append(" (generated; every value is quoted)\n");
    for (Map.Entry<String, String> v : vars.entrySet()) {
      out.append(v.getKey()).append('=').append(ShellQuote.quote(v.getValue())).append('\n');
      out.append("export ").append(v.getKey()).append('\n');
    }
    return new Rendered(out.toString(), List.copyOf(skipped));
  }

  /** {@code WW} and the attribute name upper-cased, everything but A-Z 0-9 _ left out. */
  static String variableName(String attribute) {
    StringBuilder out = new StringBuilder(attribute.length() + 2).append("WW");
    String upper = attribute.toUpperCase(Locale.ROOT);
    for (int i = 0; i < upper.length(); i++) {
      char c = upper.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
        out.append(c);
      }
    }
    return out.toString();
  }
}
