package dev.ww.provision;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** A missing tool fails the test in CI (CI=true) and skips it elsewhere. */
final class Prerequisites {
  private Prerequisites() {}

  static void require(Path file, String aptPackage) {
    boolean present = Files.isRegularFile(file);
    if ("true".equals(System.getenv("CI"))) {
      if (!present) {
        throw new AssertionError(file + " missing: install " + aptPackage + " (.ci/apt-packages)");
      }
    } else {
      Assumptions.assumeTrue(present, file + " missing: install " + aptPackage);
    }
  }
}
