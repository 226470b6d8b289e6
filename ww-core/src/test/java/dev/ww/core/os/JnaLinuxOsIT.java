package dev.ww.core.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.process.Command;
import dev.ww.core.process.SystemProcessRunner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The real Linux calls, as root, checked against what the kernel and standard tools report. */
class JnaLinuxOsIT {

  @TempDir Path dir;
  private final JnaLinuxOs os = JnaLinuxOs.load();

  @BeforeAll
  static void requireRoot() throws IOException {
    Prerequisites.requireRoot();
  }

  @BeforeEach
  void setUp() {}

  private static Object attribute(Path path, String name) throws IOException {
    return Files.getAttribute(path, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void mknod_characterDevice_hasTypeModeAndNumbers() throws IOException {
    Path node = dir.resolve("null");

    os.mknod(node, NodeType.CHARACTER_DEVICE, 0620, 1, 3);

    int mode = (Integer) attribute(node, "mode");
    assertThat(mode & 0170000).isEqualTo(0020000);
    assertThat(mode & 07777).isEqualTo(0620);
    long rdev = (Long) attribute(node, "rdev");
    assertThat(rdev).isEqualTo(JnaLinuxOs.makedev(1, 3));
    assertThat(stat("%t:%T", node)).isEqualTo("1:3");
  }

  @Test
  void mknod_largeDeviceNumbers_roundTrip() throws IOException {
    Path node = dir.resolve("big");

    os.mknod(node, NodeType.BLOCK_DEVICE, 0600, 259, 70000);

    assertThat(stat("%Hr:%Lr", node)).isEqualTo("259:70000");
  }

  @Test
  void mknod_fifo_isAFifo() throws IOException {
    Path fifo = dir.resolve("fifo");

    os.mknod(fifo, NodeType.FIFO, 0644, 0, 0);

    assertThat(stat("%F", fifo)).isEqualTo("fifo");
  }

  @Test
  void mknod_existingPath_failsWithEEXIST() throws IOException {
    Path file = Files.writeString(dir.resolve("f"), "");

    assertThatThrownBy(() -> os.mknod(file, NodeType.FIFO, 0644, 0, 0))
        .isInstanceOf(OsException.class)
        .hasMessageContaining("EEXIST")
        .hasMessageContaining(file.toString())
        .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.EEXIST));
  }

