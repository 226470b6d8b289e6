package dev.ww.datastore;

import dev.ww.core.UserException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One change to an object's attributes, as {@code wwsh object modify} takes them: set a key
 * ({@code -s key=v1,v2}; an empty value unsets it), add values ({@code -a key=v}), or delete a
 * key or some of its values ({@code -D key[=v]}).
 */
public sealed interface Modification {

  String key();

  Attributes applyTo(Attributes attributes);

  /** A line for the confirmation prompt, as Warewulf 3 printed it. */
  String describe();

  record Set(String key, List<String> values) implements Modification {
    public Set {
      key = Attributes.normalize(key);
      values = List.copyOf(values);
    }

    @Override
    public Attributes applyTo(Attributes attributes) {
      return attributes.set(key, values);
    }

    @Override
    public String describe() {
      return values.isEmpty() ? "UNDEF: " + key : "SET: " + key + " = " + String.join(",", values);
    }
  }

  record Add(String key, List<String> values) implements Modification {
    public Add {
      key = Attributes.normalize(key);
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new UserException("nothing to add to " + key + "; give key=value");
      }
    }

    @Override
    public Attributes applyTo(Attributes attributes) {
      return attributes.add(key, values);
    }

    @Override
    public String describe() {
      return "ADD: " + key + " = " + String.join(",", values);
    }
  }

  /** Deletes the whole key when {@code values} is empty, else just those values. */
  record Delete(String key, List<String> values) implements Modification {
    public Delete {
      key = Attributes.normalize(key);
      values = List.copyOf(values);
    }

    @Override
    public Attributes applyTo(Attributes attributes) {
      return values.isEmpty() ? attributes.delete(key) : attributes.delete(key, values);
    }

    @Override
    public String describe() {
      return values.isEmpty() ? "DEL: " + key : "DEL: " + key + " = " + String.join(",", values);
    }
  }

  /** {@code -s key=v1,v2}: values split on commas; {@code key=} unsets. */
  static Modification parseSet(String argument) {
    String[] parts = split(argument, true);
    return new Set(parts[0], values(parts[1]));
  }

  /** {@code -a key=v1,v2}. */
  static Modification parseAdd(String argument) {
    String[] parts = split(argument, true);
    return new Add(parts[0], values(parts[1]));
  }

  /** {@code -D key} or {@code -D key=v1,v2}. */
  static Modification parseDelete(String argument) {
    String[] parts = split(argument, false);
    return new Delete(parts[0], parts[1] == null ? List.of() : values(parts[1]));
  }

  /**
   * Refuses modifications of private ({@code _}-prefixed) members, which only the engine
   * maintains.
   */
  static void refusePrivate(List<? extends Modification> modifications) {
    for (Modification modification : modifications) {
      if (modification.key().startsWith("_")) {
        throw new UserException(
            "'" + modification.key() + "' is a private member maintained by ww and cannot be modified");
      }
    }
  }

  private static String[] split(String argument, boolean valueRequired) {
    Objects.requireNonNull(argument, "argument");
    int equals = argument.indexOf('=');
    if (equals < 0) {
      if (valueRequired) {
        throw new UserException("'" + argument + "' is not key=value");
      }
      return new String[] {key(argument, argument), null};
    }
    return new String[] {key(argument.substring(0, equals), argument), argument.substring(equals + 1)};
  }

  private static String key(String key, String argument) {
    try {
      return Attributes.normalize(key);
    } catch (IllegalArgumentException e) {
      throw new UserException("'" + argument + "': " + e.getMessage());
    }
  }

  private static List<String> values(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(text.split(",", -1)).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }
}
