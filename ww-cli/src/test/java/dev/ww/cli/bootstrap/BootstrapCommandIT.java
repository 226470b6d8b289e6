package dev.ww.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.cli.Launcher;
import dev.ww.cli.Prerequisites;
import dev.ww.core.Layout;
import dev.ww.datastore.Datastore;
import dev.ww.provision.BootstrapImage;
import dev.ww.provision.DatastoreCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs wwbootstrap through the launcher on a small kernel tree with the host's busybox. */
class BootstrapCommandIT {

  private static final String KVER = "6.1.0-cli-amd64";
  private static final Path BUSYBOX = Path.of("/bin/busybox");

  @TempDir Path work;
  Path root;
  Map<String, String> environment;
  String out;
  String err;

  @BeforeEach
  void setUp() throws Exception {
    Prerequisites.require(Files.isRegularFile(BUSYBOX), "/bin/busybox (busybox-static)");
    root = work.resolve("root");
    Files.createDirectories(root.resolve("boot"));
    Files.createDirectories(root.resolve("lib/modules/" + KVER));
    Files.writeString(root.resolve("boot/vmlinuz-" + KVER), "kernel");
    Files.createDirectories(work.resolve("etc/bootstrap"));
    Files.writeString(work.resolve("etc/bootstrap.conf"), "drivers: []\nmodprobe: []\n");
    Files.writeString(work.resolve("etc/bootstrap/old.conf"), "drivers += no_such_module\n");
    environment = Map.of("WW_CONFIG_DIR", work.resolve("etc").toString(), "WW_STATE_DIR", work.resolve("state").toString());
  }

  private int run(String... args) {
    StringWriter outText = new StringWriter();
    StringWriter errText = new StringWriter();
    String[] full = new String[args.length + 1];
    full[0] = "wwbootstrap";
    System.arraycopy(args, 0, full, 1, args.length);
    int status = Launcher.run(full, environment, new PrintWriter(outText, true), new PrintWriter(errText, true));
    out = outText.toString();
    err = errText.toString();
    return status;
  }

  @Test
  void wwbootstrap_withOutput_writesKernelAndInitramfs_andReportsCounts() {
    assertThat(run("--chroot", root.toString(), "--busybox", BUSYBOX.toString(), "-o", work.resolve("out").toString(), KVER))
        .as(err).isZero();

    assertThat(work.resolve("out/kernel")).hasContent("kernel");
    assertThat(work.resolve("out/initfs.gz")).isNotEmptyFile();
    assertThat(err).contains("Number of drivers included in bootstrap: 0")
        .contains("Number of firmware images included in bootstrap: 0")
        .contains("Capabilities included in bootstrap: transport-http, setup-filesystems, provision-vnfs")
        .contains("Wrote " + work.resolve("out/kernel"));
  }

