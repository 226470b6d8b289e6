package dev.ww.core.os;

/** The special files {@link LinuxOs#mknod} creates, with their {@code st_mode} type bits. */
public enum NodeType {
  CHARACTER_DEVICE(0020000),
  BLOCK_DEVICE(0060000),
  FIFO(0010000);

  private final int modeBits;

  NodeType(int modeBits) {
    this.modeBits = modeBits;
  }

  /** The {@code S_IF*} bits of this type. */
  public int modeBits() {
    return modeBits;
  }
}
