package dev.ww.capsule.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.capsule.PathRules;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PathMatcherTest {

  private static List<String> path(String path) {
    return Arrays.asList(path.substring(1).split("/"));
  }

  private final PathMatcher matcher =
      new PathMatcher(
          new PathRules(
              List.of("/tmp/*", "/var/cache", "/var/log/*", "/usr/src/", "/opt/*/cache"),
              List.of("/usr/share/doc", "/usr/lib*/locale", "/var/cache/x"),
              Optional.of("/hybrid")));

  @Test
  void decide_starPattern_keepsTheDirectoryAndDropsItsChildren() {
    assertThat(matcher.decide(path("/tmp"))).isEqualTo(PathMatcher.Decision.INCLUDE);
    assertThat(matcher.decide(path("/tmp/file"))).isEqualTo(PathMatcher.Decision.EXCLUDE);
  }

  @Test
  void decide_star_doesNotMatchLeadingDot_asAShellGlob() {
    assertThat(matcher.decide(path("/tmp/.X11-unix"))).isEqualTo(PathMatcher.Decision.INCLUDE);
  }

  @Test
  void decide_plainPattern_dropsTheDirectoryItself() {
    assertThat(matcher.decide(path("/var/cache"))).isEqualTo(PathMatcher.Decision.EXCLUDE);
    assertThat(matcher.decide(path("/var/cachet"))).isEqualTo(PathMatcher.Decision.INCLUDE);
    assertThat(matcher.decide(path("/usr/src"))).isEqualTo(PathMatcher.Decision.EXCLUDE);
  }

  @Test
  void decide_starInTheMiddle_matchesOneComponent() {
    assertThat(matcher.decide(path("/opt/app/cache"))).isEqualTo(PathMatcher.Decision.EXCLUDE);
    assertThat(matcher.decide(path("/opt/app/data"))).isEqualTo(PathMatcher.Decision.INCLUDE);
    assertThat(matcher.decide(path("/usr/lib64/locale"))).isEqualTo(PathMatcher.Decision.HYBRIDIZE);
    assertThat(matcher.decide(path("/usr/lib/locale"))).isEqualTo(PathMatcher.Decision.HYBRIDIZE);
  }

  @Test
  void decide_hybridizedPath_isHybridized_butExcludeWins() {
    assertThat(matcher.decide(path("/usr/share/doc"))).isEqualTo(PathMatcher.Decision.HYBRIDIZE);
    assertThat(matcher.decide(path("/usr/share"))).isEqualTo(PathMatcher.Decision.INCLUDE);
  }

  @Test
  void rules_relativeOrOddPattern_isRefusedWithTheReason() {
    assertThatThrownBy(() -> PathRules.excluding(List.of("tmp/*")))
        .hasMessageContaining("must be an absolute path");
    assertThatThrownBy(() -> PathRules.excluding(List.of("/")))
        .hasMessageContaining("whole tree");
    assertThatThrownBy(() -> PathRules.excluding(List.of("/tmp/$(rm -rf)")))
        .hasMessageContaining("invalid exclude pattern");
  }
}
