package dev.ww.cli.wwsh;

import dev.ww.datastore.ObjectTypes;
import picocli.CommandLine.Command;

/** {@code wwsh bootstrap import|list|delete|export}. */
@Command(
    name = "bootstrap",
    description = "Bootstraps (kernel and initramfs).",
    subcommands = {BootstrapCommand.Import.class, BootstrapCommand.ListBootstraps.class, BootstrapCommand.Delete.class, BootstrapCommand.Export.class})
final class BootstrapCommand {

  @Command(name = "import", description = "Import a bootstrap built elsewhere.")
  static final class Import extends ContentCommands.Import {
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
