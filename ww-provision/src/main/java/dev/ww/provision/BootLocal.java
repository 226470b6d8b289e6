package dev.ww.provision;

/** Whether a node boots from the network or from its local disk. */
public enum BootLocal {
  /** Provision over the network (the default). */
  NO,
  /** iPXE boots the first local disk ({@code sanboot --drive 0x80}). */
  NORMAL,
  /** iPXE exits so the firmware continues with the next boot device. */
  EXIT
}
