package dev.ww.node.internal;

/**
 * Character-class checks without {@code java.util.regex}: compiling a pattern bootstraps
 * lambdas inside the JDK, a measurable part of the tools' cold start on every cron run.
 */
public final class Chars {

  private Chars() {}

  /** 1 to {@code max} ASCII digits. */
  public static boolean digits(String s, int max) {
    if (s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** A shell variable name. */
  public static boolean shellName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** 6 to 20 hexadecimal byte pairs separated by {@code :} or {@code -}. */
  public static boolean hardwareAddress(String s) {
    int n = s.length();
    if ((n + 1) % 3 != 0) {
      return false;
    }
    int bytes = (n + 1) / 3;
    if (bytes < 6 || bytes > 20) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (i % 3 == 2) {
        if (c != ':' && c != '-') {
          return false;
        }
      } else if (Character.digit(c, 16) < 0 || c > 'f') {
        return false;
      }
    }
    return true;
  }

  /** A host name or IPv4 address ({@code [A-Za-z0-9._-]}), or a bracketed IPv6 address. */
  public static boolean host(String s) {
    if (s.isEmpty() || s.length() > 253) {
      return false;
    }
    if (s.startsWith("[")) {
      if (!s.endsWith("]") || s.length() < 3) {
        return false;
      }
      for (int i = 1; i < s.length() - 1; i++) {
        char c = s.charAt(i);
        if (c != ':' && c != '.' && (Character.digit(c, 16) < 0 || c > 'f')) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A file id: 1 to 128 of {@code A-Z a-z 0-9 _ . -}. */
  public static boolean fileId(String s) {
    if (s.isEmpty() || s.length() > 128) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A SHA-256 in lower-case hexadecimal. */
  public static boolean sha256Hex(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
