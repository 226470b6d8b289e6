package dev.ww.cli.vnfs;

import dev.ww.datastore.Datastore;

import dev.ww.capsule.Capsule;
import dev.ww.capsule.CapsuleWriteResult;
import dev.ww.capsule.CapsuleWriter;
import dev.ww.capsule.Compression;
import dev.ww.capsule.PathRules;
import dev.ww.capsule.VnfsConfig;
import dev.ww.capsule.VnfsConfigFiles;
import dev.ww.cli.GlobalOptions;
import dev.ww.cli.ToolEnvironment;
import dev.ww.cli.VersionProvider;
import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.os.Confinement;
import dev.ww.core.os.JnaLinuxOs;
import dev.ww.core.os.LinuxOs;
import dev.ww.core.os.OsException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wwvnfs [--chroot PATH] [NAME]}: turns a chroot into a VNFS capsule and imports it into
 * the datastore, or writes it to a file ({@code -o}, or when this host has no datastore).
 */
@Command(
    name = "wwvnfs",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Turns a chroot into a VNFS capsule: a sorted, reproducible newc cpio archive, compressed.",
      "The name defaults to the chroot's directory name. Settings come from vnfs.conf and",
      "vnfs/NAME.conf in the configuration directory (written after the first build, so that",
      "'wwvnfs NAME' rebuilds with the same settings), then from these options.",
      "Without -o the capsule is imported into the datastore as the vnfs object NAME; a host",
      "without a datastore gets the file under the state directory and a hint how to import it."
    })
public final class VnfsCommand implements Callable<Integer> {

  private final ToolEnvironment environment;

  @Spec private CommandLine.Model.CommandSpec spec;

