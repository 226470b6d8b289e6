package dev.ww.datastore;

import dev.ww.core.UserException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation and canonical forms of hardware and IPv4 addresses. */
public final class NetworkAddresses {

  // Ethernet (6 octets) or InfiniBand (20 octets), colon- or hyphen-separated hex pairs.
  private static final Pattern HWADDR =
      Pattern.compile("([0-9a-f]{2}[:-]){5}[0-9a-f]{2}|([0-9a-f]{2}[:-]){19}[0-9a-f]{2}");

  private NetworkAddresses() {}

  /** A hardware address in canonical form: lower case, colon-separated. */
  public static String hwaddr(String text) {
    String lower = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (!HWADDR.matcher(lower).matches()) {
      throw new UserException(
          "'" + text + "' is not a hardware address; expected six (or twenty) hex pairs such as 52:54:00:12:34:56");
    }
    return lower.replace('-', ':');
  }

  /** An IPv4 address in canonical dotted-quad form (no leading zeros). */
  public static String ipv4(String text, String what) {
    String trimmed = text == null ? "" : text.trim();
    String[] parts = trimmed.split("\\.", -1);
    if (parts.length != 4) {
      throw badIp(text, what);
    }
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        throw badIp(text, what);
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw badIp(text, what);
      }
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(octet);
    }
    return out.toString();
  }

  /** A netmask: a valid IPv4 address whose bits are contiguous ones then zeros. */
  public static String netmask(String text) {
    String canonical = ipv4(text, "netmask");
    long bits = 0;
    for (String part : canonical.split("\\.")) {
      bits = (bits << 8) | Integer.parseInt(part);
    }
    long inverted = ~bits & 0xffffffffL;
    if ((inverted & (inverted + 1)) != 0) {
      throw new UserException("'" + text + "' is not a netmask (its one bits must be contiguous, e.g. 255.255.255.0)");
    }
    return canonical;
  }

  private static UserException badIp(String text, String what) {
    return new UserException("'" + text + "' is not a valid " + what + "; expected an IPv4 address such as 10.0.0.1");
  }
}