  @Test
  void lchown_onSymlink_changesTheLinkNotItsTarget() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);

    os.lchown(link, 1234, 5678);

    assertThat(attribute(link, "uid")).isEqualTo(1234);
    assertThat(attribute(link, "gid")).isEqualTo(5678);
    assertThat(attribute(target, "uid")).isEqualTo(0);
  }

  @Test
  void setTimesNoFollow_onSymlink_setsTheLinksTimeOnly() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    FileTime before = Files.getLastModifiedTime(target);
    Instant when = Instant.parse("2001-02-03T04:05:06.123456789Z");

    os.setTimesNoFollow(link, when, when);

    assertThat(Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS).toInstant()).isEqualTo(when);
    assertThat(Files.getLastModifiedTime(target)).isEqualTo(before);
  }

  @Test
  void userXattr_setGetListRemove() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");

    os.setXattr(file, "user.ww.test", "hello".getBytes());
    os.setXattr(file, "user.ww.empty", new byte[0]);

    assertThat(os.getXattr(file, "user.ww.test")).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("hello"));
    assertThat(os.getXattr(file, "user.ww.empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
    assertThat(os.listXattrs(file)).contains("user.ww.test", "user.ww.empty");
    assertThat(run("getfattr", "--only-values", "-n", "user.ww.test", file.toString())).isEqualTo("hello");

    os.removeXattr(file, "user.ww.test");
    assertThat(os.getXattr(file, "user.ww.test")).isEmpty();
    assertThatThrownBy(() -> os.removeXattr(file, "user.ww.test"))
        .isInstanceOf(OsException.class)
        .hasMessageContaining("ENODATA");
  }

  @Test
  void securityCapability_setIsSeenByGetcap_andReadsBack() throws IOException {
    Path file = Files.writeString(dir.resolve("ping"), "#!/bin/sh\n");
    ByteBuffer capability = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
    capability.putInt(0x02000001); // revision 2, effective
    capability.putInt(1 << 13).putInt(0); // permitted: cap_net_raw; inheritable: none
    capability.putInt(0).putInt(0);

    os.setXattr(file, "security.capability", capability.array());

    assertThat(run("getcap", file.toString())).contains("cap_net_raw").contains("ep");
    assertThat(os.listXattrs(file)).contains("security.capability");
    byte[] back = os.getXattr(file, "security.capability").orElseThrow();
    assertThat(ByteBuffer.wrap(back).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(1 << 13);
  }

  @Test
  void xattrOfMissingFile_failsWithENOENT() {
    assertThatThrownBy(() -> os.listXattrs(dir.resolve("absent")))
        .isInstanceOf(OsException.class)
        .satisfies(e -> assertThat(((OsException) e).errnoName()).isEqualTo("ENOENT"));
  }

  @Test
  void bindMount_showsTheSourceAndUnmountRemovesIt() throws IOException {
    Path source = Files.createDirectories(dir.resolve("source"));
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.writeString(source.resolve("marker"), "seen");

    os.bindMount(source, target, false);
    try {
      assertThat(mountPoints()).contains(target.toString());
      assertThat(Files.readString(target.resolve("marker"))).isEqualTo("seen");
    } finally {
      os.unmount(target, false);
    }

    assertThat(mountPoints()).doesNotContain(target.toString());
    assertThat(target.resolve("marker")).doesNotExist();
  }

  @Test
  void lazyUnmount_detachesABusyMount() throws IOException {
    Path source = Files.createDirectories(dir.resolve("source"));
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.writeString(source.resolve("marker"), "seen");
    os.bindMount(source, target, false);

    try (var open = Files.newInputStream(target.resolve("marker"))) {
      os.unmount(target, true);
      assertThat(mountPoints()).doesNotContain(target.toString());
      assertThat(open.readAllBytes()).isEqualTo("seen".getBytes());
    }
  }

  @Test
  void mount_proc_thenUnmount() throws IOException {
    Path target = Files.createDirectories(dir.resolve("proc"));

    os.mount("proc", target, "proc", Set.of(MountFlag.NO_SUID, MountFlag.NO_DEV, MountFlag.NO_EXEC), null);
    try {
      assertThat(target.resolve("self/status")).exists();
    } finally {
      os.unmount(target, false);
    }
    assertThat(mountPoints()).doesNotContain(target.toString());
  }

  @Test
  void mount_ontoMissingDirectory_reportsErrnoAndPaths() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> os.bindMount(dir, missing, false))
        .isInstanceOf(OsException.class)
        .hasMessageContaining("ENOENT")
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("No such file or directory");
  }

  @Test
  void unmount_ofANonMountPoint_failsWithEINVAL() {
    assertThatThrownBy(() -> os.unmount(dir, false))
        .isInstanceOf(OsException.class)
        .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.EINVAL));
  }

  @Test
  void thisKernel_hasOpenat2() {
    assertThat(os.usesOpenat2()).isTrue();
  }

  static Stream<Arguments> resolvers() {
    return Stream.of(
        Arguments.of("openat2", JnaLinuxOs.load()),
        Arguments.of("component walk", JnaLinuxOs.loadWithoutOpenat2()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resolvers")
  void resolveConfined_beneath_refusesDotDotAndAbsoluteSymlinksOut(String name, JnaLinuxOs resolver)
      throws IOException {
    Path root = fixture();

    for (String escaping : List.of("../outside/secret", "hostetc/passwd", "escape/etc/passwd", "secret")) {
      assertThatThrownBy(() -> resolver.resolveConfined(root, escaping, Confinement.BENEATH, true))
          .as(escaping)
          .isInstanceOf(ConfinementException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resolvers")
  void resolveConfined_inRoot_keepsEverythingInsideTheRoot(String name, JnaLinuxOs resolver)
      throws IOException {
    Path root = fixture();

    assertThat(resolver.resolveConfined(root, "hostetc/passwd", Confinement.IN_ROOT, true))
        .isEqualTo(root.resolve("etc/passwd"));
    assertThat(resolver.resolveConfined(root, "../../etc/passwd", Confinement.IN_ROOT, true))
        .isEqualTo(root.resolve("etc/passwd"));
    assertThat(resolver.resolveConfined(root, "escape/etc/passwd", Confinement.IN_ROOT, true))
        .isEqualTo(root.resolve("etc/passwd"));
    assertThat(resolver.resolveConfined(root, "etc/resolv.conf", Confinement.IN_ROOT, true))
        .isEqualTo(root.resolve("run/resolv.conf"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resolvers")
  void resolveConfined_givesTheSameAnswersAsTheJavaWalk(String name, JnaLinuxOs resolver)
      throws IOException {
    Path root = fixture();
    List<String> paths =
        List.of("", "/", "etc", "etc/passwd", "etc/new", "lib64/libc.so", "lib64", "hostetc",
            "etc/resolv.conf", "usr/../etc/passwd", "./usr/./lib/");

    for (Confinement confinement : Confinement.values()) {
      for (boolean followLast : List.of(true, false)) {
        for (String path : paths) {
          assertThat(outcome(() -> resolver.resolveConfined(root, path, confinement, followLast)))
              .as("%s %s follow=%s", path, confinement, followLast)
              .isEqualTo(outcome(() -> ComponentWalkResolver.resolve(root, path, confinement, followLast)));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resolvers")
  void resolveConfined_missingDirectoryOnTheWay_isENOENT(String name, JnaLinuxOs resolver)
      throws IOException {
    Path root = fixture();

    assertThatThrownBy(() -> resolver.resolveConfined(root, "nodir/x", Confinement.BENEATH, false))
        .isInstanceOf(OsException.class)
        .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENOENT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resolvers")
  void confinedWrite_throughHostileSymlinks_neverTouchesTheHost(String name, JnaLinuxOs resolver)
      throws IOException {
    Path root = fixture();
    Path outside = dir.resolve("outside");
    ConfinedFiles files = new ConfinedFiles(resolver, root, Confinement.IN_ROOT);

    files.write("secret", "replaced inside".getBytes());
    files.write("escape/tmp/x", "inside".getBytes());

    assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("host secret\n");
    assertThat(Files.readString(root.resolve("tmp/x"))).isEqualTo("inside");
  }

  /** The resolved path, or the kind of failure (with its errno). */
  private static String outcome(java.util.function.Supplier<Path> resolution) {
    try {
      return resolution.get().toString();
    } catch (OsException e) {
      return e.getClass().getSimpleName() + " " + e.errnoName();
    }
  }

  private Path fixture() throws IOException {
    Path root = dir.resolve("root");
    if (!Files.exists(root)) {
      Files.createDirectories(root);
      Path outside = Files.createDirectories(dir.resolve("outside"));
      ConfinementFixture.populate(root, outside);
    }
    return root;
  }

  private static String stat(String format, Path path) throws IOException {
    return run("stat", "-c", format, path.toString());
  }

  private static String run(String... argv) throws IOException {
    return new SystemProcessRunner().run(Command.of(argv)).stdout().strip();
  }

  private static List<String> mountPoints() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(line -> line.split(" ")[4])
        .toList();
  }
}
