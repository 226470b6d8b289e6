package dev.ww.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.provision.NodeAttribute;
import dev.ww.provision.NodeFile;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WwGetScriptIT {

  @TempDir Path dir;
  NodeFixture fx;
  Path marker;

  @BeforeEach
  void setUp() throws IOException {
    fx = new NodeFixture(dir);
    marker = dir.resolve("marker");
    String script = "#!/bin/sh\necho ran > '" + marker + "'\necho to-stdout\nexit 7\n";
    fx.catalog.put(NodeFile.regular("s-rt", "rt.sh", "/rt.sh", 0755, "shell", fx.blob(script, NodeFixture.T0)));
    fx.catalog.put(NodeFile.regular("s-py", "rt.py", "/rt.py", 0755, "python", fx.blob("print(1)\n", NodeFixture.T0)));
    fx.catalog.put(NodeFixture.node().attribute(NodeAttribute.of("runtimescript", "rt.sh", "rt.py")).build());
    fx.start();
    fx.config(fx.port());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void wwgetscript_runtime_printsOnlyShellFormatScripts() throws Exception {
    NodeFixture.Run r = fx.tool("wwgetscript", "runtime");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("echo ran > ").contains("exit 7").doesNotContain("print(1)");
    assertThat(marker).doesNotExist();
  }

  @Test
  void wwgetscript_exec_runsTheScriptWithItsExitStatus() throws Exception {
    NodeFixture.Run r = fx.tool("wwgetscript", "--exec", "runtime");
    assertThat(r.exit()).isEqualTo(7);
    assertThat(r.out()).isEqualTo("to-stdout\n");
    assertThat(marker).hasContent("ran");
  }

  @Test
  void wwgetscript_typeWithoutScripts_printsNothingAndSucceeds() throws Exception {
    NodeFixture.Run r = fx.tool("wwgetscript", "--exec", "pre");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void wwgetscript_unknownNode_failsWithTheReason() throws Exception {
    fx.catalog.removeNode("n1");
    NodeFixture.Run r = fx.tool("wwgetscript", "runtime");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("HTTP 403").contains("52:54:00:12:34:56");
  }
}
