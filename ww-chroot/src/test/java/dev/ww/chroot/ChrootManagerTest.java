package dev.ww.chroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.UserException;
import dev.ww.core.os.FakeLinuxOs;
import dev.ww.core.process.Command;
import dev.ww.core.process.FakeProcessRunner.Outcome;
import dev.ww.core.process.ProcessFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChrootManagerTest {

  @TempDir Path dir;
  TestHost host;
  Path root;
  Path hostResolv;

  @BeforeEach
  void setUp() throws IOException {
    host = new TestHost(dir).program("chroot", "dnf");
    root = Files.createDirectories(dir.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    hostResolv = Files.writeString(dir.resolve("host-resolv.conf"), "nameserver 192.0.2.53\n");
  }

  private ChrootManager manager() throws IOException {
    return new ChrootManager(host.services(), TemplateCatalog.load(host.layout).families());
  }

  private void debianRoot() throws IOException {
    Files.writeString(root.resolve("etc/debian_version"), "12.0\n");
  }

  @Test
  void session_mountsProcSysDevAndDevPtsInsideTheRootAndUnmountsThemAll() throws Exception {
    debianRoot();
    try (ChrootSession session = ChrootSession.open(host.services(), root, hostResolv)) {
      assertThat(host.os.mounts())
          .extracting(FakeLinuxOs.Mount::target)
          .containsExactly(root.resolve("proc"), root.resolve("sys"), root.resolve("dev"), root.resolve("dev/pts"));
      assertThat(host.os.mounts()).extracting(FakeLinuxOs.Mount::fsType).startsWith("proc", "sysfs");
      assertThat(Files.readString(root.resolve("etc/resolv.conf"))).isEqualTo("nameserver 192.0.2.53\n");
    }
    assertThat(host.os.mounts()).isEmpty();
    assertThat(root.resolve("etc/resolv.conf")).doesNotExist();
  }

  @Test
  void session_restoresTheRootsOwnResolvConfEvenWhenItIsASymlink() throws Exception {
    debianRoot();
    Files.createSymbolicLink(root.resolve("etc/resolv.conf"), Path.of("/run/systemd/resolve/stub-resolv.conf"));

    try (ChrootSession session = ChrootSession.open(host.services(), root, hostResolv)) {
      assertThat(Files.isSymbolicLink(root.resolve("etc/resolv.conf"))).isFalse();
    }

    assertThat(Files.readSymbolicLink(root.resolve("etc/resolv.conf"))).isEqualTo(Path.of("/run/systemd/resolve/stub-resolv.conf"));
    assertThat(Files.exists(root.resolve("etc/resolv.conf.ww-saved"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void session_mountPointSymlinkedAbsolutely_staysInsideTheRoot() throws Exception {
    debianRoot();
    // Inside the root, /proc -> /hostile/proc means root/hostile/proc, never the host's path.
    Files.createDirectories(root.resolve("hostile/proc"));
    Files.createSymbolicLink(root.resolve("proc"), Path.of("/hostile/proc"));

    try (ChrootSession session = ChrootSession.open(host.services(), root, hostResolv)) {
      assertThat(host.os.mounts()).extracting(FakeLinuxOs.Mount::target).contains(root.resolve("hostile/proc"));
      assertThat(host.os.mounts()).allSatisfy(m -> assertThat(m.target()).startsWith(root));
    }
  }

  @Test
  void session_rootWithDevLinkedOutside_isRefusedWithoutMounting() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(root.resolve("dev"), outside);

    assertThatThrownBy(() -> ChrootSession.open(host.services(), root, hostResolv))
        .isInstanceOf(UserException.class).hasMessageContaining("outside the root");
    assertThat(host.os.mounts()).isEmpty();
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void change_debian_removesThenUpdatesThenInstallsInsideTheRoot() throws Exception {
    debianRoot();
    host.runner.on(c -> c.program().endsWith("/chroot"), c -> {
      assertThat(root.resolve("usr/sbin/policy-rc.d").toFile().exists() || !c.argv().contains("install")).isTrue();
      return Outcome.success("Setting up nano (7.2-1) ...\n");
    });

    manager().change(new ChangeRequest(root, List.of("less"), List.of("nano"), false, true));

    List<List<String>> argvs = host.runner.argvs();
    assertThat(argvs).hasSize(3);
    assertThat(argvs.get(0)).containsSubsequence(root.toString(), "apt-get", "-y", "remove", "less");
    assertThat(argvs.get(1)).containsSubsequence(root.toString(), "apt-get", "update");
    assertThat(argvs.get(2)).containsSubsequence(root.toString(), "apt-get", "-y", "install", "nano");
    assertThat(host.runner.commands().get(2).environment()).containsEntry("DEBIAN_FRONTEND", "noninteractive");
    assertThat(host.os.mounts()).isEmpty();
    assertThat(root.resolve("usr/sbin/policy-rc.d")).doesNotExist();
  }

  @Test
  void change_withoutAssumeYes_letsThePackageManagerAskOnTheTerminal() throws Exception {
    debianRoot();
    host.runner.on(c -> c.program().endsWith("/chroot"), c -> Outcome.success(""));

    manager().change(new ChangeRequest(root, List.of("less"), List.of(), false, false));

    Command remove = host.runner.commands().get(0);
    assertThat(remove.output()).isEqualTo(Command.Output.INHERIT);
    assertThat(remove.argv()).doesNotContain("-y");
  }

  @Test
  void change_packageManagerFailing_stillUnmountsEverythingAndRestoresTheRoot() throws Exception {
    debianRoot();
    Files.writeString(root.resolve("etc/resolv.conf"), "nameserver 10.0.0.1\n");
    host.runner.on(c -> c.program().endsWith("/chroot") && c.argv().contains("install"),
        c -> Outcome.failure(100, "E: Sub-process /usr/bin/dpkg received a segmentation fault."));
    host.runner.on(c -> c.program().endsWith("/chroot") && !c.argv().contains("install"), c -> Outcome.success(""));

    assertThatThrownBy(() -> manager().change(new ChangeRequest(root, List.of(), List.of("nano"), false, true)))
        .isInstanceOf(ProcessFailedException.class)
        .hasMessageContaining("segmentation fault");
    assertThat(host.os.mounts()).isEmpty();
    assertThat(Files.readString(root.resolve("etc/resolv.conf"))).isEqualTo("nameserver 10.0.0.1\n");
    assertThat(root.resolve("usr/sbin/policy-rc.d")).doesNotExist();
  }

  @Test
  void change_leftoverMountFromTheSession_isUnmountedToo() throws Exception {
    debianRoot();
    Files.createDirectories(root.resolve("proc/sys/fs/binfmt_misc"));
    host.runner.on(c -> c.program().endsWith("/chroot"), c -> {
      host.os.mount("binfmt_misc", root.resolve("proc/sys/fs/binfmt_misc"), "binfmt_misc", java.util.Set.of(), null);
      return Outcome.success("");
    });

    manager().change(new ChangeRequest(root, List.of("less"), List.of(), false, true));

    assertThat(host.os.mounts()).isEmpty();
  }

  @Test
  void change_rhelRoot_usesHostDnfWithTheRootsRepositories() throws Exception {
    Files.writeString(root.resolve("etc/redhat-release"), "Rocky Linux release 9.3\n");
    host.runner.on(c -> c.program().endsWith("/dnf"), c -> Outcome.success(""));

    manager().change(new ChangeRequest(root, List.of("less"), List.of("nano"), false, true));

    List<List<String>> argvs = host.runner.argvs();
    assertThat(argvs.get(0)).contains("--installroot=" + root, "remove", "less");
    assertThat(argvs.get(1)).contains("--installroot=" + root, "install", "nano");
    assertThat(host.os.mounts()).isEmpty();
  }

  @Test
  void change_unknownDistribution_isAUserErrorAndLeavesNoMount() throws Exception {
    assertThatThrownBy(() -> manager().change(new ChangeRequest(root, List.of(), List.of("nano"), false, true)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("cannot tell which distribution");
    assertThat(host.os.mounts()).isEmpty();
  }

  @Test
  void change_shell_runsAnInteractiveShellInsideTheRoot() throws Exception {
    Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("bin/bash"), "");
    host.runner.on(c -> c.program().endsWith("/chroot"), c -> Outcome.success(""));

    manager().change(new ChangeRequest(root, List.of(), List.of(), true, false));

    Command shell = host.runner.commands().get(0);
    assertThat(shell.argv()).containsExactly(host.bin.resolve("chroot").toString(), root.toString(), "/bin/bash", "-l");
    assertThat(shell.output()).isEqualTo(Command.Output.INHERIT);
  }

  @Test
  void changeRequest_refusesOptionsDisguisedAsPackagesAndEmptyRequests() {
    assertThatThrownBy(() -> new ChangeRequest(root, List.of(), List.of("-oDebug=1"), false, true))
        .isInstanceOf(UserException.class).hasMessageContaining("not a package name");
    assertThatThrownBy(() -> new ChangeRequest(root, List.of(), List.of(), false, true))
        .isInstanceOf(UserException.class).hasMessageContaining("nothing to do");
  }
}
