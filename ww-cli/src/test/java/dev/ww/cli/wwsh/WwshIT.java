package dev.ww.cli.wwsh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.cli.wwsh.WwshRunner.Result;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wwsh end to end on a real embedded store, run in-process through the launcher. */
class WwshIT {

  @TempDir Path root;
  private Map<String, String> environment;

  @BeforeEach
  void layout() throws Exception {
    configure(root.resolve("etc"));
    environment = WwshRunner.environmentUnder(root);
  }

  /** Prepares the configuration directory; the embedded store needs nothing. */
  void configure(Path configDir) throws Exception {}

  private Result wwsh(String... args) {
    return WwshRunner.run(environment, args);
  }

  private Result ok(String... args) {
    return WwshRunner.ok(environment, args);
  }

  private void fails(String message, String... args) {
    WwshRunner.fails(environment, message, args);
  }

  @Test
  void seedExample_setAndDeleteNoRuntimeServices() {
    ok("node", "new", "n0001", "--hwaddr", "52:54:00:00:00:01", "--ipaddr", "10.0.0.1", "-g", "compute");
    Result set = ok("object", "modify", "-s", "NORUNTIMESERVICES=1", "n0001", "-y");
    assertThat(set.out()).contains("SET: NORUNTIMESERVICES = 1");
    assertThat(ok("object", "print", "n0001").out()).contains("NORUNTIMESERVICES = 1");
    ok("object", "modify", "-D", "NORUNTIMESERVICES", "n0001", "-y");
    assertThat(ok("object", "print", "n0001").out()).doesNotContain("NORUNTIMESERVICES");
  }

  @Test
  void node_newSetListPrintCloneDelete() {
    ok("node", "new", "n00[00-09]", "-g", "compute", "-c", "c1");
    ok("node", "set", "n0003", "-D", "eth0", "-H", "52-54-00-AA-00-03", "-I", "10.0.0.3", "-M", "255.255.255.0", "-y");
    ok("node", "set", "n000[0-4]", "--groupadd", "gpu", "-y");
    Result list = ok("node", "list", "-l", "groups", "gpu");
    assertThat(list.out()).contains("n0003", "10.0.0.3", "52:54:00:aa:00:03").doesNotContain("n0005");
    assertThat(ok("node", "list", "-l", "hwaddr", "52:54:00:aa:00:03", "--json").out())
        .contains("\"name\" : \"n0003\"").doesNotContain("n0004");
    ok("node", "set", "n0003", "-D", "eth0", "--netrename", "ib0", "-y");
    assertThat(ok("node", "print", "n0003").out()).contains("NETDEV.IB0.HWADDR").doesNotContain("NETDEV.ETH0");
    ok("node", "clone", "n0003", "n0100");
    assertThat(ok("node", "print", "n0100").out()).contains("gpu").doesNotContain("HWADDR");
    ok("node", "delete", "n000[5-9]", "-y");
    assertThat(ok("node", "list").out()).contains("n0004").doesNotContain("n0005");
  }

  @Test
  void badInput_failsWithOneLineAndChangesNothing() {
    ok("node", "new", "n0001", "-H", "52:54:00:00:00:01");
    fails("no node named n0002", "node", "set", "n0002", "-c", "x", "-y");
    fails("is not a hardware address", "node", "new", "n0002", "-H", "52:54:00:00:01");
    fails("is not a valid IP address", "node", "new", "n0002", "-I", "10.0.0.256");
    fails("already used by node n0001", "node", "new", "n0002", "-H", "52:54:00:00:00:01");
    fails("expands to nothing", "node", "list", "n[5-1]");
    fails("private member", "object", "modify", "-s", "_BLOB=x", "n0001", "-y");
    fails("there is no vnfs named nope", "provision", "set", "n0001", "--vnfs", "nope", "-y");
    assertThat(ok("node", "list").out()).doesNotContain("n0002");
  }

