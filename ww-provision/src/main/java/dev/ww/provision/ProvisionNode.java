package dev.ww.provision;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A node as the provisioning server sees it: identity, network devices, what is assigned to it
 * and its attributes (for the node config and for file templating). Attribute names are
 * case-insensitive, as in Warewulf 3.
 */
public record ProvisionNode(
    String name,
    Optional<String> domain,
    boolean enabled,
    List<NetDev> netdevs,
    Map<String, NodeAttribute> attributes,
    Optional<String> bootstrapId,
    Optional<String> capsuleId,
    List<String> fileIds,
    BootLocal bootLocal,
    Optional<String> console,
    Optional<String> kargs,
    PrivilegedPort privilegedPort,
    Optional<BootTransport> bootTransport,
    Instant modified) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

  public ProvisionNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(bootstrapId, "bootstrapId");
    Objects.requireNonNull(capsuleId, "capsuleId");
    Objects.requireNonNull(bootLocal, "bootLocal");
    Objects.requireNonNull(console, "console");
    Objects.requireNonNull(kargs, "kargs");
    Objects.requireNonNull(privilegedPort, "privilegedPort");
    Objects.requireNonNull(bootTransport, "bootTransport");
    Objects.requireNonNull(modified, "modified");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad node name: " + name);
    }
    netdevs = List.copyOf(netdevs);
    fileIds = List.copyOf(fileIds);
    Map<String, NodeAttribute> byKey = new LinkedHashMap<>();
    for (Map.Entry<String, NodeAttribute> e : attributes.entrySet()) {
      byKey.put(e.getKey().toUpperCase(Locale.ROOT), e.getValue());
    }
    attributes = Map.copyOf(byKey);
  }

  /** The attribute named {@code key} (any case). */
  public Optional<NodeAttribute> attribute(String key) {
    return Optional.ofNullable(attributes.get(key.toUpperCase(Locale.ROOT)));
  }

  /** Every configured static address of the node: requests must come from one of these. */
  public List<InetAddress> addresses() {
    List<InetAddress> out = new ArrayList<>();
    for (NetDev d : netdevs) {
      d.ipaddr().ifPresent(out::add);
    }
    return out;
  }

  /** The device that carries {@code hwaddr}. */
  public Optional<NetDev> netdevWith(HwAddr hwaddr) {
    return netdevs.stream().filter(d -> d.hwaddr().equals(Optional.of(hwaddr))).findFirst();
  }

  /** The fully qualified name when a domain is set, else the short name. */
  public String fqdn() {
    return domain.map(d -> name + "." + d).orElse(name);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Named defaults: enabled, no assignments, network boot, the server's source port rule. */
  public static final class Builder {
    private final String name;
    private Optional<String> domain = Optional.empty();
    private boolean enabled = true;
    private final List<NetDev> netdevs = new ArrayList<>();
    private final Map<String, NodeAttribute> attributes = new LinkedHashMap<>();
    private Optional<String> bootstrapId = Optional.empty();
    private Optional<String> capsuleId = Optional.empty();
    private final List<String> fileIds = new ArrayList<>();
    private BootLocal bootLocal = BootLocal.NO;
    private Optional<String> console = Optional.empty();
    private Optional<String> kargs = Optional.empty();
    private PrivilegedPort privilegedPort = PrivilegedPort.SERVER_DEFAULT;
    private Optional<BootTransport> bootTransport = Optional.empty();
    private Instant modified = Instant.EPOCH;

    private Builder(String name) {
      this.name = name;
    }

    public Builder domain(String d) {
      domain = Optional.of(d);
      return this;
    }

    public Builder enabled(boolean e) {
      enabled = e;
      return this;
    }

    public Builder netdev(NetDev d) {
      netdevs.add(d);
      return this;
    }

    public Builder attribute(NodeAttribute a) {
      attributes.put(a.name(), a);
      return this;
    }

    public Builder bootstrap(String id) {
      bootstrapId = Optional.of(id);
      return this;
    }

    public Builder capsule(String id) {
      capsuleId = Optional.of(id);
      return this;
    }

    public Builder files(Collection<String> ids) {
      fileIds.addAll(ids);
      return this;
    }

    public Builder file(String id) {
      fileIds.add(id);
      return this;
    }

    public Builder bootLocal(BootLocal b) {
      bootLocal = b;
      return this;
    }

    public Builder console(String c) {
      console = Optional.of(c);
      return this;
    }

    public Builder kargs(String k) {
      kargs = Optional.of(k);
      return this;
    }

    /** Whether this node must use a privileged source port (default: as the server says). */
    public Builder privilegedPort(PrivilegedPort p) {
      privilegedPort = p;
      return this;
    }

    /** How this node's boot stage is delivered (default: as the site says). */
    public Builder bootTransport(BootTransport t) {
      bootTransport = Optional.of(t);
      return this;
    }

    public Builder modified(Instant m) {
      modified = m;
      return this;
    }

    public ProvisionNode build() {
      return new ProvisionNode(
          name, domain, enabled, netdevs, attributes, bootstrapId, capsuleId, fileIds, bootLocal,
          console, kargs, privilegedPort, bootTransport, modified);
    }
  }
}
