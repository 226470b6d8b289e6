package dev.ww.datastore.internal;

import dev.ww.core.UserException;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.BlobRef;
import dev.ww.datastore.NetDev;
import dev.ww.datastore.Node;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.StoredFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every stored object must satisfy, by type, and which of its members are indexed for
 * lookups. Applied on every write, whichever path (typed helper or generic modify) made it, so
 * a malformed hardware address cannot enter the store by any route.
 */
public final class ObjectRules {

  private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

  /** One row of the lookup index. */
  public record LookupEntry(String field, String value) {}

  private ObjectRules() {}

  /** Checks an object and returns it in canonical form (normalised addresses and so on). */
  public static Attributes validate(String type, Attributes attributes) {
    List<String> names = attributes.list("NAME");
    if (names.size() != 1) {
      throw new UserException(type + " objects need exactly one NAME" + (names.isEmpty() ? "" : "; got " + names));
    }
    String name = names.get(0);
    if (name.isBlank() || name.length() > 255 || name.chars().anyMatch(c -> Character.isISOControl(c))) {
      throw new UserException("'" + name + "' is not a valid name");
    }
    if (Query0.isWildcardOrRange(name)) {
      throw new UserException("'" + name + "' is not a valid name: it contains *, ?, [ or ]");
    }
    blobReferences(attributes).forEach(BlobRef::checkDigest);
    return switch (type) {
      case ObjectTypes.NODE -> validateNode(name, attributes);
      case ObjectTypes.FILE -> validateFile(attributes);
      default -> attributes;
    };
  }

  private static Attributes validateNode(String name, Attributes attributes) {
    if (!NODE_NAME.matcher(name).matches()) {
      throw new UserException(
          "'" + name + "' is not a valid node name (letters, digits, '.', '-' and '_', starting with a letter or digit)");
    }
    Attributes result = attributes;
    Set<String> hwaddrs = new HashSet<>();
    for (String key : attributes.asMap().keySet()) {
      if (key.startsWith("NETDEV.")) {
        String[] parts = key.split("\\.", -1);
        if (parts.length != 3 || !NetDev.FIELDS.contains(parts[2])) {
          throw new UserException(
              "'" + key + "' is not a network device member; use NETDEV.<device>.<field> with field one of " + NetDev.FIELDS);
        }
        if (attributes.list(key).size() > 1 && !parts[2].equals("HWADDR")) {
          throw new UserException(key + " takes one value; got " + attributes.list(key));
        }
      }
    }
    for (String device : Node.netDevNames(attributes)) {
      NetDev netDev = netDev(attributes, device);
      String hwKey = NetDev.key(device, "HWADDR");
      List<String> canonical = new ArrayList<>();
      for (String hw : attributes.list(hwKey)) {
        String normal = dev.ww.datastore.NetworkAddresses.hwaddr(hw);
        if (!hwaddrs.add(normal)) {
          throw new UserException("hardware address " + normal + " appears twice in node " + name);
        }
        canonical.add(normal);
      }
      result = result.set(hwKey, canonical);
      result = result.set(NetDev.key(device, "IPADDR"), netDev.ipaddr().orElse(null));
      result = result.set(NetDev.key(device, "NETMASK"), netDev.netmask().orElse(null));
      result = result.set(NetDev.key(device, "GATEWAY"), netDev.gateway().orElse(null));
      result = result.set(NetDev.key(device, "MTU"), netDev.mtu().map(String::valueOf).orElse(null));
    }
    for (String group : attributes.list(Node.GROUPS)) {
      if (group.chars().anyMatch(Character::isWhitespace)) {
        throw new UserException("group '" + group + "' contains whitespace");
      }
    }
    return result;
  }

  private static NetDev netDev(Attributes attributes, String device) {
    return new NetDev(
        device,
        attributes.list(NetDev.key(device, "HWADDR")).stream().findFirst(),
        attributes.get(NetDev.key(device, "IPADDR")),
        attributes.get(NetDev.key(device, "NETMASK")),
        attributes.get(NetDev.key(device, "GATEWAY")),
        attributes.get(NetDev.key(device, "MTU")).map(ObjectRules::mtu),
        attributes.get(NetDev.key(device, "FQDN")));
  }