  @Test
  void wwbootstrap_withoutOutput_writesUnderTheStateDirectory_andSaysHowToImport() throws Exception {
    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "-n", "small", KVER)).as(err).isZero();

    assertThat(work.resolve("state/bootstrap/small/initfs.gz")).isNotEmptyFile();
    assertThat(work.resolve("state/bootstrap/small/kernel")).hasContent("kernel");
    assertThat(out).contains("The bootstrap is not imported: this host has no datastore")
        .contains("Copy " + work.resolve("state/bootstrap/small/kernel") + " and " + work.resolve("state/bootstrap/small/initfs.gz"))
        .contains("'wwsh bootstrap import initfs.gz --kernel kernel -n small -y'");
    assertThat(work.resolve("state/warewulf.db")).doesNotExist();
    try (var left = Files.list(work.resolve("state/tmp"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void wwbootstrap_namedConfig_warnsAboutADriverMatchingNothing() {
    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "--config", "old", "-o",
        work.resolve("out").toString(), KVER)).as(err).isZero();

    assertThat(err).contains("wwbootstrap: warning: Driver 'no_such_module' matches no module of kernel " + KVER);
  }

  @Test
  void wwbootstrap_unknownKernelVersion_failsWithOneLine() {
    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "-o", work.resolve("out").toString(), "5.0.0-x"))
        .isEqualTo(1);

    assertThat(err).startsWith("wwbootstrap: error: Unknown kernel version '5.0.0-x'").contains(KVER)
        .doesNotContain("Exception");
    assertThat(work.resolve("out")).doesNotExist();
  }

  @Test
  void wwbootstrap_missingBusyboxOrConfig_failsClearly() {
    assertThat(run("-r", root.toString(), "--busybox", work.resolve("nope").toString(), KVER)).isEqualTo(1);
    assertThat(err).contains("No busybox at " + work.resolve("nope"));

    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "--config", "missing", KVER)).isEqualTo(1);
    assertThat(err).contains("No bootstrap configuration 'missing'");
  }

  private static Map<String, byte[]> entries(Path initramfs) throws Exception {
    Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(initramfs));
        org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream cpio =
            new org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream(in)) {
      for (var e = cpio.getNextEntry(); e != null; e = cpio.getNextEntry()) {
        entries.put(e.getName(), cpio.readAllBytes());
      }
    }
    return entries;
  }

  @Test
  void wwbootstrap_runtimeJar_isShippedForTheRuntimeStep_andAMissingOneIsAnError() throws Exception {
    Path jar = Files.writeString(work.resolve("runtime.jar"), "runtime jar");
    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "--runtime-jar", jar.toString(),
        "-o", work.resolve("out").toString(), KVER)).as(err).isZero();

    assertThat(entries(work.resolve("out/initfs.gz")).get("warewulf/lib/ww-node-runtime.jar")).isEqualTo(
        "runtime jar".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "--runtime-jar", work.resolve("none.jar").toString(),
        "-o", work.resolve("out2").toString(), KVER)).isEqualTo(1);
    assertThat(err).contains("none.jar does not exist").doesNotContain("\tat ");
  }

  @Test
  void wwbootstrap_ucode_putsTheRootsMicrocodeFirst_andWarnsWhenThereIsNone() throws Exception {
    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "-u", "-o", work.resolve("none").toString(), KVER))
        .as(err).isZero();
    assertThat(err).contains("wwbootstrap: warning: No microcode in " + root.resolve("lib/firmware"));
    assertThat(Files.readAllBytes(work.resolve("none/initfs.gz"))).startsWith(0x1f, 0x8b);

    Files.createDirectories(root.resolve("lib/firmware/intel-ucode"));
    Files.writeString(root.resolve("lib/firmware/intel-ucode/06-8e-0a"), "microcode");
    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "--ucode", "-o", work.resolve("out").toString(), KVER))
        .as(err).isZero();

    assertThat(new String(Files.readAllBytes(work.resolve("out/initfs.gz")), 0, 6, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("070701");
    assertThat(err).contains("Microcode included in bootstrap: GenuineIntel.bin (1 files, 9 bytes)");
  }

  @Test
  void wwbootstrap_ucodeAndUcodeFile_isAUsageError() {
    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "-u", "--ucode-file", "x.cpio", KVER)).isEqualTo(2);
    assertThat(err).contains("give either -u");
  }

  private Path capsuleOfRoot() throws Exception {
    Files.writeString(root.resolve("lib/modules/" + KVER + "/modules.builtin"), "");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/hostname"), "node\n");
    Path capsule = work.resolve("node.vnfs");
    try (java.io.OutputStream out = Files.newOutputStream(capsule)) {
      dev.ww.capsule.Capsule.fromTree(root).writeTo(out);
    }
    return capsule;
  }

  @Test
  void wwbootstrap_vnfsFile_takesItsOnlyKernel_andNamesTheBootstrapAfterIt() throws Exception {
    Path capsule = capsuleOfRoot();

    assertThat(run("-V", capsule.toString(), "--busybox", BUSYBOX.toString())).as(err).isZero();

    assertThat(work.resolve("state/bootstrap/" + KVER + "/kernel")).hasContent("kernel");
    assertThat(work.resolve("state/bootstrap/" + KVER + "/initfs.gz")).isNotEmptyFile();
    assertThat(err).contains("No modules.dep in lib/modules/" + KVER + " of the capsule " + capsule).doesNotContain("state/tmp");
    assertThat(out).contains("-n " + KVER + " -y");
    try (var left = Files.list(work.resolve("state/tmp"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void wwbootstrap_vnfsName_readsTheCapsuleOfThatVnfsFromTheDatastore() throws Exception {
    Path capsule = capsuleOfRoot();
    StringWriter wwshErr = new StringWriter();
    assertThat(Launcher.run(new String[] {"wwsh", "vnfs", "import", capsule.toString(), "-n", "rocky", "-y"}, environment,
        new PrintWriter(new StringWriter(), true), new PrintWriter(wwshErr, true))).as(wwshErr.toString()).isZero();
    Files.delete(capsule);

    assertThat(run("--vnfs", "rocky", "--busybox", BUSYBOX.toString(), "-o", work.resolve("out").toString(), KVER))
        .as(err).isZero();

    assertThat(work.resolve("out/kernel")).hasContent("kernel");
    assertThat(run("--vnfs", "rocky", "--busybox", BUSYBOX.toString(), "-n", "rocky-boot")).as(err).isZero();
    assertThat(out).contains("Imported bootstrap 'rocky-boot' (kernel " + KVER);
    try (Datastore store = Datastore.open(Layout.fromEnvironment(environment))) {
      BootstrapImage image = new DatastoreCatalog(store, work.resolve("cache")).bootstrap("rocky-boot").orElseThrow();
      assertThat(Files.readString(image.kernel().path())).isEqualTo("kernel");
    }
    assertThat(run("-V", "debian", "--busybox", BUSYBOX.toString(), "-o", work.resolve("out2").toString())).isEqualTo(1);
    assertThat(err).contains("no VNFS named 'debian'").doesNotContain("\tat ");
  }

  /** A host with a datastore: the embedded store exists once any wwsh command has run. */
  private void createDatastore() {
    StringWriter wwshErr = new StringWriter();
    assertThat(Launcher.run(new String[] {"wwsh", "bootstrap", "list"}, environment,
        new PrintWriter(new StringWriter(), true), new PrintWriter(wwshErr, true))).as(wwshErr.toString()).isZero();
    assertThat(Datastore.isConfigured(Layout.fromEnvironment(environment))).isTrue();
  }

  @Test
  void wwbootstrap_onAHostWithADatastore_importsTheBootstrapAsTheServerReadsIt_andARebuildReplacesIt() throws Exception {
    createDatastore();
    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "-o", work.resolve("reference").toString(), KVER))
        .as(err).isZero();

    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), KVER)).as(err).isZero();

    assertThat(out).contains("Imported bootstrap '" + KVER + "' (kernel " + KVER + ", ");
    assertThat(work.resolve("state/bootstrap/" + KVER)).doesNotExist();
    try (var left = Files.list(work.resolve("state/tmp"))) {
      assertThat(left).isEmpty();
    }
    String first;
    try (Datastore store = Datastore.open(Layout.fromEnvironment(environment))) {
      BootstrapImage image = new DatastoreCatalog(store, work.resolve("cache")).bootstrap(KVER).orElseThrow();
      assertThat(Files.readString(image.kernel().path())).isEqualTo("kernel");
      assertThat(Files.readAllBytes(image.initramfs().path())).isEqualTo(Files.readAllBytes(work.resolve("reference/initfs.gz")));
      assertThat(image.arch()).isEqualTo("x86_64");
      first = image.initramfs().sha256();
    }

    Path jar = Files.writeString(work.resolve("runtime.jar"), "another runtime");
    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "--runtime-jar", jar.toString(), KVER))
        .as(err).isZero();

    try (Datastore store = Datastore.open(Layout.fromEnvironment(environment))) {
      assertThat(store.find(dev.ww.datastore.Query.all("bootstrap"))).hasSize(1);
      BootstrapImage image = new DatastoreCatalog(store, work.resolve("cache")).bootstrap(KVER).orElseThrow();
      assertThat(image.initramfs().sha256()).isNotEqualTo(first);
    }
  }

  @Test
  void wwbootstrap_withOutput_onAHostWithADatastore_writesFilesOnly() throws Exception {
    createDatastore();

    assertThat(run("-r", root.toString(), "--busybox", BUSYBOX.toString(), "-o", work.resolve("out").toString(), KVER))
        .as(err).isZero();

    assertThat(work.resolve("out/initfs.gz")).isNotEmptyFile();
    assertThat(out).doesNotContain("Imported");
    try (Datastore store = Datastore.open(Layout.fromEnvironment(environment))) {
      assertThat(store.find(dev.ww.datastore.Query.all("bootstrap"))).isEmpty();
    }
  }

  @Test
  void wwbootstrap_helpAndVersion_stillWork_besideMinusVForTheVnfs() {
    assertThat(run("--version")).isZero();
    assertThat(out).contains("wwbootstrap (ww) ");
    assertThat(run("-h")).isZero();
    assertThat(out).contains("-V, --vnfs=CAPSULE").contains("--version").contains("-u, --ucode, --microcode");
  }

  @Test
  void wwbootstrap_sourceOptions_badCombinationsAndMissingCapsule() {
    assertThat(run("-V", "x.vnfs", "-c", root.toString(), KVER)).isEqualTo(2);
    assertThat(err).contains("either -c/--chroot or -V/--vnfs");
    assertThat(run("--busybox", BUSYBOX.toString())).isEqualTo(2);
    assertThat(err).contains("give the kernel version");
    assertThat(run("-V", work.resolve("none.vnfs").toString(), "--busybox", BUSYBOX.toString())).isEqualTo(1);
    assertThat(err).contains("No capsule file " + work.resolve("none.vnfs")).contains("no datastore");
  }

  /** The distribution's wwbootstrap finds the distribution's node runtime by itself. */
  @Test
  void distributionWwbootstrap_shipsTheDistributionsNodeRuntimeByDefault() throws Exception {
    Path distribution;
    try (var list = Files.list(Path.of("target"))) {
      distribution = list.filter(p -> Files.isDirectory(p.resolve("bin")) && p.getFileName().toString().startsWith("ww-"))
          .findFirst().orElseThrow(() -> new AssertionError("no distribution under target/; run 'package' first"));
    }
    Path shipped = distribution.resolve("lib/node/ww-node-runtime.jar");
    assertThat(shipped).isRegularFile();
    try (var lib = Files.list(distribution.resolve("lib"))) {
      assertThat(lib.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("ww-node-runtime"));
    }
    var result = new dev.ww.core.process.SystemProcessRunner().run(dev.ww.core.process.Command.builder(
            distribution.resolve("bin/wwbootstrap").toString(), "-r", root.toString(), "--busybox", BUSYBOX.toString(),
            "-o", work.resolve("dist").toString(), KVER)
        .env("WW_CONFIG_DIR", work.resolve("etc").toString()).env("WW_STATE_DIR", work.resolve("state").toString())
        .allowFailure().build());

    assertThat(result.exitStatus()).as(result.stderr()).isZero();
    assertThat(result.stderr()).doesNotContain("No node runtime jar");
    assertThat(entries(work.resolve("dist/initfs.gz")).get("warewulf/lib/ww-node-runtime.jar"))
        .isEqualTo(Files.readAllBytes(shipped));
  }
}
