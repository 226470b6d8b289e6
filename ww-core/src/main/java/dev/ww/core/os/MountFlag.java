package dev.ww.core.os;

/** Flags of {@code mount(2)} that the engine uses. */
public enum MountFlag {
  READ_ONLY(1),
  NO_SUID(2),
  NO_DEV(4),
  NO_EXEC(8),
  BIND(4096),
  RECURSIVE(16384),
  PRIVATE(1 << 18),
  SLAVE(1 << 19);

  private final long bits;

  MountFlag(long bits) {
    this.bits = bits;
  }

  public long bits() {
    return bits;
  }
}
