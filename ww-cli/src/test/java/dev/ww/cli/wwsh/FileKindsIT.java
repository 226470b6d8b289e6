package dev.ww.cli.wwsh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.cli.wwsh.WwshRunner.Result;
import dev.ww.core.Layout;
import dev.ww.datastore.Datastore;
import dev.ww.provision.DatastoreCatalog;
import dev.ww.provision.NodeFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wwsh file import} of device nodes, fifos and directories of this host, and {@code wwsh
 * file new}, on a real embedded store; what the provisioning server's catalog then reads.
 */
class FileKindsIT {

  @TempDir Path root;
  private Map<String, String> environment;

  @BeforeEach
  void layout() {
    environment = WwshRunner.environmentUnder(root);
  }

  private Result wwsh(String... args) {
    return WwshRunner.run(environment, args);
  }

  private Result ok(String... args) {
    return WwshRunner.ok(environment, args);
  }

  private void fails(String message, String... args) {
    WwshRunner.fails(environment, message, args);
  }

  private NodeFile served(String name) throws Exception {
    try (Datastore store = Datastore.open(Layout.of(root.resolve("etc"), root.resolve("state")))) {
      return new DatastoreCatalog(store, root.resolve("cache")).file(name).orElseThrow();
    }
  }

  @Test
  void import_deviceNode_recordsTypeNumbersModeOwner_neverItsContent() throws Exception {
    // /dev/null: character device 1:3 on every Linux host.
    assertThat(ok("file", "import", "/dev/null", "-n", "devnull").out()).contains("Imported devnull (chr 1:3)");
    assertThat(ok("file", "print", "devnull").out())
        .contains("FILETYPE", "= chr", "MAJOR", "= 1", "MINOR", "= 3", "PATH", "= /dev/null", "MODE", "= 0666")
        .doesNotContain("_BLOB");
    NodeFile f = served("devnull");
    assertThat(f.kind()).isEqualTo(NodeFile.Kind.CHARACTER_DEVICE);
    assertThat(f.major()).isEqualTo(1);
    assertThat(f.minor()).isEqualTo(3);
    assertThat(f.mode()).isEqualTo(0666);
    assertThat(f.content()).isEmpty();
  }

  @Test
  void import_fifoAndDirectory_keepSpecialModeBits() throws Exception {
    Path fifo = root.resolve("ctl");
    Process p = new ProcessBuilder("mkfifo", "-m", "0620", fifo.toString()).start();
    assertThat(p.waitFor()).isZero();
    Path dir = Files.createDirectories(root.resolve("spool"));
    Files.setAttribute(dir, "unix:mode", 01777);
    assertThat(ok("file", "import", fifo.toString(), "-D", "/run/ctl").out()).contains("(fifo)");
    assertThat(ok("file", "import", dir.toString(), "-D", "/var/spool/x").out()).contains("(directory)");
    assertThat(served("ctl").kind()).isEqualTo(NodeFile.Kind.FIFO);
    assertThat(served("ctl").mode()).isEqualTo(0620);
    assertThat(served("spool").kind()).isEqualTo(NodeFile.Kind.DIRECTORY);
    assertThat(served("spool").mode()).isEqualTo(01777);
    assertThat(served("spool").path()).isEqualTo("/var/spool/x");
  }

  @Test
  void new_blockDeviceSymlinkDirectory_andUsageErrors() throws Exception {
    assertThat(ok("file", "new", "sda1", "--type", "blk", "--major", "8", "--minor", "1", "--path", "/dev/sda1",
        "-m", "0660", "-g", "6").out()).contains("Created sda1 (blk 8:1)");
    NodeFile sda = served("sda1");
    assertThat(sda.kind()).isEqualTo(NodeFile.Kind.BLOCK_DEVICE);
    assertThat(new String(sda.deviceNumbers(), StandardCharsets.US_ASCII)).isEqualTo("8:1\n");
    assertThat(sda.gid()).isEqualTo(6);
    assertThat(sda.mode()).isEqualTo(0660);

    ok("file", "new", "vi", "-t", "symlink", "--target", "/usr/bin/vim", "-D", "/usr/bin/vi");
    NodeFile vi = served("vi");
    assertThat(vi.kind()).isEqualTo(NodeFile.Kind.SYMLINK);
    assertThat(vi.mode()).isEqualTo(0777);
    assertThat(Files.readString(vi.content().orElseThrow().path())).isEqualTo("/usr/bin/vim");

    ok("file", "new", "data", "-t", "dir", "-D", "/srv/data");
    assertThat(served("data").mode()).isEqualTo(0755);

    fails("needs --major and --minor", "file", "new", "x", "-t", "chr", "-D", "/dev/x", "--major", "1");
    fails("for devices (chr, blk) only", "file", "new", "x", "-t", "fifo", "-D", "/dev/x", "--major", "1", "--minor", "1");
    fails("out of range", "file", "new", "x", "-t", "chr", "-D", "/dev/x", "--major", "4096", "--minor", "1");
    fails("needs --target", "file", "new", "x", "-t", "symlink", "-D", "/x");
    fails("--type must be", "file", "new", "x", "-t", "regular", "-D", "/x");
    fails("--type must be", "file", "new", "x", "-t", "socket", "-D", "/x");
    fails("must be absolute", "file", "new", "x", "-t", "fifo", "-D", "dev/x");
    fails("already exists", "file", "new", "sda1", "-t", "fifo", "-D", "/dev/sda1");
  }

  @Test
  void overwrite_changesKind_inBothDirections_leavesNoStaleMembers() throws Exception {
    Path conf = root.resolve("app.conf");
    Files.writeString(conf, "x=1\n");
    ok("file", "import", conf.toString(), "-n", "thing", "-D", "/etc/app.conf");
    ok("file", "new", "thing", "-t", "chr", "--major", "10", "--minor", "200", "-D", "/dev/net/tun", "-m", "0666", "-y");
    assertThat(ok("file", "print", "thing").out()).doesNotContain("_BLOB").doesNotContain("SIZE").contains("= chr");
    assertThat(served("thing").kind()).isEqualTo(NodeFile.Kind.CHARACTER_DEVICE);

    fails("already exists", "file", "import", conf.toString(), "-n", "thing");
    ok("file", "import", conf.toString(), "-n", "thing", "-D", "/etc/app.conf", "--overwrite");
    assertThat(ok("file", "print", "thing").out()).doesNotContain("FILETYPE").doesNotContain("MAJOR").contains("_BLOB");
    NodeFile back = served("thing");
    assertThat(back.kind()).isEqualTo(NodeFile.Kind.REGULAR);
    assertThat(Files.readString(back.content().orElseThrow().path())).isEqualTo("x=1\n");
  }

  @Test
  void import_socketOrMissing_isRefusedClearly() throws Exception {
    fails("does not exist", "file", "import", root.resolve("nothing").toString());
    Path sock = root.resolve("s.sock");
    try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      ch.bind(java.net.UnixDomainSocketAddress.of(sock));
      fails("sockets cannot be provisioned", "file", "import", sock.toString());
    }
  }
}
