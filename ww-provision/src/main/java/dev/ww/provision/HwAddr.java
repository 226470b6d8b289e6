package dev.ww.provision;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A network hardware address: 6 bytes (Ethernet) up to 20 bytes (InfiniBand), kept in the
 * canonical lower-case colon form {@code aa:bb:cc:dd:ee:ff}. Parses the colon form and the
 * hyphen form iPXE produces with {@code ${net0/mac:hexhyp}}; nothing else.
 */
public record HwAddr(String value) {

  private static final Pattern CANONICAL = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5,19}");

  public HwAddr {
    Objects.requireNonNull(value, "value");
    if (!CANONICAL.matcher(value).matches()) {
      throw new IllegalArgumentException("not a canonical hardware address: " + value);
    }
  }

  /** Parses {@code aa:bb:..} or {@code aa-bb-..} (any case). Throws IllegalArgumentException. */
  public static HwAddr parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > 59) {
      throw new IllegalArgumentException("hardware address too long");
    }
    String lower = text.toLowerCase(Locale.ROOT).replace('-', ':');
    return new HwAddr(lower);
  }

  /** True when {@code text} parses as a hardware address. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The hyphen form iPXE's {@code ${net0/mac:hexhyp}} produces. */
  public String hyphenated() {
    return value.replace(':', '-');
  }

  public byte[] bytes() {
    return HexFormat.ofDelimiter(":").parseHex(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
