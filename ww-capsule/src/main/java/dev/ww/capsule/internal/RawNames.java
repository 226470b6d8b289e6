package dev.ww.capsule.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names are bytes on Linux, but {@link Path#toString()} decodes them with the JVM's file
 * name charset and replaces what it cannot decode. The JDK keeps the original bytes inside the
 * path, though, and its {@code file:} URIs percent-encode them exactly; this class goes through
 * those URIs whenever a name is not plain ASCII, so no name is ever altered.
 */
public final class RawNames {

  private final Charset fileNameCharset;

  public RawNames(Charset fileNameCharset) {
    this.fileNameCharset = fileNameCharset;
  }

  /** The charset the running JVM uses for file names. */
  public static RawNames forThisJvm() {
    String name = System.getProperty("sun.jnu.encoding");
    Charset charset;
    try {
      charset = name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (RuntimeException e) {
      charset = Charset.defaultCharset();
    }
    return new RawNames(charset);
  }

  /** The exact bytes of an absolute path. */
  public byte[] bytes(Path absolute) {
    String text = absolute.toString();
    if (isAscii(text)) {
      return text.getBytes(StandardCharsets.US_ASCII);
    }
    byte[] decoded = percentDecode(absolute.toUri().getRawPath());
    int length = decoded.length;
    if (length > 1 && decoded[length - 1] == '/') {
      length--; // the JDK marks directories with a trailing slash in URIs
    }
    return java.util.Arrays.copyOf(decoded, length);
  }

  /** The exact bytes of the last component of a path. */
  public byte[] fileNameBytes(Path path) {
    Path name = path.getFileName();
    String text = name == null ? "" : name.toString();
    if (isAscii(text)) {
      return text.getBytes(StandardCharsets.US_ASCII);
    }
    byte[] all = bytes(path.toAbsolutePath());
    int slash = lastIndexOf(all, (byte) '/');
    return java.util.Arrays.copyOfRange(all, slash + 1, all.length);
  }

  /** Whether the JVM can name this file through an ordinary string without changing it. */
  public boolean representable(byte[] name) {
    if (isAscii(name)) {
      return true;
    }
    return decodeStrictly(name) != null;
  }

  /** A path for exact absolute bytes. */
  public Path path(byte[] absolute) {
    if (absolute.length == 0 || absolute[0] != '/') {
      throw new IllegalArgumentException("not an absolute path");
    }
    String decoded = isAscii(absolute) ? new String(absolute, StandardCharsets.US_ASCII) : decodeStrictly(absolute);
    if (decoded != null) {
      return Path.of(decoded);
    }
    return Path.of(URI.create("file://" + percentEncode(absolute)));
  }

  /** {@code parent} with one more component given as bytes. */
  public Path child(Path parent, byte[] name) {
    byte[] base = bytes(parent.toAbsolutePath());
    byte[] joined;
    if (base.length == 1) {
      joined = new byte[1 + name.length];
      joined[0] = '/';
      System.arraycopy(name, 0, joined, 1, name.length);
    } else {
      joined = new byte[base.length + 1 + name.length];
      System.arraycopy(base, 0, joined, 0, base.length);
      joined[base.length] = '/';
      System.arraycopy(name, 0, joined, base.length + 1, name.length);
    }
    return path(joined);
  }

  private String decodeStrictly(byte[] bytes) {
    try {
      CharBuffer chars =
          fileNameCharset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      String text = chars.toString();
      return java.util.Arrays.equals(text.getBytes(fileNameCharset), bytes) ? text : null;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Shows a name for people: valid UTF-8 as is, other bytes as {@code \xNN}. */
  public static String display(byte[] name) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(name))
          .toString();
    } catch (CharacterCodingException e) {
      StringBuilder text = new StringBuilder();
      for (byte b : name) {
        if (b >= 0x20 && b < 0x7f) {
          text.append((char) b);
        } else {
          text.append(String.format("\\x%02X", b & 0xff));
        }
      }
      return text.toString();
    }
  }

  static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static int lastIndexOf(byte[] bytes, byte value) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] percentDecode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  private static String percentEncode(byte[] bytes) {
    StringBuilder text = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
        text.append((char) c);
      } else {
        text.append('%').append(String.format("%02X", c));
      }
    }
    return text.toString();
  }
}
