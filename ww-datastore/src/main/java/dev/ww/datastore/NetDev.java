package dev.ww.datastore;

import dev.ww.core.UserException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A node's network device. Stored in the node's attributes as {@code NETDEV.<NAME>.<FIELD>}
 * (for example {@code NETDEV.ETH0.HWADDR}), so the generic object path reaches every field
 * and the same validation applies to both paths.
 */
public record NetDev(
    String name,
    Optional<String> hwaddr,
    Optional<String> ipaddr,
    Optional<String> netmask,
    Optional<String> gateway,
    Optional<Integer> mtu,
    Optional<String> fqdn) {

  /** The fields a network device has, as stored. */
  public static final java.util.List<String> FIELDS =
      java.util.List.of("HWADDR", "IPADDR", "NETMASK", "NETWORK", "GATEWAY", "MTU", "FQDN");

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_:-]{0,31}");

  public NetDev {
    name = checkName(name);
    hwaddr = hwaddr.map(NetworkAddresses::hwaddr);
    ipaddr = ipaddr.map(ip -> NetworkAddresses.ipv4(ip, "IP address"));
    netmask = netmask.map(NetworkAddresses::netmask);
    gateway = gateway.map(ip -> NetworkAddresses.ipv4(ip, "gateway"));
    mtu.ifPresent(NetDev::checkMtu);
  }

  public static String checkName(String name) {
    String lower = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (!isSimpleName(lower) && !NAME.matcher(lower).matches()) {
      throw new UserException("'" + name + "' is not a network device name (such as eth0)");
    }
    return lower;
  }

  /** The common case (eth0, ib0, enp1s0) without a regular expression: it is on hot paths. */
  private static boolean isSimpleName(String name) {
    if (name.isEmpty() || name.length() > 32) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  /** The attribute key of one of this device's fields. */
  public static String key(String device, String field) {
    return "NETDEV." + checkName(device).toUpperCase(Locale.ROOT) + "." + field.toUpperCase(Locale.ROOT);
  }

  static int checkMtu(int mtu) {
    if (mtu < 68 || mtu > 65535) {
      throw new UserException("MTU " + mtu + " is out of range (68-65535)");
    }
    return mtu;
  }
}
