package dev.ww.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.bootstrap.internal.ArchiveTree;
import dev.ww.bootstrap.internal.NewcWriter;
import dev.ww.bootstrap.internal.NodeScripts;
import dev.ww.core.process.Command;
import dev.ww.core.process.ProcessResult;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node-side scripts, run by the host's static busybox inside a chroot laid out like the
 * initramfs, against a loopback master.
 */
class NodeScriptsIT {

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  @TempDir Path temp;
  private Path root;

  @BeforeEach
  void setUp() throws Exception {
    Prerequisites.requireRoot();
    Prerequisites.require(Files.isRegularFile(BUSYBOX), "/bin/busybox (Debian package busybox-static)");
    root = temp.resolve("root");
    for (String dir : List.of("bin", "sbin", "usr/bin", "usr/sbin", "tmp", "newroot", "etc", "proc")) {
      Files.createDirectories(root.resolve(dir));
    }
    Files.copy(BUSYBOX, root.resolve("bin/busybox"));
    for (NodeScripts.Script script : NodeScripts.all()) {
      Path target = root.resolve(script.path());
      Files.createDirectories(target.getParent());
      Files.write(target, NodeScripts.read(script));
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
          (script.permissions() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
    }
    String applets = Prerequisites.run(Command.of(BUSYBOX.toString(), "--list")).stdout();
    for (String applet : applets.lines().map(String::trim).filter(a -> !a.isEmpty() && !a.equals("busybox")).toList()) {
      Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
    }
  }

  @AfterEach
  void removeTree() throws Exception {
    // Whatever a test mounted below the tree goes first (deepest first), and rm never crosses
    // into another filesystem: the tree may hold read-only binds of the host's /usr and /dev.
    List<String> mounted = mountsBelow(root);
    for (int i = mounted.size() - 1; i >= 0; i--) {
      Prerequisites.run(Command.builder("umount", "-l", mounted.get(i)).allowFailure().build());
    }
    Prerequisites.run(Command.of("rm", "-rf", "--one-file-system", root.toString()));
  }

  private static List<String> mountsBelow(Path dir) throws Exception {
    String prefix = dir.toRealPath().toString();
    return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
        .map(line -> line.split(" ")[1].replace("\\040", " "))
        .filter(point -> point.equals(prefix) || point.startsWith(prefix + "/"))
        .toList();
  }

  private static void mount(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("mount"));
    command.addAll(List.of(args));
    Prerequisites.run(Command.of(command.toArray(String[]::new)));
  }

  private ProcessResult node(String script) {
    return Prerequisites.run(Command.builder("chroot", root.toString(), "/bin/sh", "-c", script)
        .env("PATH", "/bin:/sbin:/usr/bin:/usr/sbin").timeout(Duration.ofMinutes(2)).allowFailure().build());
  }

  private static byte[] gzipArchive(ArchiveTree tree) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NewcWriter.writeGzip(tree, out);
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void detect_printsModulesWhoseAliasesMatchPresentDevices_exceptIgnoredOnes() throws Exception {
    Files.createDirectories(root.resolve("fakesys/bus/pci/devices/0000:00:03.0"));
    Files.writeString(root.resolve("fakesys/bus/pci/devices/0000:00:03.0/modalias"),
        "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00\n");
    Files.createDirectories(root.resolve("fakesys/bus/virtio/devices/virtio0"));
    Files.writeString(root.resolve("fakesys/bus/virtio/devices/virtio0/modalias"), "virtio:d00000001v00001AF4\n");
    Files.write(root.resolve("tmp/modules.alias"), List.of(
        "alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci",
        "alias virtio:d00000001v* virtio-net",
        "alias pci:v00008086d0000100Esv*sd*bc*sc*i* e1000",
        "alias usb:v*p*d* usbthing",
        "alias virtio:d00000002v* virtio_blk"));

    assertThat(node("/etc/ww/detect /tmp/modules.alias /fakesys").stdout()).isEqualTo("virtio_net\nvirtio_pci\n");
    assertThat(node("WWIGNOREMOD=virtio-net /etc/ww/detect /tmp/modules.alias /fakesys").stdout())
        .isEqualTo("virtio_pci\n");
  }