  @Mixin private GlobalOptions global;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "VNFS name ([A-Za-z0-9-_.]+).")
  private String name;

  @Option(names = {"-c", "--chroot", "-r", "--root"}, paramLabel = "PATH", description = "The chroot to capture.")
  private Path chroot;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the capsule to FILE (a directory: FILE/NAME.vnfs).")
  private Path output;

  @Option(
      names = {"-e", "--excludes", "--exclude"},
      split = ",",
      paramLabel = "PATTERN",
      description = "Leave out paths matching PATTERN, e.g. /var/cache or /tmp/* (repeatable, comma-separated; added to the configured ones).")
  private List<String> excludes = new ArrayList<>();

  @Option(names = "--excludefile", paramLabel = "FILE", description = "Exclude patterns, one per line.")
  private Path excludeFile;

  @Option(
      names = "--hybridize",
      split = ",",
      paramLabel = "PATTERN",
      description = "Replace paths matching PATTERN by symlinks into the hybrid path (left out when there is no hybrid path).")
  private List<String> hybridize = new ArrayList<>();

  @Option(names = "--hybridizefile", paramLabel = "FILE", description = "Hybridize patterns, one per line.")
  private Path hybridizeFile;

  @Option(
      names = "--hybridpath",
      paramLabel = "DIR",
      description = "Directory on the node holding the full tree; %%{name} stands for the VNFS name.")
  private String hybridPath;

  @Option(
      names = {"-z", "--compression"},
      paramLabel = "FORMAT",
      description = "gzip (default; busybox unpacks it), xz, zstd or none.")
  private String compression;

  @Option(names = {"-l", "--level"}, paramLabel = "N", description = "Compression level (gzip 1-9, xz 0-9, zstd 1-19).")
  private Integer level;

  @Option(
      names = "--full",
      description = "Compress everything afresh instead of reusing the unchanged parts of the last build.")
  private boolean full;

  @Option(
      names = "--allow-no-init",
      description = "Build even when the chroot has no executable /sbin/init (it will not boot by itself).")
  private boolean allowNoInit;

  public VnfsCommand(ToolEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws IOException {
    if (name == null && chroot == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give the chroot (--chroot PATH) and/or the name of the VNFS");
    }
    Layout layout = global.layout();
    EventHandlers events = global.events();
    PrintWriter out = spec.commandLine().getOut();
    String vnfsName = name != null ? name : chroot.toAbsolutePath().normalize().getFileName() + "";
    if (name == null) {
      events.info("Using '" + vnfsName + "' as the VNFS name");
    }
    VnfsConfigFiles files = new VnfsConfigFiles(layout);
    VnfsConfigFiles.validName(vnfsName);
    VnfsConfig fromCommandLine = commandLineSettings();
    VnfsConfig settings =
        files.global().with(files.vnfs(vnfsName).orElse(VnfsConfig.empty())).with(fromCommandLine);
    Path root =
        settings.chroot().orElseThrow(() -> new UserException(
            "no chroot for VNFS '" + vnfsName + "': give --chroot PATH (the first build saves it"
                + " in " + files.vnfsFile(vnfsName) + ")"));
    LinuxOs os = JnaLinuxOs.load();
    checkChroot(root);
    if (!allowNoInit) {
      checkInit(root, os);
    }
    PathRules rules = VnfsConfigFiles.rules(settings, vnfsName);
    Compression chosen = settings.compression().orElse(Compression.gzip());
    Path target = outputFile(settings, layout, vnfsName);
    boolean importing = settings.output().isEmpty() && Datastore.isConfigured(layout);
    CapsuleWriter writer = Capsule.fromTree(root).rules(rules).compression(chosen).events(events).os(os);
    Optional<PreviousBuild.Found> previous =
        full ? Optional.empty() : PreviousBuild.find(layout, vnfsName, target, events);
    previous.ifPresent(found -> writer.reuse(found.index(), found.capsule()));
    CapsuleWriteResult result;
    String destination;
    StreamedImport.Imported imported = null;
    if (importing) {
      imported = StreamedImport.build(layout, vnfsName, root, writer);
      result = imported.result();
      destination = imported.store();
    } else {
      result = writeFile(writer, target);
      destination = target.toString();
    }
    previous.ifPresent(
        found -> events.info(
            "Reused " + result.reusedChunks() + " of " + result.chunks()
                + " chunks of the last build (" + found.where() + ")"));
    PreviousBuild.save(layout, vnfsName, result.index());
    report(out, events, result, rules, chosen, destination);
    if (imported != null) {
      out.println(
          "Imported VNFS '" + vnfsName + "' into " + imported.store() + " (sha256:"
              + imported.object().attributes().get("_BLOB").orElse("?") + ")");
    }
    if (files.writeVnfsIfAbsent(vnfsName, withoutOutput(fromCommandLine, root), commandLine())) {
      events.info("Saved the settings of VNFS '" + vnfsName + "' in " + files.vnfsFile(vnfsName));
    }
    if (settings.output().isEmpty() && !importing) {
      out.println(
          "The capsule is not imported: this host has no datastore (no "
              + layout.configFile("warewulf.yaml") + " and no embedded store under "
              + layout.stateDir() + "). Copy " + target
              + " to the master and run 'wwsh vnfs import " + target.getFileName() + " -n "
              + vnfsName + " -y' there.");
    }
    return 0;
  }

  /** Writes the capsule to {@code target} through a temporary file: complete, or not at all. */
  private static CapsuleWriteResult writeFile(CapsuleWriter writer, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path temporary =
        Files.createTempFile(
            target.getParent(), "." + target.getFileName(), ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    try {
      CapsuleWriteResult result;
      try (OutputStream stream = Files.newOutputStream(temporary)) {
        result = writer.writeTo(stream);
      }
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return result;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private VnfsConfig commandLineSettings() {
    Optional<Compression> compressionSetting = Optional.empty();
    try {
      if (compression != null) {
        Compression.Format format = Compression.Format.parse(compression);
        compressionSetting =
            Optional.of(level == null ? Compression.of(format) : new Compression(format, level));
      } else if (level != null) {
        compressionSetting = Optional.of(new Compression(Compression.Format.GZIP, level));
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return new VnfsConfig(
        Optional.ofNullable(chroot).map(path -> path.toAbsolutePath().normalize()),
        Optional.ofNullable(output).map(path -> path.toAbsolutePath().normalize()),
        excludes,
        excludeFile == null ? List.of() : List.of(excludeFile.toAbsolutePath()),
        hybridize,
        hybridizeFile == null ? List.of() : List.of(hybridizeFile.toAbsolutePath()),
        Optional.ofNullable(hybridPath),
        compressionSetting);
  }

  private static VnfsConfig withoutOutput(VnfsConfig settings, Path root) {
    return new VnfsConfig(
        Optional.of(root), Optional.empty(), settings.excludes(), settings.excludeFiles(),
        settings.hybridize(), settings.hybridizeFiles(), settings.hybridPath(),
        settings.compression());
  }

  private static void checkChroot(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new UserException("Path to chroot is not valid: " + root + " is not a directory");
    }
    if (root.toRealPath().equals(Path.of("/"))) {
      throw new UserException("refusing to capture / as a VNFS: give the path of a chroot");
    }
  }

  private void checkInit(Path root, LinuxOs os) throws IOException {
    Path init;
    try {
      init = os.resolveConfined(root.toRealPath(), "/sbin/init", Confinement.IN_ROOT, true);
    } catch (OsException missing) {
      init = root.resolve("sbin/init");
    }
    if (!Files.isRegularFile(init) || !Files.isExecutable(init)) {
      throw new UserException(
          "Can not find an executable /sbin/init in " + root + ": a node cannot boot it. Install"
              + " an init system in the chroot, or pass --allow-no-init to build anyway.");
    }
  }

  private static Path outputFile(VnfsConfig settings, Layout layout, String vnfsName) {
    Optional<Path> configured = settings.output();
    if (configured.isEmpty()) {
      return layout.statePath("vnfs/" + vnfsName + ".vnfs");
    }
    Path path = configured.get();
    return Files.isDirectory(path) ? path.resolve(vnfsName + ".vnfs") : path;
  }

  private void report(
      PrintWriter out, EventHandlers events, CapsuleWriteResult result, PathRules rules,
      Compression compression, String target) {
    if (result.excluded() > 0) {
      events.info("Excluded " + result.excluded() + " path(s) matching " + rules.excludes());
    }
    if (result.hybridized() > 0) {
      events.warn(
          "Left out " + result.hybridized() + " hybridized path(s) " + rules.hybridize()
              + " because no hybrid path is set; set --hybridpath (or 'hybridpath' in the"
              + " configuration) to keep them as symlinks");
    }
    if (result.hybridLinks() > 0) {
      events.info(
          "Replaced " + result.hybridLinks() + " hybridized path(s) by symlinks into "
              + rules.hybridPath().orElseThrow());
    }
    out.printf(
        Locale.ROOT,
        "Wrote VNFS image to %s: %d entries, %s archive, %s %s (%.1f%%), %.1f s, sha256 %s%n",
        target,
        result.entries(),
        size(result.archiveBytes()),
        size(result.compressedBytes()),
        compression.format().name().toLowerCase(Locale.ROOT),
        result.archiveBytes() == 0 ? 100.0 : 100.0 * result.compressedBytes() / result.archiveBytes(),
        result.elapsed().toMillis() / 1000.0,
        result.sha256());
    out.flush();
  }

  private static String size(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private String commandLine() {
    return "wwvnfs " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }
}
