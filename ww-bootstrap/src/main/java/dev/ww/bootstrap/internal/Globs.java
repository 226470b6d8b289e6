package dev.ww.bootstrap.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** fnmatch-style patterns ({@code *}, {@code ?}, {@code [...]}) as module aliases use them. */
final class Globs {

  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

  private Globs() {}

  static boolean matches(String glob, String text) {
    return CACHE.computeIfAbsent(glob, Globs::compile).matcher(text).matches();
  }

  static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    boolean inBracket = false;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (inBracket) {
        if (c == ']') {
          inBracket = false;
          regex.append(']');
        } else if (c == '\\' || c == '[') {
          regex.append('\\').append(c);
        } else {
          regex.append(c);
        }
      } else if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (c == '[' && glob.indexOf(']', i + 1) > i) {
        inBracket = true;
        regex.append('[');
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '!') {
          regex.append('^');
          i++;
        }
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
