package dev.ww.datastore;

import java.util.Objects;

/**
 * An object as stored: its id, type ({@code node}, {@code vnfs}, {@code bootstrap}, {@code
 * file}, or any type a user invents), version (incremented by every change) and attributes.
 */
public record StoredObject(long id, String type, long version, Attributes attributes) {

  public StoredObject {
    type = ObjectTypes.check(type);
    Objects.requireNonNull(attributes, "attributes");
    if (id <= 0) {
      throw new IllegalArgumentException("object id must be positive: " + id);
    }
  }

  /** The object's {@code NAME}. */
  public String name() {
    return attributes.get("NAME").orElse("");
  }

  /** What the user sees for this object in messages: {@code node n0001}. */
  public String label() {
    return type + " " + name();
  }
}
