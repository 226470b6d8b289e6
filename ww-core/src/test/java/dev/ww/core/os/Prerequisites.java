package dev.ww.core.os;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prerequisites of integration tests: skipped on a developer's machine, failed in CI. */
final class Prerequisites {

  private Prerequisites() {}

  static void requireRoot() throws IOException {
    boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    require(root, "these tests need root (mount, mknod, lchown, security.* attributes)");
  }

  static void require(boolean condition, String what) {
    if (condition) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("prerequisite missing in CI: " + what);
    }
    assumeTrue(false, "prerequisite missing: " + what);
  }
}