  @Test
  void confirmation_showsChangesFirst_andNoAnswerChangesNothing() {
    ok("node", "new", "n0001");
    InputStream original = System.in;
    try {
      System.setIn(new ByteArrayInputStream("no\n".getBytes(StandardCharsets.UTF_8)));
      Result declined = ok("node", "set", "n0001", "-c", "c9");
      assertThat(declined.out()).contains("SET: CLUSTER = c9", "Yes/No>", "No changes made.");
      System.setIn(new ByteArrayInputStream(new byte[0]));
      fails("pass -y", "node", "set", "n0001", "-c", "c9");
      System.setIn(new ByteArrayInputStream("yes\n".getBytes(StandardCharsets.UTF_8)));
      ok("node", "set", "n0001", "-c", "c8");
    } finally {
      System.setIn(original);
    }
    assertThat(ok("node", "print", "n0001").out()).contains("CLUSTER          = c8");
  }

  @Test
  void files_importDetectsFormat_exportRoundTrips_deleteStripsFromNodes() throws Exception {
    Path script = root.resolve("setup");
    Files.writeString(script, "#!/bin/sh\necho configured\n");
    Path hosts = root.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 localhost\n");
    assertThat(ok("file", "import", script.toString()).out()).contains("(shell)");
    ok("file", "import", hosts.toString(), "-n", "hosts", "-D", "/etc/hosts", "-m", "0644");
    Result list = ok("file", "list");
    assertThat(list.out()).contains("setup", "shell", "hosts", "data", "0644", "/etc/hosts");
    Path exported = root.resolve("exported");
    ok("file", "export", "hosts", exported.toString());
    assertThat(Files.readString(exported)).isEqualTo("127.0.0.1 localhost\n");
    ok("file", "set", "hosts", "--mode", "600", "-y");
    assertThat(ok("file", "print", "hosts").out()).contains("MODE             = 0600");

    ok("node", "new", "n0001");
    ok("provision", "set", "n0001", "--files", "hosts,setup", "-y");
    ok("file", "delete", "setup", "-y");
    assertThat(ok("provision", "print", "n0001", "--json").out()).contains("\"hosts\"").doesNotContain("setup");
  }

  @Test
  void vnfsAndBootstrap_importAssignExport_andCorruptionIsReported() throws Exception {
    Path capsule = root.resolve("compute.vnfs");
    byte[] bytes = new byte[200_000];
    new java.util.Random(7).nextBytes(bytes);
    Files.write(capsule, bytes);
    ok("vnfs", "import", capsule.toString(), "-a", "x86_64");
    Path kernel = root.resolve("bs.img");
    Files.writeString(kernel, "bootstrap");
    ok("bootstrap", "import", kernel.toString(), "-n", "6.1.0");
    assertThat(ok("vnfs", "list").out()).contains("compute", "x86_64", "200000");
    fails("already exists", "vnfs", "import", capsule.toString());

    ok("node", "new", "n0001");
    ok("provision", "set", "n0001", "-V", "compute", "-b", "6.1.0", "--kargs", "quiet console=ttyS0", "--bootlocal", "0", "-y");
    Result print = ok("provision", "print", "n0001");
    assertThat(print.out()).contains("VNFS             = compute", "BOOTSTRAP        = 6.1.0", "KARGS            = quiet console=ttyS0");
    fails("is used by 1 node", "vnfs", "delete", "compute", "-y");

    Path out = root.resolve("out.vnfs");
    ok("vnfs", "export", "compute", out.toString());
    assertThat(Files.readAllBytes(out)).isEqualTo(bytes);

    // The embedded store's blob file, or PostgreSQL's local cache copy.
    try (Stream<Path> files = Files.walk(root.resolve("state"))) {
      for (Path blob : files.filter(Files::isRegularFile).toList()) {
        if (Files.size(blob) == bytes.length) {
          byte[] damaged = Files.readAllBytes(blob);
          damaged[5] ^= 1;
          Files.write(blob, damaged);
        }
      }
    }
    Files.delete(out);
    fails("is corrupt", "vnfs", "export", "compute", out.toString());
    assertThat(out).doesNotExist();
  }

  @Test
  void history_andUndo() {
    ok("node", "new", "n0001");
    ok("node", "set", "n0001", "-c", "alpha", "-y");
    Result history = ok("object", "history", "n0001");
    assertThat(history.out()).contains("by tester", "+ CLUSTER = alpha");
    String changeLine = history.out().lines().filter(l -> l.contains("CLUSTER")).findFirst().orElseThrow();
    String last = history.out().lines().filter(l -> l.startsWith("change ")).reduce((a, b) -> b).orElseThrow();
    String id = last.split("\\s+")[1];
    assertThat(changeLine).isNotEmpty();
    ok("object", "undo", id, "-y");
    assertThat(ok("object", "print", "n0001").out()).doesNotContain("CLUSTER");
    fails("has changed since", "object", "undo", id, "-y");
  }

