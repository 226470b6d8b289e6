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

  /** Removes a node's network device with all its fields ({@code --netdel}). */
  record RemoveNetDev(String device) implements Modification {
    public RemoveNetDev {
      device = NetDev.checkName(device);
    }

    @Override
    public String key() {
      return "NETDEV." + device.toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public Attributes applyTo(Attributes attributes) {
      Attributes result = attributes;
      for (String field : NetDev.FIELDS) {
        result = result.delete(NetDev.key(device, field));
      }
      return result;
    }

    @Override
    public String describe() {
      return "DEL: NETDEV " + device;
    }
  }

  /** Renames a node's network device, keeping its fields ({@code --netrename}). */
  record RenameNetDev(String from, String to) implements Modification {
    public RenameNetDev {
      from = NetDev.checkName(from);
      to = NetDev.checkName(to);
    }

    @Override
    public String key() {
      return "NETDEV." + from.toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public Attributes applyTo(Attributes attributes) {
      if (!Node.netDevNames(attributes).contains(from)) {
        throw new UserException("there is no network device " + from + " to rename");
      }
      if (Node.netDevNames(attributes).contains(to)) {
        throw new UserException("network device " + to + " already exists");
      }
      Attributes result = attributes;
      for (String field : NetDev.FIELDS) {
        result = result.set(NetDev.key(to, field), attributes.list(NetDev.key(from, field))).delete(NetDev.key(from, field));
      }
      return result;
    }

    @Override
    public String describe() {
      return "RENAME: NETDEV " + from + " -> " + to;
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
