package dev.ww.provision;

import java.util.Objects;

/** A capsule (VNFS image) as the server sees it: id, name and the compressed archive. */
public record CapsuleImage(String id, String name, Blob blob) {
  public CapsuleImage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(blob, "blob");
  }
}