  private static int mtu(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new UserException("MTU '" + text + "' is not a number");
    }
  }

  private static Attributes validateFile(Attributes attributes) {
    attributes.get(StoredFile.PATH).ifPresent(path -> {
      if (!path.startsWith("/")) {
        throw new UserException("file PATH '" + path + "' must be absolute");
      }
    });
    Attributes result = attributes;
    if (attributes.has(StoredFile.MODE)) {
      result = result.set(StoredFile.MODE, StoredFile.formatMode(StoredFile.parseMode(attributes.get(StoredFile.MODE).get())));
    }
    for (String key : List.of(StoredFile.UID, StoredFile.GID)) {
      if (attributes.has(key)) {
        String value = attributes.get(key).get();
        try {
          if (Long.parseLong(value) < 0) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          throw new UserException("file " + key + " '" + value + "' is not a non-negative number");
        }
      }
    }
    return result;
  }

  /**
   * The blobs an object refers to: its content ({@code _BLOB}) and further parts ({@code
   * _BLOB.<PART>}, such as a bootstrap's kernel). All of them are indexed, checked to exist and
   * kept by garbage collection.
   */
  public static List<String> blobReferences(Attributes attributes) {
    List<String> digests = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : attributes.asMap().entrySet()) {
      if (entry.getKey().equals("_BLOB") || entry.getKey().startsWith("_BLOB.")) {
        digests.addAll(entry.getValue());
      }
    }
    return digests;
  }

  /** The lookup index rows of an object (its NAME is indexed on the object row itself). */
  public static List<LookupEntry> lookups(String type, Attributes attributes) {
    List<LookupEntry> entries = new ArrayList<>();
    blobReferences(attributes).forEach(sha -> entries.add(new LookupEntry("_BLOB", sha)));
    if (type.equals(ObjectTypes.NODE)) {
      for (Map.Entry<String, List<String>> entry : attributes.asMap().entrySet()) {
        String key = entry.getKey();
        if (key.startsWith("NETDEV.") && key.endsWith(".HWADDR")) {
          entry.getValue().forEach(v -> entries.add(new LookupEntry("HWADDR", v)));
        } else if (key.startsWith("NETDEV.") && key.endsWith(".IPADDR")) {
          entry.getValue().forEach(v -> entries.add(new LookupEntry("IPADDR", v)));
        }
      }
      for (String field : INDEXED_NODE_FIELDS) {
        attributes.list(field).forEach(v -> entries.add(new LookupEntry(field, v)));
      }
    } else if (type.equals(ObjectTypes.FILE)) {
      attributes.list(StoredFile.PATH).forEach(v -> entries.add(new LookupEntry(StoredFile.PATH, v)));
    }
    return entries;
  }

  private static final List<String> INDEXED_NODE_FIELDS =
      List.of(Node.GROUPS, Node.CLUSTER, Node.DOMAIN, Node.VNFS, Node.BOOTSTRAP, Node.FILES);

  /** True when a query on this field of this type can use the lookup index. */
  public static boolean isIndexed(String type, String field) {
    return field.equals("_BLOB")
        || (type.equals(ObjectTypes.NODE)
            && (field.equals("HWADDR") || field.equals("IPADDR") || INDEXED_NODE_FIELDS.contains(field)))
        || (type.equals(ObjectTypes.FILE) && field.equals(StoredFile.PATH));
  }

  /** Values of a field that a query compares against, for unindexed fields. */
  public static List<String> valuesOf(Attributes attributes, String field) {
    if (field.equals("HWADDR") || field.equals("IPADDR")) {
      List<String> values = new ArrayList<>();
      for (Map.Entry<String, List<String>> entry : attributes.asMap().entrySet()) {
        if (entry.getKey().startsWith("NETDEV.") && entry.getKey().endsWith("." + field)) {
          values.addAll(entry.getValue());
        }
      }
      return values;
    }
    return attributes.list(field);
  }

  /** Small helper so names cannot collide with query syntax. */
  static final class Query0 {
    static boolean isWildcardOrRange(String name) {
      return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0 || name.indexOf(']') >= 0;
    }
  }
}
