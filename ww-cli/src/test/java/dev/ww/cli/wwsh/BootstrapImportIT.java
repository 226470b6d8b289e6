package dev.ww.cli.wwsh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.cli.Launcher;
import dev.ww.core.Layout;
import dev.ww.datastore.Datastore;
import dev.ww.provision.BootstrapImage;
import dev.ww.provision.DatastoreCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wwsh bootstrap import --kernel}: a bootstrap the provisioning server can boot nodes with. */
class BootstrapImportIT {

  @TempDir Path root;

  private int wwsh(StringWriter err, String... args) {
    List<String> all = new ArrayList<>(List.of("wwsh"));
    all.addAll(List.of(args));
    Map<String, String> env = Map.of(
        "WW_CONFIG_DIR", root.resolve("etc").toString(), "WW_STATE_DIR", root.resolve("state").toString(), "USER", "tester");
    return Launcher.run(all.toArray(String[]::new), env, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
  }

  @Test
  void import_withKernel_givesTheServerKernelAndInitramfs() throws Exception {
    Path kernel = Files.writeString(root.resolve("vmlinuz"), "kernel image");
    Path initramfs = Files.writeString(root.resolve("initfs.gz"), "initramfs bytes");
    StringWriter err = new StringWriter();
    assertThat(wwsh(err, "bootstrap", "import", initramfs.toString(), "--kernel", kernel.toString(), "-n", "6.1.0")).as(err.toString()).isZero();

    try (Datastore store = Datastore.open(Layout.under(root))) {
      Optional<BootstrapImage> image = new DatastoreCatalog(store, root.resolve("cache")).bootstrap("6.1.0");
      assertThat(image).isPresent();
      assertThat(Files.readString(image.get().kernel().path())).isEqualTo("kernel image");
      assertThat(Files.readString(image.get().initramfs().path())).isEqualTo("initramfs bytes");
    }
  }

  @Test
  void import_withoutKernel_isStoredButNotBootable() throws Exception {
    Path initramfs = Files.writeString(root.resolve("initfs.gz"), "initramfs bytes");
    StringWriter err = new StringWriter();
    assertThat(wwsh(err, "bootstrap", "import", initramfs.toString(), "-n", "plain")).isZero();
    try (Datastore store = Datastore.open(Layout.under(root))) {
      assertThat(new DatastoreCatalog(store, root.resolve("cache")).bootstrap("plain")).isEmpty();
    }
  }

  @Test
  void import_missingKernelFile_isAUserErrorAndStoresNothing() throws Exception {
    Path initramfs = Files.writeString(root.resolve("initfs.gz"), "initramfs bytes");
    StringWriter err = new StringWriter();
    assertThat(wwsh(err, "bootstrap", "import", initramfs.toString(), "--kernel", root.resolve("nope").toString(), "-n", "x")).isEqualTo(1);
    assertThat(err.toString()).contains("is not a regular file").doesNotContain("\tat ");
    try (Datastore store = Datastore.open(Layout.under(root))) {
      assertThat(new DatastoreCatalog(store, root.resolve("cache")).bootstrap("x")).isEmpty();
    }
  }
}
