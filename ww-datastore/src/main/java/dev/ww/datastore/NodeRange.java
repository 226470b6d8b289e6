package dev.ww.datastore;

import dev.ww.core.UserException;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands bracket ranges in names, as Warewulf 3's command line did: {@code n00[00-99]} and
 * {@code n00[00,10-19]}; the width of a range's first number sets the zero padding. Names
 * without brackets expand to themselves. A range that expands to nothing is an error.
 */
public final class NodeRange {

  /** Refuses expansions that would flood the store by mistake. */
  public static final int MAX_NAMES = 1_000_000;

  private NodeRange() {}

  public static List<String> expand(String pattern) {
    List<String> results = new ArrayList<>();
    results.add("");
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == ']') {
        throw new UserException("'" + pattern + "': ']' without '['");
      }
      if (c != '[') {
        int next = nextBracket(pattern, i);
        String literal = pattern.substring(i, next);
        results.replaceAll(prefix -> prefix + literal);
        i = next;
        continue;
      }
      int close = pattern.indexOf(']', i);
      if (close < 0) {
        throw new UserException("'" + pattern + "': '[' without ']'");
      }
      List<String> alternatives = alternatives(pattern, pattern.substring(i + 1, close));
      if ((long) results.size() * alternatives.size() > MAX_NAMES) {
        throw new UserException("'" + pattern + "' expands to more than " + MAX_NAMES + " names");
      }
      List<String> combined = new ArrayList<>(results.size() * alternatives.size());
      for (String prefix : results) {
        for (String alternative : alternatives) {
          combined.add(prefix + alternative);
        }
      }
      results = combined;
      i = close + 1;
    }
    return List.copyOf(results);
  }

  private static int nextBracket(String pattern, int from) {
    for (int j = from; j < pattern.length(); j++) {
      char c = pattern.charAt(j);
      if (c == '[' || c == ']') {
        return j;
      }
    }
    return pattern.length();
  }

  private static List<String> alternatives(String pattern, String body) {
    List<String> out = new ArrayList<>();
    for (String part : body.split(",", -1)) {
      String item = part.trim();
      if (item.isEmpty()) {
        throw new UserException("'" + pattern + "': empty item in [" + body + "]");
      }
      int dash = item.indexOf('-');
      if (dash < 0) {
        requireDigits(pattern, item);
        out.add(item);
        continue;
      }
      String from = item.substring(0, dash);
      String to = item.substring(dash + 1);
      requireDigits(pattern, from);
      requireDigits(pattern, to);
      if (from.length() > 9 || to.length() > 9) {
        throw new UserException("'" + pattern + "': numbers in ranges are limited to 9 digits");
      }
      long start = Long.parseLong(from);
      long end = Long.parseLong(to);
      if (end < start) {
        throw new UserException(
            "'" + pattern + "': range " + item + " expands to nothing (its end is below its start)");
      }
      if (end - start + 1 + out.size() > MAX_NAMES) {
        throw new UserException("'" + pattern + "' expands to more than " + MAX_NAMES + " names");
      }
      String format = "%0" + from.length() + "d";
      for (long n = start; n <= end; n++) {
        out.add(String.format(format, n));
      }
    }
    return out;
  }

  private static void requireDigits(String pattern, String text) {
    if (text.isEmpty() || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new UserException(
          "'" + pattern + "': '" + text + "' in a range is not a number (use [00-99] or [1,5-7])");
    }
  }
}
