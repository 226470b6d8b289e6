package dev.ww.cli.wwsh;

import dev.ww.datastore.ObjectTypes;
import picocli.CommandLine.Command;

/** {@code wwsh vnfs import|list|delete|export}. */
@Command(
    name = "vnfs",
    description = "VNFS capsules (node root images).",
    subcommands = {VnfsCommand.Import.class, VnfsCommand.ListVnfs.class, VnfsCommand.Delete.class, VnfsCommand.Export.class})
final class VnfsCommand {

  @Command(name = "import", description = "Import a capsule built elsewhere (wwvnfs -o FILE).")
  static final class Import extends ContentCommands.Import {
    @Override
    String type() {
      return ObjectTypes.VNFS;
    }
  }

  @Command(name = "list", description = "List capsules.")
  static final class ListVnfs extends ContentCommands.ListContent {
    @Override
    String type() {
      return ObjectTypes.VNFS;
    }
  }

  @Command(name = "delete", description = "Delete capsules no node uses.")
  static final class Delete extends ContentCommands.Delete {
    @Override
    String type() {
      return ObjectTypes.VNFS;
    }
  }

  @Command(name = "export", description = "Write a capsule to a file (verified).")
  static final class Export extends ContentCommands.Export {
    @Override
    String type() {
      return ObjectTypes.VNFS;
    }
  }
}