  @Test
  void yamlExport_thenImport_dryRunShowsDiff_andCorruptYamlChangesNothing() throws Exception {
    ok("node", "new", "n0001", "-H", "52:54:00:00:00:01", "-g", "a,b");
    ok("node", "new", "n0002", "-c", "c1");
    Path export = root.resolve("store.yaml");
    ok("object", "export", "-o", export.toString());
    String yaml = Files.readString(export);
    assertThat(yaml).contains("format: ww-datastore/1", "name: n0001", "NETDEV.ETH0.HWADDR: 52:54:00:00:00:01");

    String edited = yaml.replace("CLUSTER: c1", "CLUSTER: c2")
        + "- type: node\n  name: n0003\n  members:\n    GROUPS: [x, y]\n";
    Files.writeString(export, edited);
    Result dryRun = ok("object", "import", "--dry-run", export.toString());
    assertThat(dryRun.out()).contains("~ node n0002", "~ CLUSTER = c1 -> c2", "+ node n0003", "+ GROUPS = x,y");
    assertThat(ok("node", "print", "n0002").out()).contains("c1");
    ok("object", "import", "-y", export.toString());
    assertThat(ok("node", "print", "n0002").out()).contains("c2");
    assertThat(ok("node", "list", "n0003").out()).contains("x,y");
    assertThat(ok("object", "import", "-y", export.toString()).out()).contains("Nothing to change");

    Files.writeString(export, edited.replace("CLUSTER: c2", "CLUSTER: [c3") );
    fails("store.yaml", "object", "import", "-y", export.toString());
    Files.writeString(export, edited.replace("CLUSTER: c2", "CLUSTER: c4").replace("52:54:00:00:00:01", "52:54:00:00:00:zz"));
    fails("is not a hardware address", "object", "import", "-y", export.toString());
    assertThat(ok("node", "print", "n0002").out()).contains("c2").doesNotContain("c4");
  }

  @Test
  void warewulf3Jsondump_importsNodesWithNetdevsAndReferencesByName() throws Exception {
    Path dump = root.resolve("dump.json");
    Files.writeString(dump, """
        [ {"_ID":"3","_TYPE":"vnfs","NAME":"centos7","ARCH":"x86_64","SIZE":"1234","CHECKSUM":"abc"},
          {"_ID":"4","_TYPE":"file","NAME":"hosts","PATH":"/etc/hosts","MODE":"0644","FORMAT":"data"},
          {"_ID":"7","_TYPE":"node","_TIMESTAMP":"1","NAME":["n0001","n0001.c1"],"NODENAME":"n0001",
           "CLUSTER":"c1","GROUPS":["compute","gpu"],"VNFSID":"3","FILEIDS":["4"],"NORUNTIMESERVICES":"1",
           "_HWADDR":["52:54:00:00:00:01"],
           "NETDEVS":{"ARRAY":[{"NAME":"eth0","HWADDR":"52:54:00:00:00:01","IPADDR":"10.0.0.1","NETMASK":"255.255.255.0"}]}} ]
        """);
    assertThat(ok("object", "import", "--jsondump", "--dry-run", dump.toString()).out())
        .contains("+ vnfs centos7", "+ node n0001", "+ VNFS = centos7", "+ FILES = hosts", "+ NETDEV.ETH0.HWADDR = 52:54:00:00:00:01");
    ok("object", "import", "--jsondump", "-y", dump.toString());
    assertThat(ok("node", "list", "-l", "hwaddr", "52:54:00:00:00:01").out()).contains("n0001", "10.0.0.1", "compute,gpu");
    assertThat(ok("provision", "print", "n0001").out()).contains("VNFS             = centos7", "NORUNTIMESERVICES = 1");

    Files.writeString(dump, "[ {\"_ID\":\"7\",\"_TYPE\":\"node\",\"NAME\":\"n0002\",\"VNFSID\":\"99\"} ]");
    fails("object id 99", "object", "import", "--jsondump", "-y", dump.toString());
    Files.writeString(dump, "[ {\"_TYPE\": ");
    fails("not valid JSON", "object", "import", "--jsondump", "-y", dump.toString());
  }
}
