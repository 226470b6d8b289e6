package dev.ww.cli.wwsh;

import dev.ww.cli.bootstrap.BootstrapImport;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.ObjectTypes;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wwsh bootstrap import|list|delete|export}. */
@Command(
    name = "bootstrap",
    description = "Bootstraps (kernel and initramfs).",
    subcommands = {BootstrapCommand.Import.class, BootstrapCommand.ListBootstraps.class, BootstrapCommand.Delete.class, BootstrapCommand.Export.class})
final class BootstrapCommand {

  @Command(name = "import", description = "Import a bootstrap built elsewhere: FILE is the initramfs, --kernel the kernel image.")
  static final class Import extends ContentCommands.Import {
    @Option(names = {"-k", "--kernel"}, paramLabel = "KERNEL",
        description = "The kernel image nodes boot with the initramfs (without it, nodes cannot boot this bootstrap).")
    Path kernel;

    @Override
    Attributes extra(Datastore store, Attributes base) throws IOException {
      return kernel == null ? base : BootstrapImport.withKernel(store, base, kernel);
    }

    @Override
    String type() {
      return ObjectTypes.BOOTSTRAP;
    }
  }

  @Command(name = "list", description = "List bootstraps.")
  static final class ListBootstraps extends ContentCommands.ListContent {
    @Override
    String type() {
      return ObjectTypes.BOOTSTRAP;
    }
  }

  @Command(name = "delete", description = "Delete bootstraps no node uses.")
  static final class Delete extends ContentCommands.Delete {
    @Override
    String type() {
      return ObjectTypes.BOOTSTRAP;
    }
  }

  @Command(name = "export", description = "Write a bootstrap to a file (verified).")
  static final class Export extends ContentCommands.Export {
    @Override
    String type() {
      return ObjectTypes.BOOTSTRAP;
    }
  }
}
