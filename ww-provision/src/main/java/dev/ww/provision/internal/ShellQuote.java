package dev.ww.provision.internal;

import java.util.regex.Pattern;

/** Single-quoting for POSIX shells: the result, sourced, is always the literal value. */
public final class ShellQuote {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ShellQuote() {}

  /** {@code it's} becomes {@code 'it'\''s'}. Rejects NUL, which no shell variable can hold. */
  public static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("value contains NUL");
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  public static boolean isIdentifier(String name) {
    return IDENTIFIER.matcher(name).matches();
  }
}
