package dev.ww.capsule.internal;

import dev.ww.capsule.CapsuleFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The extended attributes of a capsule's entries, kept in one entry named {@value #NAME} at the
 * top of the archive because newc has no room for them. The text is the dump format of {@code
 * getfattr --dump} that {@code setfattr --restore} applies:
 *
 * <pre>
 * # file: usr/bin/ping
 * security.capability=0sAQAAAgAgAAAAAAAAAAAAAAAAAAA=
 *
 * </pre>
 *
 * Names are the archive's names; bytes outside {@code !..~}, and {@code \} and {@code =}, are
 * written as three octal digits after a backslash. Values are base64 ({@code 0s}); when reading,
 * hexadecimal ({@code 0x}) and quoted text values are accepted too.
 */
public final class XattrManifest {

  /** The entry's name in the archive. */
  public static final String NAME = ".ww-xattrs";

  private XattrManifest() {}

  /** The manifest text for entries in archive order; attributes sorted by name. */
  public static byte[] write(Map<byte[], List<Xattr>> byEntry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<byte[], List<Xattr>> entry : byEntry.entrySet()) {
      out.writeBytes("# file: ".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(quote(entry.getKey()));
      out.write('\n');
      List<Xattr> sorted = new ArrayList<>(entry.getValue());
      sorted.sort((a, b) -> a.name().compareTo(b.name()));
      for (Xattr xattr : sorted) {
        out.writeBytes(quote(xattr.name().getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(
            ("=0s" + Base64.getEncoder().encodeToString(xattr.value()) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
      }
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** Parses a manifest: archive name (exact bytes, as a key string in ISO-8859-1) to attributes. */
  public static Map<String, List<Xattr>> read(byte[] text) {
    Map<String, List<Xattr>> result = new LinkedHashMap<>();
    String current = null;
    int lineNumber = 0;
    for (String line : new String(text, StandardCharsets.ISO_8859_1).split("\n")) {
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# file: ")) {
        current = unquoteToLatin1(line.substring(8), lineNumber);
        result.computeIfAbsent(current, k -> new ArrayList<>());
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (current == null || equals <= 0) {
        throw new CapsuleFormatException(
            "the attribute manifest " + NAME + " is corrupt at line " + lineNumber);
      }
      String name =
          new String(
              unquoteToLatin1(line.substring(0, equals), lineNumber)
                  .getBytes(StandardCharsets.ISO_8859_1),
              StandardCharsets.UTF_8);
      result.get(current).add(new Xattr(name, value(line.substring(equals + 1), lineNumber)));
    }
    return result;
  }

  private static byte[] value(String encoded, int lineNumber) {
    try {
      if (encoded.startsWith("0s")) {
        return Base64.getDecoder().decode(encoded.substring(2));
      }
      if (encoded.startsWith("0x")) {
        return HexFormat.of().parseHex(encoded.substring(2));
      }
      if (encoded.length() >= 2 && encoded.startsWith("\"") && encoded.endsWith("\"")) {
        return unquoteToLatin1(encoded.substring(1, encoded.length() - 1), lineNumber)
            .getBytes(StandardCharsets.ISO_8859_1);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new CapsuleFormatException(
        "the attribute manifest " + NAME + " has an unreadable value at line " + lineNumber);
  }

  static byte[] quote(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 8);
    for (byte b : raw) {
      int c = b & 0xff;
      if (c <= ' ' || c >= 0x7f || c == '\\' || c == '=') {
        out.write('\\');
        out.write('0' + ((c >> 6) & 7));
        out.write('0' + ((c >> 3) & 7));
        out.write('0' + (c & 7));
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  private static String unquoteToLatin1(String quoted, int lineNumber) {
    StringBuilder out = new StringBuilder(quoted.length());
    for (int i = 0; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      if (c == '\\' && isOctal(quoted, i + 1)) {
        out.append((char) Integer.parseInt(quoted.substring(i + 1, i + 4), 8));
        i += 3;
      } else if (c == '\\' && i + 1 < quoted.length() && quoted.charAt(i + 1) == '\\') {
        out.append('\\');
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String text, int from) {
    if (from + 3 > text.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
