package dev.ww.provision;

import java.util.Objects;

/** A bootstrap as the server sees it: an id, an architecture, its kernel and initramfs. */
public record BootstrapImage(String id, String arch, Blob kernel, Blob initramfs) {
  public BootstrapImage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(initramfs, "initramfs");
  }
}
