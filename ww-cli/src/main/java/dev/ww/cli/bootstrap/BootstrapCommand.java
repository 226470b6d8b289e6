package dev.ww.cli.bootstrap;

import dev.ww.bootstrap.Bootstrap;
import dev.ww.bootstrap.BootstrapConfig;
import dev.ww.bootstrap.BootstrapConfigs;
import dev.ww.bootstrap.BootstrapResult;
import dev.ww.cli.GlobalOptions;
import dev.ww.cli.ToolEnvironment;
import dev.ww.cli.VersionProvider;
import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.StepTimer;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.ObjectEditor;
import dev.ww.datastore.StoredObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wwbootstrap [options] [KVER]}: builds a node bootstrap (kernel + initramfs). */
@Command(
    name = "wwbootstrap",
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Builds a node bootstrap: the kernel KVER plus an initramfs with busybox, the provisioning",
      "init, the configured drivers with their dependencies, and their firmware.",
      "The kernel comes from this host (wwbootstrap $(uname -r)), a chroot (-c) or a capsule (-V);",
      "with -c or -V, KVER may be left out when the source has only one kernel.",
      "Settings: bootstrap.conf in the configuration directory (and bootstrap/NAME.conf for",
      "--config NAME). The bootstrap is imported into the datastore as the bootstrap object NAME",
      "(default: the kernel version) unless -o is given or this host has no datastore."
    })
