package dev.ww.cli.wwsh;

import dev.ww.core.UserException;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.Modification;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredFile;
import dev.ww.datastore.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wwsh file import|export|list|print|set|delete}: files provisioned to nodes. */
@Command(
    name = "file",
    description = "Files provisioned to nodes.",
    subcommands = {
      FileCommand.Import.class, FileCommand.Export.class, FileCommand.ListFiles.class,
      FileCommand.Print.class, FileCommand.SetFile.class, FileCommand.Delete.class
    })
final class FileCommand {

  @Command(name = "import", description = "Import files from this host (name = base name, path = the import path).")
  static final class Import extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Object name (one file only).")
    String name;

    @Option(names = {"-D", "--path"}, paramLabel = "PATH", description = "Path on the node (one file only).")
    String nodePath;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", description = "Octal mode (default: the file's).")
    String mode;

    @Option(names = {"-u", "--uid"}, paramLabel = "UID", description = "Owner (default: the file's).")
    Long uid;

    @Option(names = {"-g", "--gid"}, paramLabel = "GID", description = "Group (default: the file's).")
    Long gid;

    @Option(names = {"-y", "--yes", "--overwrite"}, description = "Replace files that already exist.")
    boolean overwrite;

    @Override
    protected void run(Datastore store) throws IOException {
      if (files.size() > 1 && (name != null || nodePath != null)) {
        throw new UserException("--name and --path apply to one file; import the files one by one");
      }
      for (Path file : files) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
          throw new UserException(file + " is not a regular file");
        }
        int fileMode = mode != null ? StoredFile.parseMode(mode) : modeOf(absolute);
        long fileUid = uid != null ? uid : ((Number) Files.getAttribute(absolute, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        long fileGid = gid != null ? gid : ((Number) Files.getAttribute(absolute, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue();
        String objectName = name != null ? name : absolute.getFileName().toString();
        try (InputStream in = Files.newInputStream(absolute)) {
          StoredObject imported = editor(store).importFile(
              objectName, nodePath != null ? nodePath : absolute.toString(), fileMode, fileUid, fileGid, in, overwrite);
          out().println("Imported " + objectName + " (" + new StoredFile(imported).format() + ")");
        }
      }
    }

    private static int modeOf(Path file) throws IOException {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      int mode = 0;
      for (PosixFilePermission p : permissions) {
        mode |= 1 << (8 - p.ordinal());
      }
      return mode;
    }
  }

  @Command(name = "export", description = "Write a file object's content to a host file.")
  static final class Export extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "DEST")
    Path destination;

    @Override
    protected void run(Datastore store) throws IOException {
      Path target = Files.isDirectory(destination) ? destination.resolve(name) : destination;
      editor(store).exportContent(ObjectTypes.FILE, name, target);
    }
  }

  @Command(name = "list", description = "List files: NAME FORMAT MODE UID GID SIZE PATH.")
  static final class ListFiles extends StoreCommand {
    @Mixin NodeCommand.Targets targets;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    protected void run(Datastore store) throws IOException {
      List<StoredObject> files = targets.selected(store, ObjectTypes.FILE);
      if (json) {
        Printer.json(out(), files);
      } else {
        Printer.table(out(), files, List.of("FORMAT", "MODE", "UID", "GID", "SIZE", "PATH"));
      }
    }
  }

  @Command(name = "print", description = "Print every member of files.")
  static final class Print extends StoreCommand {
    @Mixin NodeCommand.Targets targets;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    protected void run(Datastore store) throws IOException {
      List<StoredObject> files = targets.selected(store, ObjectTypes.FILE);
      if (json) {
        Printer.json(out(), files);
      } else {
        Printer.members(out(), files);
      }
    }
  }

  @Command(name = "set", description = "Change a file's path, mode, owner, name or interpreter.")
  static final class SetFile extends StoreCommand {
    @Mixin NodeCommand.Targets targets;

    @Option(names = {"-D", "--path"}, paramLabel = "PATH") String path;
    @Option(names = {"-m", "--mode"}, paramLabel = "MODE") String mode;
    @Option(names = {"-u", "--uid"}, paramLabel = "UID") String uid;
    @Option(names = {"-g", "--gid"}, paramLabel = "GID") String gid;
    @Option(names = {"-n", "--name"}, paramLabel = "NAME") String rename;
    @Option(names = "--interpreter", paramLabel = "PROGRAM") String interpreter;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected void run(Datastore store) throws IOException {
      List<Modification> modifications = new ArrayList<>();
      NodeOptions.scalar(modifications, StoredFile.PATH, path);
      NodeOptions.scalar(modifications, StoredFile.MODE, mode);
      NodeOptions.scalar(modifications, StoredFile.UID, uid);
      NodeOptions.scalar(modifications, StoredFile.GID, gid);
      NodeOptions.scalar(modifications, "NAME", rename);
      NodeOptions.scalar(modifications, StoredFile.INTERPRETER, interpreter);
      if (modifications.isEmpty() || targets.targets.isEmpty()) {
        throw new UserException("name the files and what to change (--path, --mode, --uid, --gid, --name, --interpreter)");
      }
      ObjectCommand.applyConfirmed(this, editor(store), targets.query(ObjectTypes.FILE), modifications, yes, rename != null);
    }
  }

  @Command(name = "delete", description = "Delete files (and remove them from every node).")
  static final class Delete extends StoreCommand {
    @Mixin NodeCommand.Targets targets;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected void run(Datastore store) throws IOException {
      ObjectCommand.deleteConfirmed(this, store, targets.query(ObjectTypes.FILE), targets.targets, yes);
    }
  }
}
