package dev.ww.provision.internal;

import dev.ww.provision.NetDev;
import dev.ww.provision.ProvisionNode;
import java.time.Instant;
import java.util.List;

/**
 * The generated {@code dynamic_hosts} file object: the cluster's {@code /etc/hosts}. The first
 * addressed device of a node gets the node's names; others get {@code name-dev}.
 */
public final class HostsFile {

  public static final String ID = "dynamic_hosts";

  private HostsFile() {}

  public static String render(List<ProvisionNode> nodes) {
    StringBuilder out = new StringBuilder();
    out.append("# generated from the ww store: do not edit on the node\n");
    out.append("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    for (ProvisionNode n : nodes) {
      boolean first = true;
      for (NetDev d : n.netdevs()) {
        if (d.ipaddr().isEmpty()) {
          continue;
        }
        String ip = d.ipaddr().get().getHostAddress();
        if (first) {
          out.append(ip).append('\t').append(n.fqdn());
          if (!n.fqdn().equals(n.name())) {
            out.append(' ').append(n.name());
          }
          out.append('\n');
          first = false;
        } else {
          out.append(ip).append('\t').append(n.name()).append('-').append(d.name()).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** Changes whenever any node changes (the content hash catches removals too). */
  public static Instant modified(List<ProvisionNode> nodes) {
    Instant latest = Instant.EPOCH;
    for (ProvisionNode n : nodes) {
      if (n.modified().isAfter(latest)) {
        latest = n.modified();
      }
    }
    return latest;
  }
}
