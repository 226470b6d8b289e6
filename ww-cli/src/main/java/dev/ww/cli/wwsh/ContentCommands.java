package dev.ww.cli.wwsh;

import dev.ww.core.UserException;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The verbs VNFS capsules and bootstraps share: import a file built elsewhere as a blob plus an
 * object, list, delete, export. Subclasses name the type.
 */
final class ContentCommands {

  private ContentCommands() {}

  abstract static class Import extends StoreCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The file to import.")
    Path file;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Object name (default: the file's base name).")
    String name;

    @Option(names = {"-a", "--arch"}, paramLabel = "ARCH", description = "Architecture (default: this machine's).")
    String arch;

    @Option(names = {"-y", "--yes", "--overwrite"}, description = "Replace an existing object of that name.")
    boolean overwrite;

    abstract String type();

    /** Members a type adds to the imported object besides its content. */
    Attributes extra(Datastore store, Attributes base) throws IOException {
      return base;
    }

    @Override
    protected void run(Datastore store) throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new UserException(file + " is not a regular file");
      }
      String objectName = name != null ? name : baseName(file.getFileName().toString());
      Attributes extra = extra(store, Attributes.empty().set("ARCH", arch != null ? arch : hostArch()));
      try (InputStream in = Files.newInputStream(file)) {
        StoredObject imported = editor(store).importContent(type(), objectName, in, extra, overwrite);
        out().println("Imported " + type() + " " + objectName + " (" + imported.attributes().get("SIZE").orElse("?")
            + " bytes, sha256:" + imported.attributes().get("_BLOB").orElse("") + ")");
      }
    }

    private static String baseName(String fileName) {
      for (String suffix : List.of(".img.gz", ".vnfs", ".wwbs", ".cpio.gz", ".gz", ".xz", ".zst", ".img")) {
        if (fileName.endsWith(suffix) && fileName.length() > suffix.length()) {
          return fileName.substring(0, fileName.length() - suffix.length());
        }
      }
      return fileName;
    }

    private static String hostArch() {
      String arch = System.getProperty("os.arch");
      return arch.equals("amd64") ? "x86_64" : arch;
    }
  }

  abstract static class ListContent extends StoreCommand {
    @Mixin NodeCommand.Targets targets;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    abstract String type();

    @Override
    protected void run(Datastore store) throws IOException {
      List<StoredObject> objects = targets.targets.isEmpty()
          ? store.find(Query.all(type())) : store.require(targets.query(type()));
      if (json) {
        Printer.json(out(), objects);
      } else {
        Printer.table(out(), objects, List.of("ARCH", "SIZE"));
      }
    }
  }

  abstract static class Delete extends StoreCommand {
    @Mixin NodeCommand.Targets targets;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    abstract String type();

    @Override
    protected void run(Datastore store) throws IOException {
      ObjectCommand.deleteConfirmed(this, store, targets.query(type()), targets.targets, yes);
    }
  }

  abstract static class Export extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "DEST")
    Path destination;

    abstract String type();

    @Override
    protected void run(Datastore store) throws IOException {
      Path target = Files.isDirectory(destination) ? destination.resolve(name) : destination;
      editor(store).exportContent(type(), name, target);
    }
  }
}
