package dev.ww.cli.wwsh;

import dev.ww.core.UserException;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.BlobRef;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.Modification;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredFile;
import dev.ww.datastore.StoredObject;
import dev.ww.provision.DatastoreCatalog;
import dev.ww.provision.NodeFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wwsh file import|new|export|list|print|set|delete}: files provisioned to nodes. A file
 * object's {@code FILETYPE} says what the node creates (a regular file when unset); devices
 * carry {@code MAJOR} and {@code MINOR}, a symlink's content is its target.
 */
@Command(
    name = "file",
    description = "Files provisioned to nodes.",
    subcommands = {
      FileCommand.Import.class, FileCommand.New.class, FileCommand.Export.class,
      FileCommand.ListFiles.class, FileCommand.Print.class, FileCommand.SetFile.class,
      FileCommand.Delete.class
    })
final class FileCommand {

  /** Members that say what a file object is; replaced together when an object changes kind. */
  private static final List<String> KIND_MEMBERS = List.of(
      DatastoreCatalog.FILE_TYPE, DatastoreCatalog.FILE_MAJOR, DatastoreCatalog.FILE_MINOR,
      StoredFile.BLOB, StoredFile.SIZE, StoredFile.FORMAT);

  @Command(
      name = "import",
      description = "Import files from this host (name = base name, path = the import path). Regular"
          + " files bring their content; directories, device nodes and fifos are recorded as such"
          + " (a device with its major and minor numbers). A symlink is followed.")
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
        Map<String, Object> stat;
        try {
          // Follows a symlink (the file it names is imported), and never opens a device or fifo.
          stat = Files.readAttributes(absolute, "unix:mode,uid,gid,rdev");
        } catch (NoSuchFileException e) {
          throw new UserException(file + " does not exist");
        }
        int rawMode = (Integer) stat.get("mode");
        NodeFile.Kind kind = kindOf(rawMode)
            .orElseThrow(() -> new UserException(file + " is a socket; sockets cannot be provisioned"));
        int fileMode = mode != null ? StoredFile.parseMode(mode) : rawMode & 07777;
        long fileUid = uid != null ? uid : ((Number) stat.get("uid")).longValue();
        long fileGid = gid != null ? gid : ((Number) stat.get("gid")).longValue();
        String objectName = name != null ? name : absolute.getFileName().toString();
        String target = nodePath != null ? nodePath : absolute.toString();
        if (kind != NodeFile.Kind.REGULAR) {
          Attributes members = members(target, fileMode, fileUid, fileGid, kind);
          if (kind.device()) {
            long rdev = (Long) stat.get("rdev");
            members = members
                .set(DatastoreCatalog.FILE_MAJOR, String.valueOf(((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)))
                .set(DatastoreCatalog.FILE_MINOR, String.valueOf((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)));
          }
          put(store, who(), objectName, members, overwrite);
          out().println("Imported " + objectName + " (" + describe(kind, members) + ")");
          continue;
        }
        if (overwrite && store.get(ObjectTypes.FILE, objectName)
            .flatMap(o -> o.attributes().get(DatastoreCatalog.FILE_TYPE)).isPresent()) {
          // It was recorded as another kind: replace every member that said so, in one change.
          BlobRef blob;
          byte[] head;
          try (InputStream in = Files.newInputStream(absolute)) {
            head = readHead(absolute);
            blob = store.blobs().put(in);
          }
          Attributes members = members(target, fileMode, fileUid, fileGid, NodeFile.Kind.REGULAR)
              .delete(DatastoreCatalog.FILE_TYPE)
              .set(StoredFile.FORMAT, StoredFile.detectFormat(target, head))
              .set(StoredFile.BLOB, blob.sha256())
              .set(StoredFile.SIZE, String.valueOf(blob.size()));
          put(store, who(), objectName, members, true);
          out().println("Imported " + objectName + " (" + members.get(StoredFile.FORMAT).orElse("data") + ")");
          continue;
        }
        try (InputStream in = Files.newInputStream(absolute)) {
          StoredObject imported = editor(store).importFile(
              objectName, target, fileMode, fileUid, fileGid, in, overwrite);
          out().println("Imported " + objectName + " (" + new StoredFile(imported).format() + ")");
        }
      }
    }

    private static byte[] readHead(Path file) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        return in.readNBytes(256);
      }
    }

    private static Optional<NodeFile.Kind> kindOf(int mode) {
      return switch (mode & 0170000) {
        case 0040000 -> Optional.of(NodeFile.Kind.DIRECTORY);
        case 0020000 -> Optional.of(NodeFile.Kind.CHARACTER_DEVICE);
        case 0060000 -> Optional.of(NodeFile.Kind.BLOCK_DEVICE);
        case 0010000 -> Optional.of(NodeFile.Kind.FIFO);
        case 0140000 -> Optional.empty();
        default -> Optional.of(NodeFile.Kind.REGULAR);
      };
    }
  }

  @Command(
      name = "new",
      description = "Create a file object that has no content on this host: a directory, a"
          + " symlink, a device node or a fifo.")
  static final class New extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-t", "--type"}, required = true, paramLabel = "TYPE",
        description = "directory, symlink, chr (character device), blk (block device) or fifo.")
    String type;

    @Option(names = {"-D", "--path"}, required = true, paramLabel = "PATH", description = "Path on the node.")
    String nodePath;

    @Option(names = "--major", paramLabel = "N", description = "Device major number (chr, blk).")
    Integer major;

    @Option(names = "--minor", paramLabel = "N", description = "Device minor number (chr, blk).")
    Integer minor;

    @Option(names = "--target", paramLabel = "TARGET", description = "What the symlink points to.")
    String target;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE",
        description = "Octal mode (default: 0755 for a directory, 0777 for a symlink, else 0600).")
    String mode;

    @Option(names = {"-u", "--uid"}, paramLabel = "UID", description = "Owner (default: 0).")
    long uid;

    @Option(names = {"-g", "--gid"}, paramLabel = "GID", description = "Group (default: 0).")
    long gid;

    @Option(names = {"-y", "--yes", "--overwrite"}, description = "Replace a file object of that name.")
    boolean overwrite;

    @Override
    protected void run(Datastore store) throws IOException {
      NodeFile.Kind kind = NodeFile.Kind.parse(type)
          .filter(k -> k != NodeFile.Kind.REGULAR)
          .orElseThrow(() -> new UserException(
              "--type must be directory, symlink, chr, blk or fifo (not '" + type
                  + "'); regular files are imported with 'wwsh file import'"));
      if (!nodePath.startsWith("/")) {
        throw new UserException("--path must be absolute, not '" + nodePath + "'");
      }
      if (uid < 0 || gid < 0) {
        throw new UserException("--uid and --gid must not be negative");
      }
      if (kind.device() != (major != null && minor != null) || (!kind.device() && (major != null || minor != null))) {
        throw new UserException(kind.device()
            ? "a " + kind.word() + " needs --major and --minor"
            : "--major and --minor are for devices (chr, blk) only");
      }
      if (kind.device() && (major < 0 || major > NodeFile.MAX_MAJOR || minor < 0 || minor > NodeFile.MAX_MINOR)) {
        throw new UserException("device numbers " + major + ":" + minor + " are out of range (major 0.."
            + NodeFile.MAX_MAJOR + ", minor 0.." + NodeFile.MAX_MINOR + ")");
      }
      if ((kind == NodeFile.Kind.SYMLINK) != (target != null && !target.isEmpty())) {
        throw new UserException(kind == NodeFile.Kind.SYMLINK
            ? "a symlink needs --target" : "--target is for symlinks only");
      }
      int fileMode = mode != null ? StoredFile.parseMode(mode)
          : switch (kind) {
            case DIRECTORY -> 0755;
            case SYMLINK -> 0777;
            default -> 0600;
          };
      Attributes members = members(nodePath, fileMode, uid, gid, kind);
      if (kind.device()) {
        members = members.set(DatastoreCatalog.FILE_MAJOR, String.valueOf(major))
            .set(DatastoreCatalog.FILE_MINOR, String.valueOf(minor));
      }
      if (kind == NodeFile.Kind.SYMLINK) {
        BlobRef blob = store.blobs().put(new ByteArrayInputStream(target.getBytes(StandardCharsets.UTF_8)));
        members = members.set(StoredFile.BLOB, blob.sha256()).set(StoredFile.SIZE, String.valueOf(blob.size()));
      }
      put(store, who(), name, members, overwrite);
      out().println("Created " + name + " (" + describe(kind, members) + ")");
    }
  }

  private static Attributes members(String path, int mode, long uid, long gid, NodeFile.Kind kind) {
    return Attributes.empty()
        .set(StoredFile.PATH, path)
        .set(StoredFile.MODE, StoredFile.formatMode(mode))
        .set(StoredFile.UID, String.valueOf(uid))
        .set(StoredFile.GID, String.valueOf(gid))
        .set(DatastoreCatalog.FILE_TYPE, kind.word());
  }

  private static String describe(NodeFile.Kind kind, Attributes members) {
    return kind.device()
        ? kind.word() + " " + members.get(DatastoreCatalog.FILE_MAJOR).orElse("") + ":"
            + members.get(DatastoreCatalog.FILE_MINOR).orElse("")
        : kind.word();
  }

  /**
   * Creates the file object, or replaces an existing one's kind, path, mode, owner and content
   * members (others, such as a comment, stay) when {@code overwrite}; one change either way.
   */
  private static void put(Datastore store, String who, String name, Attributes members, boolean overwrite)
      throws IOException {
    store.write(who, "file " + name + " as " + members.get(DatastoreCatalog.FILE_TYPE).orElse("regular"), tx -> {
      Optional<StoredObject> existing = tx.get(ObjectTypes.FILE, name);
      if (existing.isEmpty()) {
        return tx.create(ObjectTypes.FILE, members.set("NAME", name));
      }
      if (!overwrite) {
        throw new UserException("file " + name + " already exists; pass --overwrite (or -y) to replace it");
      }
      Attributes merged = existing.get().attributes();
      for (String key : KIND_MEMBERS) {
        merged = merged.delete(key);
      }
      for (Map.Entry<String, List<String>> member : members.asMap().entrySet()) {
        merged = merged.set(member.getKey(), member.getValue());
      }
      return tx.update(existing.get(), merged);
    });
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
