package dev.ww.chroot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.chroot.ChrootTemplate;
import dev.ww.chroot.HostServices;
import dev.ww.core.Layout;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.os.ConfinedFiles;
import dev.ww.core.os.Confinement;
import dev.ww.core.os.FakeLinuxOs;
import dev.ww.core.process.FakeProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostBuildStepsTest {

  @TempDir Path dir;

  @Test
  void apply_rootWhoseEtcAndVarLinkOutside_writesAndDeletesOnlyInsideTheRoot() throws Exception {
    // The host side: an "etc" and a "var" with files that must stay untouched.
    Path hostEtc = Files.createDirectories(dir.resolve("host/etc"));
    Files.writeString(hostEtc.resolve("shadow"), "root:secret:1::::::\n");
    Files.writeString(hostEtc.resolve("fstab"), "host fstab\n");
    Path hostCache = Files.createDirectories(dir.resolve("host/var/cache/apt/archives"));
    Files.writeString(hostCache.resolve("keep.deb"), "host package");
    Path root = Files.createDirectories(dir.resolve("root"));
    // Relative links that lead out of the root when the host follows them, and an absolute one.
    Files.createSymbolicLink(root.resolve("etc"), Path.of("../host/etc"));
    Files.createSymbolicLink(root.resolve("var"), dir.resolve("host/var"));
    Files.createDirectories(root.resolve("host/etc"));
    FakeLinuxOs os = new FakeLinuxOs();
    HostServices host = new HostServices(os, new FakeProcessRunner(), EventHandlers.none(), Layout.under(dir.resolve("ww")),
        d -> List.of(), Map.of("PATH", dir.resolve("nobin").toString()));
    RootFiles files = new RootFiles(new ConfinedFiles(os, root, Confinement.IN_ROOT), os);
    ChrootTemplate.PostBuild steps = new ChrootTemplate.PostBuild(true, true, true, true, Optional.of("Etc/UTC"), true, true);

    new PostBuildSteps(files, host, dir).apply(steps, new DebianFamily());

    assertThat(Files.readString(hostEtc.resolve("shadow"))).isEqualTo("root:secret:1::::::\n");
    assertThat(Files.readString(hostEtc.resolve("fstab"))).isEqualTo("host fstab\n");
    assertThat(Files.readString(hostCache.resolve("keep.deb"))).isEqualTo("host package");
    try (Stream<Path> hostFiles = Files.walk(dir.resolve("host"))) {
      assertThat(hostFiles.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()))
          .containsExactlyInAnyOrder("host/etc/shadow", "host/etc/fstab", "host/var/cache/apt/archives/keep.deb");
    }
    // The links were resolved inside the root: "../host/etc" from the root's top is <root>/host/etc.
    assertThat(Files.readString(root.resolve("host/etc/fstab"))).startsWith(PostBuildSteps.FSTAB_MARKER);
    assertThat(root.resolve("host/etc/machine-id")).exists();
  }

  @Test
  void apply_linkToAMissingPlace_failsWithoutWritingOutside() throws Exception {
    Path hostEtc = Files.createDirectories(dir.resolve("host/etc"));
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.createSymbolicLink(root.resolve("etc"), Path.of("../host/etc"));
    FakeLinuxOs os = new FakeLinuxOs();
    HostServices host = new HostServices(os, new FakeProcessRunner(), EventHandlers.none(), Layout.under(dir.resolve("ww")),
        d -> List.of(), Map.of());
    RootFiles files = new RootFiles(new ConfinedFiles(os, root, Confinement.IN_ROOT), os);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PostBuildSteps(files, host, dir)
            .apply(ChrootTemplate.PostBuild.defaults(), new DebianFamily()))
        .isInstanceOf(dev.ww.core.os.OsException.class);
    assertThat(hostEtc).isEmptyDirectory();
  }

  @Test
  void apply_nothingEnabled_changesNothing() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    FakeLinuxOs os = new FakeLinuxOs();
    HostServices host = new HostServices(os, new FakeProcessRunner(), EventHandlers.none(), Layout.under(dir.resolve("ww")),
        d -> List.of(), Map.of());
    RootFiles files = new RootFiles(new ConfinedFiles(os, root, Confinement.IN_ROOT), os);

    new PostBuildSteps(files, host, dir)
        .apply(new ChrootTemplate.PostBuild(false, false, false, false, Optional.empty(), false, false), new RhelFamily());

    assertThat(root).isEmptyDirectory();
  }
}