public final class BootstrapCommand implements Callable<Integer> {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+-]+");

  @Mixin GlobalOptions global;

  @Spec CommandLine.Model.CommandSpec spec;

  // Not the standard help mixin: -V is Warewulf 3's --vnfs here, so the version is --version only.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "Print version information and exit.")
  boolean version;

  @Parameters(index = "0", arity = "0..1", paramLabel = "KVER", description = "Kernel version (a directory under lib/modules).")
  String kernelVersion;

  @Option(
      names = {"-c", "--chroot", "-r", "--root"},
      paramLabel = "PATH",
      description = "Take the kernel from this root instead of the host's /.")
  Path root;

  @Option(
      names = {"-V", "--vnfs"},
      paramLabel = "CAPSULE",
      description = {
        "Take the kernel from a capsule: a capsule file, or else the VNFS of that name in the",
        "datastore. Only the kernel, its modules and the firmware are extracted (privately, removed",
        "afterwards)."
      })
  String vnfs;

  @Option(
      names = {"-k", "--kernel"},
      paramLabel = "PREFIX",
      description = "Kernel image name prefix: boot/PREFIX-KVER (default: vmlinuz).")
  String kernelPrefix = "vmlinuz";

  @Option(names = "--config", paramLabel = "NAME", description = "Also read bootstrap/NAME.conf.")
  String configName;

  @Option(names = "--busybox", paramLabel = "PATH", description = "Static busybox to use (default: the host's).")
  Path busybox;

  @Option(
      names = "--runtime-jar",
      paramLabel = "PATH",
      description = {
        "Node runtime jar the bootstrap ships for installation into the node's root",
        "(default: lib/node/ww-node-runtime.jar of this distribution)."
      })
  Path runtimeJar;

  @Option(
      names = {"-u", "--ucode", "--microcode"},
      description = {
        "Put early microcode in front of the initramfs: GenuineIntel.bin and AuthenticAMD.bin made",
        "of the root's lib/firmware/intel-ucode and amd-ucode (Debian: intel-microcode,",
        "amd64-microcode; RHEL family: microcode_ctl, linux-firmware)."
      })
  boolean microcode;

  @Option(
      names = "--ucode-file",
      paramLabel = "FILE",
      description = "Put this prepared early microcode archive (uncompressed newc, as iucode_tool --write-earlyfw writes) in front of the initramfs.")
  Path microcodeFile;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = {
        "Write DIR/kernel and DIR/initfs.gz instead of importing the bootstrap. Without -o it is",
        "imported into the datastore as the bootstrap NAME (replacing an earlier build), or, on a",
        "host without a datastore, written to STATE_DIR/bootstrap/NAME with a hint how to import it."
      })
  Path output;

  @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Bootstrap name (default: the kernel version).")
  String name;

  private final ToolEnvironment environment;

  BootstrapCommand(ToolEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    checkOptions();
    Layout layout = global.layout();
    EventHandlers events = global.events();
    Optional.ofNullable(name != null ? name : kernelVersion).ifPresent(BootstrapCommand::checkName);
    BootstrapConfig config = new BootstrapConfigs(layout).load(Optional.ofNullable(configName));
    Bootstrap.Builder builder = (kernelVersion != null ? Bootstrap.builder(kernelVersion) : Bootstrap.builder())
        .kernelPrefix(kernelPrefix).config(config).events(events).workDirectory(layout.tmpDir())
        .microcode(microcode);
    if (root != null) {
      builder.root(root);
    }
    if (busybox != null) {
      builder.busybox(busybox);
    }
    if (microcodeFile != null) {
      builder.microcodeArchive(microcodeFile);
    }
    Optional<Path> jar = runtimeJar != null ? Optional.of(runtimeJar) : distributionRuntimeJar();
    jar.ifPresent(builder::runtimeJar);
    try (VnfsKernelSource capsule = vnfs != null ? VnfsKernelSource.resolve(vnfs, layout) : null) {
      if (capsule != null) {
        capsule.applyTo(builder);
      }
      if (output != null) {
        BootstrapResult built = builder.build().writeTo(output.resolve("kernel"), output.resolve("initfs.gz"));
        report(events, built, built.kernelFile(), built.initramfsFile());
        return 0;
      }
      Files.createDirectories(layout.tmpDir());
      Path work = Files.createTempDirectory(layout.tmpDir(), "wwbootstrap-");
      try {
        BootstrapResult built = builder.build().writeTo(work.resolve("kernel"), work.resolve("initfs.gz"));
        String bootstrapName = name != null ? name : built.kernelVersion();
        checkName(bootstrapName);
        if (capsule != null && capsule.store().isPresent()) {
          importInto(capsule.store().get(), built, bootstrapName);
        } else if (Datastore.isConfigured(layout)) {
          try (Datastore store = Datastore.open(layout)) {
            importInto(store, built, bootstrapName);
          }
        } else {
          keepFiles(layout, built, bootstrapName);
        }
      } finally {
        deleteWork(work);
      }
    }
    return 0;
  }

  /** Stores the bootstrap as the bootstrap object NAME, replacing an earlier build. */
  private void importInto(Datastore store, BootstrapResult built, String bootstrapName) throws IOException {
    StoredObject imported;
    try (StepTimer timer = global.events().time("Adding bootstrap to datastore")) {
      imported = BootstrapImport.importBootstrap(store, new ObjectEditor(store, who()), bootstrapName,
          built.initramfsFile(), built.kernelFile(), Attributes.empty().set("ARCH", BootstrapImport.hostArch()), true);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Imported bootstrap '" + bootstrapName + "' (kernel " + built.kernelVersion() + ", "
        + built.initramfsSize() + " bytes of initramfs" + (built.microcodeSize() > 0 ? " with microcode" : "")
        + ", sha256:" + imported.attributes().get("_BLOB").orElse("?") + ") into " + store.description());
    out.flush();
  }

  /** Without a datastore: the files under STATE_DIR/bootstrap/NAME and how to import them. */
  private void keepFiles(Layout layout, BootstrapResult built, String bootstrapName) throws IOException {
    Path directory = layout.statePath("bootstrap/" + bootstrapName);
    Files.createDirectories(directory);
    Path kernel = directory.resolve("kernel");
    Path initramfs = directory.resolve("initfs.gz");
    Files.move(built.kernelFile(), kernel, StandardCopyOption.REPLACE_EXISTING);
    Files.move(built.initramfsFile(), initramfs, StandardCopyOption.REPLACE_EXISTING);
    report(global.events(), built, kernel, initramfs);
    PrintWriter out = spec.commandLine().getOut();
    out.println("The bootstrap is not imported: this host has no datastore (no "
        + layout.configFile("warewulf.yaml") + " and no embedded store under " + layout.stateDir()
        + "). Copy " + kernel + " and " + initramfs + " to the master and run 'wwsh bootstrap import "
        + initramfs.getFileName() + " --kernel " + kernel.getFileName() + " -n " + bootstrapName + " -y' there.");
    out.flush();
  }

  /** Who is making the change, for the datastore's history. */
  private String who() {
    return environment.variable("SUDO_USER").or(() -> environment.variable("USER"))
        .or(() -> environment.variable("LOGNAME")).orElse("unknown");
  }

  private void checkOptions() {
    if (microcode && microcodeFile != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give either -u (microcode from the root) or --ucode-file FILE, not both");
    }
    if (vnfs != null && root != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give either -c/--chroot or -V/--vnfs, not both");
    }
    if (kernelVersion == null && vnfs == null && root == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give the kernel version (for this host's kernel: wwbootstrap $(uname -r)), or a chroot (-c) or capsule (-V)");
    }
  }

  private static void checkName(String value) {
    if (!NAME.matcher(value).matches()) {
      throw new UserException("Illegal characters in bootstrap name '" + value + "'");
    }
  }

  private static void report(EventHandlers events, BootstrapResult result, Path kernel, Path initramfs) {
    events.info("Wrote " + kernel + " and " + initramfs + " (kernel " + result.kernelVersion() + ", "
        + result.initramfsSize() + " bytes"
        + (result.microcodeSize() > 0 ? ", " + result.microcodeSize() + " of them microcode" : "")
        + ", sha256 " + result.initramfsSha256() + ")");
  }

  private static void deleteWork(Path work) throws IOException {
    try (var files = Files.list(work)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(work);
  }

  /**
   * The distribution's copy of the node runtime: {@code lib/node/ww-node-runtime.jar} beside the
   * jar this class comes from (a subdirectory, so the launcher's {@code lib/*} class path does
   * not pick up the shaded jar). Empty when not run from a distribution.
   */
  static Optional<Path> distributionRuntimeJar() {
    try {
      java.security.CodeSource source = BootstrapCommand.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path location = Path.of(source.getLocation().toURI());
      if (!java.nio.file.Files.isRegularFile(location)) {
        return Optional.empty();
      }
      Path jar = location.resolveSibling("node").resolve("ww-node-runtime.jar");
      return java.nio.file.Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    } catch (java.net.URISyntaxException | IllegalArgumentException | SecurityException e) {
      return Optional.empty();
    }
  }
}
