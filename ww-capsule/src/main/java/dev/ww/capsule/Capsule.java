package dev.ww.capsule;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Entry point for VNFS capsules: a node's root tree as one compressed newc cpio archive.
 *
 * <pre>{@code
 * CapsuleWriteResult result = Capsule.fromTree(chroot)
 *     .rules(PathRules.excluding(List.of("/tmp/*", "/var/cache")))
 *     .compression(Compression.gzip())
 *     .events(handlers)
 *     .writeTo(out);
 *
 * Capsule.reader(in).os(linuxOs).extractTo(target);
 * }</pre>
 */
public final class Capsule {

  private Capsule() {}

  /** Starts a capsule of the tree under {@code root}. */
  public static CapsuleWriter fromTree(Path root) {
    return new CapsuleWriter(root);
  }

  /** Starts reading a capsule of any compression from {@code in}. */
  public static CapsuleReader reader(InputStream in) {
    return new CapsuleReader(in);
  }
}
