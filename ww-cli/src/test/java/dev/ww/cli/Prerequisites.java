package dev.ww.cli;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What an integration test needs from the machine: missing on a developer's machine, the test
 * is skipped; missing in CI ({@code CI=true}), it fails, because CI installs everything.
 */
public final class Prerequisites {

  private Prerequisites() {}

  public static void require(boolean present, String what) {
    if (present) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("missing prerequisite in CI: " + what + " (see .ci/apt-packages)");
    }
    assumeTrue(false, "missing prerequisite: " + what);
  }
}
