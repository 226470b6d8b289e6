package dev.ww.datastore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A typed view of a {@code node} object: its network devices, groups, cluster and provisioning
 * settings, read from (and written to) its attributes. Keys follow Warewulf 3's names, except
 * that the VNFS, bootstrap and files are referred to by name ({@code VNFS}, {@code BOOTSTRAP},
 * {@code FILES}) rather than by database id, so exports stay readable.
 */
public record Node(StoredObject object) {

  public static final String GROUPS = "GROUPS";
  public static final String CLUSTER = "CLUSTER";
  public static final String DOMAIN = "DOMAIN";
  public static final String ENABLED = "ENABLED";
  public static final String ARCH = "ARCH";
  public static final String VNFS = "VNFS";
  public static final String BOOTSTRAP = "BOOTSTRAP";
  public static final String FILES = "FILES";
  public static final String KARGS = "KARGS";
  public static final String CONSOLE = "CONSOLE";
  public static final String BOOTLOCAL = "BOOTLOCAL";
  public static final String PRESHELL = "PRESHELL";
  public static final String POSTSHELL = "POSTSHELL";
  public static final String POSTREBOOT = "POSTREBOOT";
  public static final String POSTNETDOWN = "POSTNETDOWN";
  public static final String PRESCRIPT = "PRESCRIPT";
  public static final String POSTSCRIPT = "POSTSCRIPT";
  public static final String RUNTIMESCRIPT = "RUNTIMESCRIPT";
  public static final String NORUNTIMESERVICES = "NORUNTIMESERVICES";

  public Node {
    if (!ObjectTypes.NODE.equals(object.type())) {
      throw new IllegalArgumentException(object.label() + " is not a node");
    }
  }

  public String name() {
    return object.name();
  }

  private Attributes attributes() {
    return object.attributes();
  }

  /** The names of the node's network devices, sorted. */
  public static List<String> netDevNames(Attributes attributes) {
    TreeSet<String> names = new TreeSet<>();
    for (String key : attributes.asMap().keySet()) {
      if (key.startsWith("NETDEV.")) {
        int dot = key.indexOf('.', 7);
        if (dot > 7) {
          names.add(key.substring(7, dot).toLowerCase(Locale.ROOT));
        }
      }
    }
    return List.copyOf(names);
  }

  /** The node's network devices, validated. */
  public List<NetDev> netDevs() {
    List<NetDev> devices = new ArrayList<>();
    for (String device : netDevNames(attributes())) {
      devices.add(netDev(attributes(), device));
    }
    return devices;
  }

  /**
   * The values of one field (such as {@code HWADDR}) over all network devices, in device order,
   * as stored (already validated when written); cheaper than {@link #netDevs()} for listings.
   */
  public List<String> netDevValues(String field) {
    String suffix = "." + field.toUpperCase(Locale.ROOT);
    List<String> values = new ArrayList<>();
    for (var entry : attributes().asMap().entrySet()) {
      if (entry.getKey().startsWith("NETDEV.") && entry.getKey().endsWith(suffix)) {
        values.addAll(entry.getValue());
      }
    }
    return values;
  }

  static NetDev netDev(Attributes attributes, String device) {
    return new NetDev(
        device,
        attributes.get(NetDev.key(device, "HWADDR")),
        attributes.get(NetDev.key(device, "IPADDR")),
        attributes.get(NetDev.key(device, "NETMASK")),
        attributes.get(NetDev.key(device, "GATEWAY")),
        attributes.get(NetDev.key(device, "MTU")).map(Node::parseMtu),
        attributes.get(NetDev.key(device, "FQDN")));
  }

  static int parseMtu(String text) {
    try {
      return NetDev.checkMtu(Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      throw new dev.ww.core.UserException("MTU '" + text + "' is not a number");
    }
  }

  public List<String> groups() {
    return attributes().list(GROUPS);
  }

  public Optional<String> cluster() {
    return attributes().get(CLUSTER);
  }

  public Optional<String> domain() {
    return attributes().get(DOMAIN);
  }

  public Optional<String> arch() {
    return attributes().get(ARCH);
  }

  /** Nodes are enabled unless {@code ENABLED} says otherwise. */
  public boolean enabled() {
    return attributes().get(ENABLED).map(Node::truthy).orElse(true);
  }

  public Optional<String> vnfs() {
    return attributes().get(VNFS);
  }

  public Optional<String> bootstrap() {
    return attributes().get(BOOTSTRAP);
  }

  public List<String> files() {
    return attributes().list(FILES);
  }

  public Optional<String> kargs() {
    List<String> list = attributes().list(KARGS);
    return list.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", list));
  }

  public Optional<String> console() {
    return attributes().get(CONSOLE);
  }

  public boolean bootLocal() {
    return attributes().get(BOOTLOCAL).map(Node::truthy).orElse(false);
  }

  /** True when a flag such as {@code NORUNTIMESERVICES} is set to a true value. */
  public boolean flag(String key) {
    return attributes().get(key).map(Node::truthy).orElse(false);
  }

  /** The value of any member by key, for settings without a typed accessor. */
  public Optional<String> get(String key) {
    return attributes().get(key);
  }

  static boolean truthy(String value) {
    String lower = value.trim().toLowerCase(Locale.ROOT);
    return !(lower.isEmpty() || lower.equals("0") || lower.equals("no") || lower.equals("false") || lower.equals("off"));
  }
}
