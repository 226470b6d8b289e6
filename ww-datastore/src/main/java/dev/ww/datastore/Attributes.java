package dev.ww.datastore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The members of an object: case-insensitive keys (stored upper-case, as Warewulf 3 did), each
 * holding one value (a scalar) or several (a list). Immutable; every change returns a new
 * instance. A key never holds an empty list: removing its last value removes the key.
 */
public final class Attributes {

  private static final Attributes EMPTY = new Attributes(new TreeMap<>());

  private final SortedMap<String, List<String>> values;

  private Attributes(SortedMap<String, List<String>> values) {
    this.values = Collections.unmodifiableSortedMap(values);
  }

  public static Attributes empty() {
    return EMPTY;
  }

  /** Attributes from a map of keys to values; keys are normalised, empty lists dropped. */
  public static Attributes of(Map<String, ? extends List<String>> map) {
    TreeMap<String, List<String>> copy = new TreeMap<>();
    map.forEach(
        (key, list) -> {
          List<String> cleaned = clean(list);
          if (!cleaned.isEmpty()) {
            copy.merge(normalize(key), cleaned, Attributes::union);
          }
        });
    return new Attributes(copy);
  }

  /** The canonical (upper-case) form of a key; refuses keys that cannot be stored. */
  public static String normalize(String key) {
    Objects.requireNonNull(key, "key");
    String trimmed = key.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("an attribute key must not be empty");
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (Character.isWhitespace(c) || c == '=' || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "attribute key '" + key + "' contains '" + c + "'; keys are single words");
      }
    }
    return trimmed.toUpperCase(Locale.ROOT);
  }

  /** True for keys that only the engine may change ({@code _ID}, {@code _BLOB}, ...). */
  public static boolean isPrivate(String key) {
    return normalize(key).startsWith("_");
  }

  public boolean has(String key) {
    return values.containsKey(normalize(key));
  }

  /** Every value of a key (empty when unset). */
  public List<String> list(String key) {
    return values.getOrDefault(normalize(key), List.of());
  }

  /** The single value of a key; for a list, its last value (as Warewulf 3 did). */
  public Optional<String> get(String key) {
    List<String> list = list(key);
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
  }

  public SortedMap<String, List<String>> asMap() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Replaces a key's values; no values unsets it. */
  public Attributes set(String key, List<String> newValues) {
    TreeMap<String, List<String>> copy = new TreeMap<>(values);
    List<String> cleaned = clean(newValues);
    if (cleaned.isEmpty()) {
      copy.remove(normalize(key));
    } else {
      copy.put(normalize(key), cleaned);
    }
    return new Attributes(copy);
  }

  public Attributes set(String key, String value) {
    return set(key, value == null ? List.of() : List.of(value));
  }

  /** Appends values a key does not hold yet. */
  public Attributes add(String key, List<String> added) {
    return set(key, union(list(key), clean(added)));
  }

  /** Removes a whole key. */
  public Attributes delete(String key) {
    return set(key, List.of());
  }

  /** Removes the given values from a key; the key goes when its last value does. */
  public Attributes delete(String key, List<String> removed) {
    List<String> remaining = new ArrayList<>(list(key));
    remaining.removeAll(removed);
    return set(key, remaining);
  }

  private static List<String> union(List<String> first, List<String> second) {
    LinkedHashSet<String> all = new LinkedHashSet<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }

  private static List<String> clean(List<String> list) {
    Objects.requireNonNull(list, "values");
    List<String> out = new ArrayList<>(list.size());
    for (String value : list) {
      Objects.requireNonNull(value, "value");
      if (!value.isEmpty()) {
        out.add(value);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Attributes that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
