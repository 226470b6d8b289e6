package dev.ww.chroot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The mounts currently in place, as the kernel lists them. */
public interface MountTable {

  /**
   * Mount points at or below {@code directory}, deepest first (the order to unmount them in).
   */
  List<Path> mountsUnder(Path directory) throws IOException;
}
