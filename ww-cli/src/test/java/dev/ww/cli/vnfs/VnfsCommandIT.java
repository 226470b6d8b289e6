package dev.ww.cli.vnfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.capsule.Capsule;
import dev.ww.capsule.CapsuleEntry;
import dev.ww.cli.Launcher;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs wwvnfs through the launcher on real trees. */
class VnfsCommandIT {

  @TempDir Path work;
  Path chroot;
  Map<String, String> environment;
  String out;
  String err;

  @BeforeEach
  void setUp() throws Exception {
    chroot = work.resolve("node1");
    for (String dir : List.of("sbin", "etc", "tmp/sub", "var/cache/apt", "var/log", "usr/share/doc/pkg", "opt/keep")) {
      Files.createDirectories(chroot.resolve(dir));
    }
    Files.writeString(chroot.resolve("sbin/init"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(chroot.resolve("sbin/init"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(chroot.resolve("tmp/sub/file"), "x");
    Files.writeString(chroot.resolve("var/log/syslog"), "x");
    Files.writeString(chroot.resolve("var/cache/apt/x"), "x");
    Files.writeString(chroot.resolve("usr/share/doc/pkg/README"), "x");
    Files.writeString(chroot.resolve("opt/keep/data"), "x");
    environment = Map.of("WW_CONFIG_DIR", work.resolve("etc").toString(), "WW_STATE_DIR", work.resolve("state").toString());
  }

  private int run(String... args) {
    StringWriter outText = new StringWriter();
    StringWriter errText = new StringWriter();
    String[] full = new String[args.length + 1];
    full[0] = "wwvnfs";
    System.arraycopy(args, 0, full, 1, args.length);
    int status = Launcher.run(full, environment, new PrintWriter(outText, true), new PrintWriter(errText, true));
    out = outText.toString();
    err = errText.toString();
    return status;
  }

  private List<String> names(Path capsule) throws Exception {
    List<String> names = new ArrayList<>();
    try (InputStream in = Files.newInputStream(capsule)) {
      Capsule.reader(in).list(entry -> names.add(entry.name() + (entry.type() == CapsuleEntry.Type.SYMLINK ? " -> " + entry.linkTarget() : "")));
    }
    return names;
  }

  @Test
  void wwvnfs_withOutput_writesCapsule_appliesDefaultExcludes_andSavesSettings() throws Exception {
    Path output = work.resolve("out/node1.vnfs");
    assertThat(run("--chroot", chroot.toString(), "-o", output.toString())).as(err).isZero();
    assertThat(out).contains("Wrote VNFS image to " + output).contains("entries");
    assertThat(err).contains("Using 'node1' as the VNFS name").contains("Left out 1 hybridized path");
    assertThat(names(output))
        .contains(".", "tmp", "var", "var/log", "opt/keep/data", "sbin/init")
        .doesNotContain("tmp/sub", "var/log/syslog", "var/cache", "usr/share/doc");
    assertThat(work.resolve("etc/vnfs/node1.conf")).exists();
    assertThat(Files.readString(work.resolve("etc/vnfs/node1.conf"))).contains("chroot: '" + chroot + "'");
  }

  @Test
  void wwvnfs_byName_rebuildsFromSavedSettings_withHybridPathAndExtraExcludes() throws Exception {
    assertThat(run("--chroot", chroot.toString(), "-e", "/opt/keep", "--hybridpath", "/hybrid/%{name}", "-o", work.toString())).as(err).isZero();
    Path first = work.resolve("node1.vnfs");
    assertThat(names(first)).contains("usr/share/doc -> /hybrid/node1/usr/share/doc").doesNotContain("opt/keep");
    byte[] firstBytes = Files.readAllBytes(first);
    Files.delete(first);
    assertThat(run("node1", "-o", first.toString())).as(err).isZero();
    assertThat(Files.readAllBytes(first)).isEqualTo(firstBytes);
  }

  @Test
  void wwvnfs_withoutOutput_writesUnderStateDirectory_andSaysItIsNotImported() throws Exception {
    assertThat(run("--chroot", chroot.toString(), "-z", "xz")).as(err).isZero();
    Path written = work.resolve("state/vnfs/node1.vnfs");
    assertThat(written).exists();
    assertThat(out).contains("not imported").contains(written.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-r--r--");
  }

  @Test
  void wwvnfs_withoutOutput_onAHostWithADatastore_importsTheCapsule() throws Exception {
    Path reference = work.resolve("reference.vnfs");
    assertThat(run("--chroot", chroot.toString(), "-o", reference.toString())).as(err).isZero();
    try (dev.ww.datastore.Datastore store = dev.ww.datastore.Datastore.open(dev.ww.core.Layout.fromEnvironment(environment))) {
      assertThat(store.description()).isNotBlank();
    }

    assertThat(run("--chroot", chroot.toString())).as(err).isZero();

    assertThat(out).contains("Imported VNFS 'node1'");
    assertThat(work.resolve("state/vnfs/node1.vnfs")).doesNotExist();
    Path exported = work.resolve("exported.vnfs");
    StringWriter exportErr = new StringWriter();
    int status =
        Launcher.run(
            new String[] {"wwsh", "vnfs", "export", "node1", exported.toString()},
            environment, new PrintWriter(new StringWriter(), true), new PrintWriter(exportErr, true));
    assertThat(status).as(exportErr.toString()).isZero();
    assertThat(Files.readAllBytes(exported)).isEqualTo(Files.readAllBytes(reference));

    assertThat(run("--chroot", chroot.toString())).as(err).isZero();
    assertThat(out).as("a rebuild replaces the object").contains("Imported VNFS 'node1'");
  }

  @Test
  void wwvnfs_rebuildOfAnImportedVnfs_reusesTheStoredCapsule_andEqualsAFullBuild() throws Exception {
    byte[] big = new byte[3_000_000];
    new java.util.Random(1).nextBytes(big);
    Files.write(chroot.resolve("opt/keep/big1"), big);
    Files.write(chroot.resolve("opt/keep/big2"), java.util.Arrays.copyOf(big, 2_500_000));
    assertThat(run("--chroot", chroot.toString(), "-o", work.resolve("warmup.vnfs").toString())).as(err).isZero();
    try (dev.ww.datastore.Datastore store = dev.ww.datastore.Datastore.open(dev.ww.core.Layout.fromEnvironment(environment))) {
      assertThat(store.description()).isNotBlank();
    }
    Thread.sleep(2500); // files changed just before a build are not trusted by the next one
    assertThat(run("node1")).as(err).isZero();
    assertThat(out).contains("Imported VNFS 'node1'");

    Files.writeString(chroot.resolve("opt/keep/data"), "changed");
    assertThat(run("node1", "-v")).as(err).isZero();
    assertThat(err).contains("Reused 7 of 8 chunks of the last build (embedded store");
    Path exported = work.resolve("exported.vnfs");
    assertThat(Launcher.run(
            new String[] {"wwsh", "vnfs", "export", "node1", exported.toString()},
            environment, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true)))
        .isZero();

    assertThat(run("node1", "--full", "-v", "-o", work.resolve("full.vnfs").toString())).as(err).isZero();
    assertThat(err).doesNotContain("Reused");
    assertThat(Files.readAllBytes(exported)).isEqualTo(Files.readAllBytes(work.resolve("full.vnfs")));
  }

  @Test
  void wwvnfs_failedBuildIntoTheDatastore_importsNothing() throws Exception {
    assertThat(run("--chroot", chroot.toString(), "-o", work.resolve("warmup.vnfs").toString())).as(err).isZero();
    try (dev.ww.datastore.Datastore store = dev.ww.datastore.Datastore.open(dev.ww.core.Layout.fromEnvironment(environment))) {
      assertThat(store.description()).isNotBlank();
    }
    try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(chroot.resolve("opt/keep/huge").toFile(), "rw")) {
      huge.setLength((4L << 30) + 1); // sparse: newc cannot hold it
    }
    assertThat(run("node1")).isEqualTo(1);
    assertThat(err).contains("4 GiB").doesNotContain("Exception");
    try (dev.ww.datastore.Datastore store = dev.ww.datastore.Datastore.open(dev.ww.core.Layout.fromEnvironment(environment))) {
      assertThat(store.get("vnfs", "node1")).isEmpty();
    }
  }

  @Test
  void wwmngchrootVnfsOption_buildsAndImportsLikeWwvnfs() throws Exception {
    Path reference = work.resolve("reference.vnfs");
    assertThat(run("--chroot", chroot.toString(), "-o", reference.toString())).as(err).isZero();
    try (dev.ww.datastore.Datastore store = dev.ww.datastore.Datastore.open(dev.ww.core.Layout.fromEnvironment(environment))) {
      assertThat(store.description()).isNotBlank();
    }
    StringWriter outText = new StringWriter();
    StringWriter errText = new StringWriter();

    int status =
        Launcher.run(
            new String[] {"wwmngchroot", "-c", chroot.toString(), "-v", "compute"},
            environment, new PrintWriter(outText, true), new PrintWriter(errText, true));

    assertThat(status).as(errText.toString()).isZero();
    assertThat(outText.toString()).contains("Imported VNFS 'compute'");
    Path exported = work.resolve("compute.vnfs");
    int exportStatus =
        Launcher.run(
            new String[] {"wwsh", "vnfs", "export", "compute", exported.toString()},
            environment, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    assertThat(exportStatus).isZero();
    assertThat(Files.readAllBytes(exported)).isEqualTo(Files.readAllBytes(reference));
  }

  @Test
  void wwvnfs_refusesRootNoInitAndBadNames() throws Exception {
    assertThat(run("--chroot", "/", "x", "-o", work.resolve("x").toString())).isEqualTo(1);
    assertThat(err).contains("refusing to capture /");
    Files.delete(chroot.resolve("sbin/init"));
    assertThat(run("--chroot", chroot.toString(), "-o", work.resolve("y").toString())).isEqualTo(1);
    assertThat(err).contains("/sbin/init").contains("--allow-no-init");
    assertThat(run("--chroot", chroot.toString(), "--allow-no-init", "-o", work.resolve("y").toString())).as(err).isZero();
    assertThat(run("--chroot", chroot.toString(), "bad/name", "-o", work.resolve("z").toString())).isEqualTo(1);
    assertThat(err).contains("illegal characters");
    assertThat(run("--chroot", chroot.toString(), "-z", "gzip", "-l", "12", "-o", work.resolve("z").toString())).isEqualTo(2);
    assertThat(err).contains("between 1 and 9");
    assertThat(work.resolve("z")).doesNotExist();
  }
}
