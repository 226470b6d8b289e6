package dev.ww.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings in Warewulf 3's configuration syntax, so a site can bring its old files:
 *
 * <pre>
 * # comment
 * key = value            replaces the key's values
 * key += a, b            appends values; values are split on commas, quotes protect commas
 *    c                   a line starting with whitespace continues the previous key (append)
 * </pre>
 *
 * Keys may contain spaces ({@code gzip command}) and are case-insensitive. {@code +=} appends
 * also to values read earlier from another file, so a per-image file extends the global one:
 * use {@link #parse(Path, List, KeyValueConfig)} with the earlier settings as the base.
 */
public final class KeyValueConfig {

  private final Map<String, List<String>> values;

  private KeyValueConfig(Map<String, List<String>> values) {
    this.values = values;
  }

  public static KeyValueConfig empty() {
    return new KeyValueConfig(Collections.emptyMap());
  }

  /** Parses the lines of {@code file} on their own. */
  public static KeyValueConfig parse(Path file, List<String> lines) {
    return parse(file, lines, empty());
  }

  /**
   * Parses the lines of {@code file} on top of {@code base}: {@code =} replaces a key from the
   * base, {@code +=} appends to it.
   *
   * @throws ConfigException naming the line when a line is neither a comment nor a setting
   */
  public static KeyValueConfig parse(Path file, List<String> lines, KeyValueConfig base) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    base.values.forEach((key, list) -> result.put(key, new ArrayList<>(list)));
    String previousKey = null;
    for (int index = 0; index < lines.size(); index++) {
      String raw = lines.get(index);
      int lineNumber = index + 1;
      String line = stripComment(raw);
      if (line.isBlank()) {
        continue;
      }
      if (Character.isWhitespace(line.charAt(0)) && previousKey != null && !line.contains("=")) {
        result.computeIfAbsent(previousKey, k -> new ArrayList<>()).addAll(splitValues(line));
        continue;
      }
      int equals = line.indexOf('=');
      if (equals < 0) {
        throw new ConfigException(
            file, lineNumber, "expected 'key = value' or 'key += value', found '" + raw.strip() + "'");
      }
      boolean append = equals > 0 && line.charAt(equals - 1) == '+';
      String key = normalizeKey(line.substring(0, append ? equals - 1 : equals));
      if (key.isEmpty()) {
        throw new ConfigException(file, lineNumber, "a setting needs a key before '='");
      }
      List<String> parsed = splitValues(line.substring(equals + 1));
      if (append) {
        result.computeIfAbsent(key, k -> new ArrayList<>()).addAll(parsed);
      } else {
        result.put(key, new ArrayList<>(parsed));
      }
      previousKey = key;
    }
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    result.forEach((key, list) -> frozen.put(key, List.copyOf(list)));
    return new KeyValueConfig(Collections.unmodifiableMap(frozen));
  }

  /** All values of a key, in order; empty when the key is absent. */
  public List<String> values(String key) {
    return values.getOrDefault(normalizeKey(key), List.of());
  }

  /** The last value of a key (the one that wins for a scalar setting). */
  public Optional<String> value(String key) {
    List<String> list = values(key);
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
  }

  public boolean contains(String key) {
    return values.containsKey(normalizeKey(key));
  }

  /** Every key, normalized (lower case, single spaces), in first-seen order. */
  public Map<String, List<String>> asMap() {
    return values;
  }

  private static String normalizeKey(String key) {
    return key.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static String stripComment(String line) {
    boolean inQuote = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inQuote) {
        if (c == quote) {
          inQuote = false;
        }
      } else if (c == '"' || c == '\'') {
        inQuote = true;
        quote = c;
      } else if (c == '#') {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static List<String> splitValues(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        quoted = true;
      } else if (c == ',') {
        addPart(parts, current, quoted);
        current.setLength(0);
        quoted = false;
      } else {
        current.append(c);
      }
    }
    addPart(parts, current, quoted);
    return parts;
  }

  private static void addPart(List<String> parts, StringBuilder current, boolean quoted) {
    String value = quoted ? current.toString() : current.toString().strip();
    if (quoted || !value.isEmpty()) {
      parts.add(quoted ? value.strip() : value);
    }
  }
}
