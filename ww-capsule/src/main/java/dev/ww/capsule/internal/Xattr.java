package dev.ww.capsule.internal;

import java.util.Objects;

/** One extended attribute: its full name ({@code security.capability}) and value. */
public record Xattr(String name, byte[] value) {
  public Xattr {
    Objects.requireNonNull(name, "name");
    value = Objects.requireNonNull(value, "value").clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Xattr that
        && name.equals(that.name)
        && java.util.Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + java.util.Arrays.hashCode(value);
  }
}
