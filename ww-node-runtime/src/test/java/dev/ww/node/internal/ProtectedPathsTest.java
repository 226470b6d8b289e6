package dev.ww.node.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectedPathsTest {

  @Test
  void covers_kernelFilesystemsRuntimeAndExcludes_andTheirChildren() {
    ProtectedPaths p = new ProtectedPaths(List.of("/scratch", "/var/log/*.log"));
    assertThat(p.covers("proc")).isTrue();
    assertThat(p.covers("proc/1/status")).isTrue();
    assertThat(p.covers("warewulf/config")).isTrue();
    assertThat(p.covers("scratch/a/b")).isTrue();
    assertThat(p.covers("var/log/syslog.log")).isTrue();
    assertThat(p.covers("var/log/syslog")).isFalse();
    assertThat(p.covers("processes")).isFalse();
    assertThat(p.covers("etc/passwd")).isFalse();
  }

  @Test
  void excludeOutsideTheRoot_isRefused() {
    assertThatThrownBy(() -> new ProtectedPaths(List.of("/../etc"))).hasMessageContaining("not a path");
    assertThatThrownBy(() -> new ProtectedPaths(List.of("/"))).hasMessageContaining("not a path");
  }
}
