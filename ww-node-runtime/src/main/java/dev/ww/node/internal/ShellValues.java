package dev.ww.node.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the shell assignments the provisioning server writes ({@code WWKEY='value'}, with
 * {@code '\''} for a quote) and {@code export WWKEY} lines, without running a shell. Double
 * quotes and bare words are accepted for hand-written files; anything else on a line is an
 * error naming the line.
 */
public final class ShellValues {


  private ShellValues() {}

  /** Parses {@code text}; {@code source} names it in errors. */
  public static Map<String, String> parse(String text, String source) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        for (java.util.StringTokenizer t = new java.util.StringTokenizer(line.substring(7)); t.hasMoreTokens(); ) {
          String n = t.nextToken();
          if (!Chars.shellName(n)) {
            throw new IllegalArgumentException(source + ":" + (i + 1) + ": bad export line");
          }
        }
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || !Chars.shellName(line.substring(0, eq))) {
        throw new IllegalArgumentException(
            source + ":" + (i + 1) + ": expected NAME='value', got: " + abbreviate(line));
      }
      String value = unquote(line.substring(eq + 1), source + ":" + (i + 1));
      out.put(line.substring(0, eq), value);
    }
    return out;
  }

  private static String unquote(String s, String where) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\'') {
        int end = s.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException(where + ": unterminated single quote");
        }
        out.append(s, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"') {
          char d = s.charAt(j);
          if (d == '$' || d == '`') {
            throw new IllegalArgumentException(where + ": expansions are not supported");
          }
          if (d == '\\' && j + 1 < s.length()) {
            j++;
            d = s.charAt(j);
          }
          out.append(d);
          j++;
        }
        if (j >= s.length()) {
          throw new IllegalArgumentException(where + ": unterminated double quote");
        }
        i = j + 1;
      } else if (c == '\\' && i + 1 < s.length()) {
        out.append(s.charAt(i + 1));
        i += 2;
      } else if (Character.isWhitespace(c) || c == ';') {
        String rest = s.substring(i).strip();
        if (!rest.isEmpty() && !rest.startsWith("#") && !rest.equals(";")) {
          throw new IllegalArgumentException(where + ": unexpected text after the value");
        }
        break;
      } else if ("$`|&<>()".indexOf(c) >= 0) {
        throw new IllegalArgumentException(where + ": shell syntax is not supported");
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Quotes {@code value} for a shell: {@code 'it'\''s'}. */
  public static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