  @Test
  void parseCmdline_setsWwVariablesFromKernelArguments() throws Exception {
    Files.writeString(root.resolve("tmp/cmdline"),
        "console=ttyS0 wwmaster=10.0.0.1,10.0.0.2 wwdebug=2 ww-bad=x wwhostname=n1 wwx$(id)=y\n");

    String out = node(". /etc/ww/functions; ww_parse_cmdline /tmp/cmdline; echo \"$WWMASTER|$WWDEBUG|$WWHOSTNAME\"").stdout();

    assertThat(out).isEqualTo("10.0.0.1,10.0.0.2|2|n1\n");
  }

  @Test
  void backoff_doublesUpToTheCap() {
    String out = node(". /etc/ww/functions; for i in 1 2 3 4 5 6 7; do printf '%s ' $(ww_backoff_delay $i); done").stdout();

    assertThat(out).isEqualTo("1 2 4 8 16 30 30 ");
  }

  @Test
  void quote_survivesQuotesAndDollars() {
    String out = node(". /etc/ww/functions; v=$(ww_quote \"it's \\$HOME\"); eval \"x=$v\"; echo \"$x\"").stdout();

    assertThat(out).isEqualTo("it's $HOME\n");
  }

  @Test
  void get_fetchesFromTheMaster_andGivesUpAt404WithoutRetrying() throws Exception {
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/nodeconfig", "WWNODENAME='n1'\n".getBytes(StandardCharsets.UTF_8));
      String prefix = ". /etc/ww/functions; . /warewulf/transports/http/functions; WWMASTER=127.0.0.1:" + master.port()
          + "; WWINIT_HWADDR=52:54:00:00:00:01; ";

      ProcessResult ok = node(prefix + "ww_get \"/WW/nodeconfig?$(ww_node_query)\" /tmp/nc && cat /tmp/nc");
      ProcessResult missing = node(prefix + "ww_get /WW/vnfs /tmp/v; echo rc=$?");

      assertThat(ok.stdout()).isEqualTo("WWNODENAME='n1'\n");
      assertThat(master.requests()).contains("/WW/nodeconfig?hwaddr=52:54:00:00:00:01");
      assertThat(missing.stdout()).contains("404").contains("rc=2").doesNotContain("retry");
      assertThat(master.requests().stream().filter(r -> r.startsWith("/WW/vnfs"))).hasSize(1);
    }
  }

  @Test
  void get_retriesWithBackoff_thenReportsTheFailure() {
    String out = node(". /etc/ww/functions; . /warewulf/transports/http/functions; WWMASTER=127.0.0.1:1;"
        + " WWRETRIES=3 WWBACKOFFMAX=1; ww_get /WW/nodeconfig /tmp/x; echo rc=$?").stdout();

    assertThat(out).contains("retry 1/3 in 1s").contains("retry 2/3 in 1s")
        .contains("Could not fetch /WW/nodeconfig from 127.0.0.1:1 after 3 attempts").contains("rc=2");
  }

  @Test
  void get_masterWithoutPort_usesWwport() throws Exception {
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/nodeconfig", "WWNODENAME='n1'\n".getBytes(StandardCharsets.UTF_8));

      ProcessResult r = node(". /etc/ww/functions; . /warewulf/transports/http/functions; WWMASTER=127.0.0.1"
          + " WWPORT=" + master.port() + " WWRETRIES=1; ww_get /WW/nodeconfig /tmp/nc && cat /tmp/nc; echo rc=$?");
      ProcessResult without = node(". /etc/ww/functions; . /warewulf/transports/http/functions;"
          + " ww_master_url 10.0.0.1; ww_master_url 10.0.0.2:8080; WWPORT=81; ww_master_url 10.0.0.1");

      assertThat(r.stdout()).isEqualTo("WWNODENAME='n1'\nrc=0\n");
      assertThat(without.stdout()).isEqualTo("http://10.0.0.1:80\nhttp://10.0.0.2:8080\nhttp://10.0.0.1:81\n");
    }
  }

  private static final String GET = ". /etc/ww/functions; . /warewulf/transports/http/functions; ";

  @Test
  void get_busyMasterWithRetryAfter_isAskedAgainAfterThatLong_withoutUsingUpTheRetries() throws Exception {
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/vnfs", "capsule bytes\n".getBytes(StandardCharsets.UTF_8)).busy("/WW/vnfs", 2, "2");

      ProcessResult r = node(GET + "WWMASTER=127.0.0.1:" + master.port() + " WWRETRIES=1;"
          + " ww_get /WW/vnfs /tmp/v && cat /tmp/v; echo rc=$?");

      assertThat(r.stdout()).contains("503 Service Unavailable").contains("asking again for /WW/vnfs in 2s, as it asked")
          .endsWith("capsule bytes\nrc=0\n").doesNotContain("retry 1/");
      assertThat(r.stdout().split("as it asked", -1)).hasSize(3);
      List<Long> times = master.requestTimes();
      assertThat(times).hasSize(3);
      assertThat(Duration.ofNanos(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
      assertThat(Duration.ofNanos(times.get(2) - times.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
      assertThat(node("ls /tmp").stdout()).isEqualTo("v\n");
    }
  }

  @Test
  void get_retryAfterAboveTheCap_waitsOnlyTheCap_andABusyMasterIsGivenUpAfterWwbusymax() throws Exception {
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/nodeconfig", "WWNODENAME='n1'\n".getBytes(StandardCharsets.UTF_8))
          .busy("/WW/nodeconfig", 1, "86400").busy("/WW/vnfs", -1, "1");
      String prefix = GET + "WWMASTER=127.0.0.1 WWPORT=" + master.port() + " WWRETRYAFTERMAX=1 WWBUSYMAX=3; ";

      ProcessResult capped = node(prefix + "ww_get /WW/nodeconfig /tmp/nc && cat /tmp/nc; echo rc=$?");
      ProcessResult givenUp = node(prefix + "ww_get /WW/vnfs /tmp/v; echo rc=$?");

      assertThat(capped.stdout()).contains("asking again for /WW/nodeconfig in 1s").endsWith("WWNODENAME='n1'\nrc=0\n");
      assertThat(givenUp.stdout()).contains("Could not fetch /WW/vnfs from 127.0.0.1: the master was still busy after 3s of waiting")
          .endsWith("rc=2\n");
      assertThat(master.requests().stream().filter(p -> p.equals("/WW/vnfs"))).hasSize(4);
    }
  }

  @Test
  void get_retryAfterAsADate_fallsBackToTheBackoff() throws Exception {
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/vnfs", "x\n".getBytes(StandardCharsets.UTF_8)).busy("/WW/vnfs", 1, "Wed, 21 Oct 2015 07:28:00 GMT");

      ProcessResult r = node(GET + "WWMASTER=127.0.0.1:" + master.port() + " WWRETRIES=2 WWBACKOFFMAX=1;"
          + " ww_get /WW/vnfs /tmp/v && cat /tmp/v; echo rc=$?");

      assertThat(r.stdout()).contains("retry 1/2 in 1s").doesNotContain("as it asked").endsWith("x\nrc=0\n");
    }
  }

  /** Answers every connection with a 200 whose body is shorter than its Content-Length. */
  private static java.net.ServerSocket shortAnswers() throws Exception {
    java.net.ServerSocket server = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress());
    Thread thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (java.net.Socket socket = server.accept()) {
          java.io.BufferedReader in = new java.io.BufferedReader(
              new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
          for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            // the request is read and ignored
          }
          socket.getOutputStream().write(
              "HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\nshort".getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
          // closed
        }
      }
    }, "short-answers");
    thread.setDaemon(true);
    thread.start();
    return server;
  }

  @Test
  void get_bodyShorterThanItsContentLength_isNotAccepted() throws Exception {
    try (java.net.ServerSocket server = shortAnswers()) {
      ProcessResult r = node(GET + "WWMASTER=127.0.0.1:" + server.getLocalPort() + " WWRETRIES=2 WWBACKOFFMAX=1;"
          + " ww_get /WW/vnfs /tmp/v; echo rc=$?; ls /tmp");

      assertThat(r.stdout()).contains("HTTP/1.0 200 OK, but only 5 of 100 bytes arrived").contains("retry 1/2")
          .contains("Could not fetch /WW/vnfs").contains("rc=2\n").doesNotContain("v\n");
    }
  }

  @Test
  void report_postsStageStatusAndTheEncodedMessage_toTheMastersPort() throws Exception {
    try (MiniMaster master = new MiniMaster()) {
      String out = node(". /etc/ww/functions; . /warewulf/transports/http/functions; WWMASTER=127.0.0.1"
          + " WWPORT=" + master.port() + " WWINIT_HWADDR=52:54:00:00:00:01;"
          + " ww_report getvnfs failed \"it's 50% & = done; \\$HOME\"; echo rc=$?").stdout();

      assertThat(out).isEqualTo("rc=0\n");
      assertThat(master.posts()).hasSize(1);
      String post = master.posts().get(0);
      assertThat(post).startsWith("/WW/report?hwaddr=52:54:00:00:00:01 stage=getvnfs&status=failed&message=");
      String message = post.substring(post.indexOf("&message=") + "&message=".length());
      assertThat(URLDecoder.decode(message, StandardCharsets.UTF_8)).isEqualTo("it's 50% & = done; $HOME");
    }
  }

  @Test
  void report_withNoMasterListening_isBestEffort() {
    long start = System.nanoTime();
    String out = node(". /etc/ww/functions; . /warewulf/transports/http/functions; WWMASTER=127.0.0.1 WWPORT=1"
        + " WWINIT_HWADDR=52:54:00:00:00:01; ww_report network ok; echo rc=$?").stdout();

    assertThat(out).contains("could not report stage network (ok)").endsWith("rc=0\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void error_isAlsoWrittenToTheErrorLog_forTheInitsReport() {
    String out = node("export NEWROOT=/newroot WWERRORLOG=/tmp/errors; /warewulf/provision/30-getvnfs; echo rc=$?;"
        + " cat /tmp/errors").stdout();

    assertThat(out).endsWith("rc=2\nThe node configuration has no WWVNFS_SHA256; refusing to unpack an unverified capsule\n");
  }

  private String getvnfs(MiniMaster master, String sha) {
    return node("export NEWROOT=/newroot WWMASTER=127.0.0.1:" + master.port()
        + " WWINIT_HWADDR=52:54:00:00:00:01 WWVNFS_SHA256=" + sha + "; /warewulf/provision/30-getvnfs; echo rc=$?").stdout();
  }

  @Test
  void getvnfs_verifiesAndUnpacksTheCapsule() throws Exception {
    byte[] capsule = gzipArchive(new ArchiveTree()
        .file("sbin/init", 0755, ArchiveTree.Content.of("#!/bin/sh\n"))
        .file("etc/hostname", 0644, ArchiveTree.Content.of("n1\n"))
        .symlink("etc/localtime", "/usr/share/zoneinfo/UTC"));
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/vnfs", capsule);

      String out = getvnfs(master, sha256(capsule));

      assertThat(out).contains("capsule verified").contains("rc=0");
      assertThat(root.resolve("newroot/etc/hostname")).hasContent("n1");
      assertThat(Files.readSymbolicLink(root.resolve("newroot/etc/localtime"))).hasToString("/usr/share/zoneinfo/UTC");
      assertThat(root.resolve("tmp/ww-capsule")).doesNotExist();
    }
  }

  @Test
  void getvnfs_checksumMismatch_failsWithoutUnpacking() throws Exception {
    byte[] capsule = gzipArchive(new ArchiveTree().file("sbin/init", 0755, ArchiveTree.Content.of("#!/bin/sh\n")));
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/vnfs", capsule);

      String out = getvnfs(master, "f".repeat(64));

      assertThat(out).contains("Capsule checksum mismatch: expected " + "f".repeat(64)).contains("rc=2");
      assertThat(root.resolve("newroot/sbin/init")).doesNotExist();
    }
  }

  @Test
  void getvnfs_concatenatedArchives_areRefusedRatherThanHalfUnpacked() throws Exception {
    byte[] first = gzipArchive(new ArchiveTree().file("sbin/init", 0755, ArchiveTree.Content.of("#!/bin/sh\n")));
    byte[] second = gzipArchive(new ArchiveTree().file("etc/second", 0644, ArchiveTree.Content.of("x")));
    byte[] capsule = new byte[first.length + second.length];
    System.arraycopy(first, 0, capsule, 0, first.length);
    System.arraycopy(second, 0, capsule, first.length, second.length);
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/vnfs", capsule);

      String out = getvnfs(master, sha256(capsule));

      assertThat(out).contains("more than one cpio archive").contains("rc=2");
    }
  }

  @Test
  void getvnfs_withoutChecksumInTheConfig_refusesToUnpack() throws Exception {
    try (MiniMaster master = new MiniMaster()) {
      String out = node("export NEWROOT=/newroot WWMASTER=127.0.0.1:" + master.port()
          + "; /warewulf/provision/30-getvnfs; echo rc=$?").stdout();

      assertThat(out).contains("no WWVNFS_SHA256").contains("rc=2");
      assertThat(master.requests()).isEmpty();
    }
  }

  @Test
  void runtimeSupport_writesAPrivateQuotedConfig_unlessNoRuntimeServices() throws Exception {
    String out = node("export NEWROOT=/newroot WWMASTER=10.0.0.1 WWNODENAME=\"n'1\"; /warewulf/provision/60-runtimesupport; echo rc=$?").stdout();

    assertThat(out).contains("rc=0");
    Path config = root.resolve("newroot/warewulf/config");
    assertThat(Files.readString(config)).contains("WWMASTER='10.0.0.1'\nexport WWMASTER\n").contains("WWNODENAME='n'\\''1'");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
    assertThat(root.resolve("newroot/warewulf/transports/http/functions")).exists();

    assertThat(node("export NEWROOT=/newroot WWNORUNTIMESERVICES=0; /warewulf/provision/60-runtimesupport; echo rc=$?").stdout())
        .contains("skipped").contains("rc=1");
  }

  @Test
  void runtimeSupport_jarButNoJavaInTheNewRoot_warnsAndWritesTheConfigOnly() throws Exception {
    Files.createDirectories(root.resolve("warewulf/lib"));
    Files.writeString(root.resolve("warewulf/lib/ww-node-runtime.jar"), "not used");

    String out = node("export NEWROOT=/newroot WWMASTER=10.0.0.1 WWPORT=8080; /warewulf/provision/60-runtimesupport;"
        + " echo rc=$?").stdout();

    assertThat(out).contains("no Java runtime ('java') in the new root").contains("rc=0");
    assertThat(root.resolve("newroot/warewulf/config")).content().contains("WWPORT='8080'");
    assertThat(root.resolve("newroot/warewulf/bin")).doesNotExist();
  }

  /**
   * The real thing: the shaded ww-node-runtime.jar, the host's JRE (the one running this test)
   * in a new root made of a read-only bind of the host's /usr, the script's own chroot. Then the
   * installed wwgetscript runs in that root against the loopback master with the configuration
   * the bootstrap wrote (master, port, address).
   */
  @Test
  void runtimeSupport_withJavaInTheNewRoot_installsTheRuntimeToolsThatThenWork() throws Exception {
    Path jar = Path.of("../ww-node-runtime/target/ww-node-runtime.jar").toAbsolutePath().normalize();
    Prerequisites.require(Files.isRegularFile(jar), jar + " (built by the ww-node-runtime module)");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Prerequisites.require(java.startsWith("/usr/") && Files.isExecutable(java), "a JRE under /usr (java is " + java + ")");
    Files.createDirectories(root.resolve("warewulf/lib"));
    Files.copy(jar, root.resolve("warewulf/lib/ww-node-runtime.jar"));
    Path newroot = root.resolve("newroot");
    for (String dir : List.of("usr", "tmp", "proc", "dev", "etc", "var")) {
      Files.createDirectories(newroot.resolve(dir));
    }
    for (String link : List.of("bin", "sbin", "lib", "lib64")) {
      Files.createSymbolicLink(newroot.resolve(link), Path.of("usr", link));
    }
    mount("--bind", "/usr", newroot.resolve("usr").toString());
    mount("-o", "remount,bind,ro", newroot.resolve("usr").toString());
    // Debian's JRE keeps its security configuration in /etc/java-NN-openjdk (conf/ links there).
    try (var etc = Files.newDirectoryStream(Path.of("/etc"), "java-*")) {
      for (Path dir : etc) {
        Path target = Files.createDirectories(newroot.resolve("etc").resolve(dir.getFileName().toString()));
        mount("--bind", dir.toString(), target.toString());
        mount("-o", "remount,bind,ro", target.toString());
      }
    }
    mount("-t", "proc", "proc", root.resolve("proc").toString());
    Files.createDirectories(root.resolve("dev"));
    mount("--bind", "/dev", root.resolve("dev").toString());
    Files.writeString(root.resolve("tmp/nodeconfig"), "WWNODENAME='n1'\nexport WWNODENAME\nWWFQDN='n1.cluster'\n");

    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/script", "echo from-the-master\n".getBytes(StandardCharsets.UTF_8));
      String out = node("export NEWROOT=/newroot WWMASTER=127.0.0.1 WWPORT=" + master.port()
          + " WWINIT_HWADDR=52:54:00:00:00:01 WWTRANSPORT=http WWRUNTIMEJAVA=" + java
          + "; /warewulf/provision/60-runtimesupport; echo rc=$?; cat /tmp/ww-install.err").stdout();

      assertThat(out).contains("runtime services installed").contains("rc=0");
      assertThat(newroot.resolve("warewulf/bin/wwgetfiles")).isExecutable();
      assertThat(newroot.resolve("warewulf/lib/ww-node-runtime.jar")).hasSameBinaryContentAs(jar);
      assertThat(newroot.resolve("etc/cron.d/wwgetfiles")).content().contains("/warewulf/bin/wwgetfiles");
      assertThat(newroot.resolve("etc/cron.d/wwgetscript")).content().contains("/warewulf/bin/wwgetscript --exec runtime");
      Path config = newroot.resolve("warewulf/config");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
      assertThat(Files.readString(config)).contains("WWPORT='" + master.port() + "'").contains("WWMASTER='127.0.0.1'")
          .contains("WWINIT_HWADDR='52:54:00:00:00:01'").contains("WWNODENAME='n1'").contains("WWTRANSPORT='http'");
      assertThat(newroot.resolve("warewulf/nodeconfig.new")).doesNotExist();
      assertThat(mountsBelow(newroot)).noneMatch(point -> point.endsWith("/proc") || point.endsWith("/dev"));

      mount("--bind", "/proc", newroot.resolve("proc").toString());
      ProcessResult script = Prerequisites.run(Command.builder("chroot", newroot.toString(), "/warewulf/bin/wwgetscript", "runtime")
          .env("PATH", "/usr/bin:/bin").env("WW_JAVA", java.toString()).timeout(Duration.ofMinutes(2)).allowFailure().build());

      assertThat(script.stdout()).as(script.stderr()).isEqualTo("echo from-the-master\n");
      assertThat(master.requests()).extracting(r -> URLDecoder.decode(r, StandardCharsets.UTF_8))
          .contains("/WW/script?hwaddr=52:54:00:00:00:01&type=runtime");
    }
  }

  @Test
  void files_areVerifiedAgainstTheirEtag() throws Exception {
    byte[] motd = "hello\n".getBytes(StandardCharsets.UTF_8);
    String query = "/WW/file?hwaddr=52:54:00:00:00:01";
    try (MiniMaster master = new MiniMaster()) {
      master.answer(query, ("f-1 motd 0 0 -0644 1 " + sha256(motd) + " /etc/motd\n"
              + "f-2 issue 0 0 -0644 1 " + "0".repeat(64) + " /etc/issue\n").getBytes(StandardCharsets.UTF_8))
          .answer(query + "&fileid=f-1", motd)
          .answer(query + "&fileid=f-2", motd);

      String out = node("export NEWROOT=/newroot WWMASTER=127.0.0.1:" + master.port()
          + " WWINIT_HWADDR=52:54:00:00:00:01; /warewulf/provision/80-files; echo rc=$?").stdout();

      assertThat(root.resolve("newroot/etc/motd")).hasContent("hello");
      assertThat(out).contains("file issue: checksum mismatch (expected " + "0".repeat(64)).contains("rc=2");
      assertThat(root.resolve("newroot/etc/issue")).doesNotExist();
      assertThat(root.resolve("newroot/etc/issue.wwnew")).doesNotExist();
    }
  }

  @Test
  void files_devicesFifosAndSetuidFiles_areMadeWithOwnerAndExactMode() throws Exception {
    String query = "/WW/file?hwaddr=52:54:00:00:00:01";
    try (MiniMaster master = new MiniMaster()) {
      master.answer(query, ("f-1 tun 0 0 c0666 1 - /dev/net/tun\n"
              + "f-2 loop 0 6 b0660 1 - /dev/loop9\n"
              + "f-3 pipe 0 0 p0620 1 - /run/ww.fifo\n"
              + "f-4 tool 0 0 -4755 1 - /usr/bin/tool\n"
              + "f-5 bad 0 0 c0600 1 - /dev/bad\n").getBytes(StandardCharsets.UTF_8))
          .answer(query + "&fileid=f-1", "10:200\n".getBytes(StandardCharsets.UTF_8))
          .answer(query + "&fileid=f-2", "7:9\n".getBytes(StandardCharsets.UTF_8))
          .answer(query + "&fileid=f-4", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8))
          .answer(query + "&fileid=f-5", "x:y\n".getBytes(StandardCharsets.UTF_8));

      String out = node("export NEWROOT=/newroot WWMASTER=127.0.0.1:" + master.port()
          + " WWINIT_HWADDR=52:54:00:00:00:01; /warewulf/provision/80-files; echo rc=$?").stdout();

      // the bad line comes last: everything before it is in place, the run fails on it
      assertThat(out).contains("file bad: 'x:y' is not MAJOR:MINOR").contains("rc=2");
      assertThat(Prerequisites.run(Command.of("stat", "-c", "%F %a %t:%T %g",
              root.resolve("newroot/dev/net/tun").toString(), root.resolve("newroot/dev/loop9").toString(),
              root.resolve("newroot/run/ww.fifo").toString(), root.resolve("newroot/usr/bin/tool").toString()))
          .stdout())
          .isEqualTo("character special file 666 a:c8 0\n"
              + "block special file 660 7:9 6\n"
              + "fifo 620 0:0 0\n"
              + "regular file 4755 0:0 0\n");
      assertThat(root.resolve("newroot/dev/bad")).doesNotExist();
      assertThat(root.resolve("newroot/dev/bad.wwnew")).doesNotExist();
    }
  }

  @Test
  void files_withoutEtagCheck_areWrittenWithModeOwnerAndLinks() throws Exception {
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/file", ("f-7 motd 0 0 -0640 1 - /etc/my%20motd\nf-8 conf 0 0 d0700 1 - /etc/secret.d\n"
          + "f-9 link 0 0 l0777 1 - /etc/link\n").getBytes(StandardCharsets.UTF_8));

      String out = node("export NEWROOT=/newroot WWMASTER=127.0.0.1:" + master.port()
          + " WWINIT_HWADDR=52:54:00:00:00:01; /warewulf/provision/80-files; echo rc=$?").stdout();

      assertThat(out).contains("rc=0").contains("3 file(s) provisioned");
      assertThat(master.requests()).contains("/WW/file?hwaddr=52:54:00:00:00:01&fileid=f-7");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("newroot/etc/my motd"))))
          .isEqualTo("rw-r-----");
      assertThat(root.resolve("newroot/etc/secret.d")).isDirectory();
      assertThat(Files.isSymbolicLink(root.resolve("newroot/etc/link"))).isTrue();
    }
  }
}
