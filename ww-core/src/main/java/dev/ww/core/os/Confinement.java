package dev.ww.core.os;

/** How a path is kept inside a root directory while it is resolved. */
public enum Confinement {
  /**
   * Chroot semantics: the root is {@code /} for the path. An absolute symlink is resolved from
   * the root, and {@code ..} at the root stays at the root. Right for writing into a chroot,
   * whose own absolute symlinks ({@code /etc/resolv.conf -> /run/...}) mean paths inside it.
   */
  IN_ROOT,
  /**
   * Nothing may lead out: {@code ..} above the root and any absolute symlink are refused with
   * a {@link ConfinementException}. Right for unpacking untrusted archives.
   */
  BENEATH
}
