package dev.ww.bootstrap.internal;

import dev.ww.bootstrap.BootstrapConfig;
import dev.ww.bootstrap.BootstrapResult;
import dev.ww.bootstrap.Capability;
import dev.ww.capsule.CapsuleSource;
import dev.ww.core.UserException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.StepTimer;
import dev.ww.core.os.JnaLinuxOs;
import dev.ww.core.os.LinuxOs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** One bootstrap build, step by step: kernel, modules, firmware, busybox, scripts, archive. */
public final class BootstrapBuild {

  private final Optional<String> requestedVersion;
  private final KernelSource source;
  private final String kernelPrefix;
  private final BootstrapConfig config;
  private final Optional<Path> busybox;
  private final List<Path> busyboxCandidates;
  private final Optional<Path> runtimeJar;
  private final MicrocodeChoice microcode;
  private final EventHandlers events;

  /** Where the kernel, its modules and firmware come from. */
  public sealed interface KernelSource {
    /** A root tree: the host's {@code /} or a chroot. */
    record Root(Path root) implements KernelSource {}

    /**
     * A capsule, read twice (listed, then the needed entries extracted into a private directory
     * under {@code workDirectory}).
     */
    record FromCapsule(CapsuleSource capsule, String description, Path workDirectory, Optional<LinuxOs> os)
        implements KernelSource {}
  }

  /** Whether and how the bootstrap carries early microcode. */
  public sealed interface MicrocodeChoice {
    /** No microcode. */
    record None() implements MicrocodeChoice {}

    /** Built from the kernel source's {@code lib/firmware/intel-ucode} and {@code amd-ucode}. */
    record FromFirmware() implements MicrocodeChoice {}

    /** A prepared early microcode archive (uncompressed newc), prepended as it is. */
    record Archive(Path file) implements MicrocodeChoice {}
  }

  public BootstrapBuild(
      Optional<String> requestedVersion,
      KernelSource source,
      String kernelPrefix,
      BootstrapConfig config,
      Optional<Path> busybox,
      List<Path> busyboxCandidates,
      Optional<Path> runtimeJar,
      MicrocodeChoice microcode,
      EventHandlers events) {
    this.requestedVersion = requestedVersion;
    this.source = source;
    this.kernelPrefix = kernelPrefix;
    this.config = config;
    this.busybox = busybox;
    this.busyboxCandidates = busyboxCandidates;
    this.runtimeJar = runtimeJar;
    this.microcode = microcode;
    this.events = events;
  }

  /** A kernel source made ready: a root on disk, the version chosen, and how to name places. */
  private record Prepared(Path root, String version, String description, Optional<CapsuleKernel> extracted)
      implements AutoCloseable {
    /** A path inside the source, for messages. */
    String where(String relative) {
      return extracted.isPresent() ? relative + " of the capsule " + description : root.resolve(relative).toString();
    }

    @Override
    public void close() throws IOException {
      if (extracted.isPresent()) {
        extracted.get().close();
      }
    }
  }

  public BootstrapResult writeTo(Path kernelFile, Path initramfsFile) throws IOException {
    requestedVersion.ifPresent(v -> KernelLocator.checkName("kernel version", v));
    KernelLocator.checkName("kernel prefix", kernelPrefix);
    // A root is checked first (it costs nothing); a capsule is read only once every other input
    // is known to be good.
    Prepared fromRoot = source instanceof KernelSource.Root ? prepare() : null;
    Path busyboxFile = BusyboxLocator.locate(busybox, busyboxCandidates);
    events.debug("Busybox " + busyboxFile);
    Optional<Path> nodeRuntime = nodeRuntime();
    Optional<byte[]> prepared = microcode instanceof MicrocodeChoice.Archive given
        ? Optional.of(PreparedMicrocode.read(given.file())) : Optional.empty();
    try (Prepared kernelSource = fromRoot != null ? fromRoot : prepare()) {
      return build(kernelSource, busyboxFile, nodeRuntime, prepared, kernelFile, initramfsFile);
    }
  }

  private Prepared prepare() throws IOException {
    if (source instanceof KernelSource.FromCapsule capsule) {
      CapsuleKernel kernel = CapsuleKernel.extract(capsule.capsule(), capsule.description(), requestedVersion,
          kernelPrefix, capsule.workDirectory(), capsule.os().orElseGet(JnaLinuxOs::load), events);
      return new Prepared(kernel.root(), kernel.version(), capsule.description(), Optional.of(kernel));
    }
    Path root = ((KernelSource.Root) source).root();
    String version = requestedVersion.isPresent()
        ? requestedVersion.get() : KernelLocator.onlyVersion(root, kernelPrefix);
    KernelLocator.locate(root, version, kernelPrefix);
    return new Prepared(root, version, root.toString(), Optional.empty());
  }

  private BootstrapResult build(
      Prepared source, Path busyboxFile, Optional<Path> nodeRuntime, Optional<byte[]> preparedMicrocode,
      Path kernelFile, Path initramfsFile) throws IOException {
    Path root = source.root();
    String kernelVersion = source.version();
    KernelLocator.Kernel kernel = KernelLocator.locate(root, kernelVersion, kernelPrefix);
    events.debug("Kernel image " + kernel.image() + ", modules " + kernel.modulesDir());
    Path firmwareDir = KernelLocator.resolve(root, "lib/firmware");
    Optional<byte[]> early = preparedMicrocode.isPresent() ? preparedMicrocode : earlyMicrocode(source, firmwareDir);
    if (preparedMicrocode.isPresent() && microcode instanceof MicrocodeChoice.Archive given) {
      events.info("Microcode included in bootstrap: " + given.file() + " (" + preparedMicrocode.get().length + " bytes)");
    }

    ModuleIndex index;
    try (StepTimer timer = events.time("Reading the module index")) {
      index = new ModuleIndexLoader(events).load(root, kernel.modulesDir(),
          source.where(root.relativize(kernel.modulesDir()).toString()));
    }
    List<String> entries = new ArrayList<>(config.drivers());
    entries.addAll(config.modprobeNames());
    ModuleSelector.Selection modules = new ModuleSelector(index).select(entries);
    for (String entry : modules.unmatched()) {
      events.warn("Driver '" + entry + "' matches no module of kernel " + kernelVersion);
    }
    for (String missing : modules.missingDependencies()) {
      events.warn("Module dependency not found in kernel " + kernelVersion + ": " + missing);
    }

    FirmwareSelector.Selection firmware;
    try (StepTimer timer = events.time("Resolving firmware")) {
      List<FirmwareSelector.Declared> declared = new ArrayList<>();
      for (String name : modules.modules()) {
        KernelModule module = index.module(name).orElseThrow();
        declared.add(new FirmwareSelector.Declared(name, index.firmwareOf(module)));
      }
      firmware = new FirmwareSelector(firmwareDir).select(declared, config.firmware());
    }
    for (String glob : firmware.unmatchedGlobs()) {
      events.warn("Firmware '" + glob + "' matches no file in " + source.where("lib/firmware"));
    }
    if (!firmware.missing().isEmpty()) {
      events.warn(
          firmware.missing().size()
              + " firmware file(s) declared by included modules were not found in "
              + source.where("lib/firmware")
              + ": "
              + String.join(", ", firmware.missing()));
    }

    ArchiveTree tree =
        InitramfsLayout.build(
            kernelVersion, index, modules.modules(), firmware.files(), busyboxFile, nodeRuntime, config);

    Files.createDirectories(absoluteParent(kernelFile));
    Files.createDirectories(absoluteParent(initramfsFile));
    copyAtomically(kernel.image(), kernelFile);
    String sha256;
    try (StepTimer timer = events.time("Writing the initramfs")) {
      sha256 = writeAtomically(early, tree, initramfsFile);
    }
    long size = Files.size(initramfsFile);

    events.info("Number of drivers included in bootstrap: " + modules.modules().size());
    events.info("Number of firmware images included in bootstrap: " + firmware.files().size());
    events.info(
        "Capabilities included in bootstrap: "
            + config.capabilities().stream().map(Capability::configName).collect(Collectors.joining(", ")));
    return new BootstrapResult(
        kernelVersion,
        kernelFile,
        initramfsFile,
        sha256,
        size,
        List.copyOf(modules.modules()),
        List.copyOf(firmware.files().keySet()),
        firmware.missing(),
        modules.unmatched(),
        firmware.unmatchedGlobs(),
        config.capabilities(),
        early.map(bytes -> (long) bytes.length).orElse(0L));
  }

  /**
   * The early microcode archive to put before the compressed initramfs, if any: built from the
   * root's firmware (with a warning when it has none) or read from a prepared archive.
   */
  private Optional<byte[]> earlyMicrocode(Prepared source, Path firmwareDir) throws IOException {
    if (!(microcode instanceof MicrocodeChoice.FromFirmware)) {
      return Optional.empty();
    }
    Optional<EarlyMicrocode.Archive> archive = EarlyMicrocode.fromFirmware(firmwareDir);
    if (archive.isEmpty()) {
      events.warn("No microcode in " + source.where("lib/firmware") + " (intel-ucode/, amd-ucode/): the"
          + " bootstrap carries none. Install it in that root (Debian: intel-microcode and"
          + " amd64-microcode from non-free-firmware; RHEL family: microcode_ctl and linux-firmware)");
      return Optional.empty();
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    NewcWriter.writeTo(archive.get().tree(), out);
    events.info("Microcode included in bootstrap: " + archive.get().parts().stream()
        .map(p -> p.name() + " (" + p.sources().size() + " files, " + p.size() + " bytes)")
        .collect(Collectors.joining(", ")));
    if (archive.get().parts().size() == 1) {
      events.info("Only " + archive.get().parts().get(0).name() + " was found: processors of the other"
          + " vendor get no microcode update from this bootstrap");
    }
    return Optional.of(out.toByteArray());
  }

  /** The runtime jar to ship, when the bootstrap has the step that installs it. */
  private Optional<Path> nodeRuntime() {
    if (!config.capabilities().contains(Capability.PROVISION_VNFS)) {
      return Optional.empty();
    }
    if (runtimeJar.isEmpty()) {
      events.warn("No node runtime jar given: nodes get /warewulf/config but not wwgetfiles, wwgetscript"
          + " and their cron jobs");
      return Optional.empty();
    }
    Path jar = runtimeJar.get();
    if (!Files.isRegularFile(jar)) {
      throw new UserException("The node runtime jar " + jar + " does not exist (ww-node-runtime.jar;"
          + " give its path with --runtime-jar)");
    }
    events.debug("Node runtime " + jar);
    return Optional.of(jar);
  }

  private static Path absoluteParent(Path file) {
    return file.toAbsolutePath().getParent();
  }

  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> READABLE =
      java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");

  private static Path tempBeside(Path target) throws IOException {
    Path temp = Files.createTempFile(absoluteParent(target), "." + target.getFileName(), ".tmp");
    Files.setPosixFilePermissions(temp, READABLE);
    return temp;
  }

  private static void copyAtomically(Path source, Path target) throws IOException {
    Path temp = tempBeside(target);
    try {
      Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Writes the initramfs file: the uncompressed early microcode archive first when there is one
   * (the kernel's early loaders only look there), then the compressed main archive. The kernel
   * unpacks both, one after the other.
   */
  private static String writeAtomically(Optional<byte[]> early, ArchiveTree tree, Path target) throws IOException {
    Path temp = tempBeside(target);
    try {
      MessageDigest digest = sha256();
      try (OutputStream out =
          new DigestOutputStream(
              new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 16), digest)) {
        if (early.isPresent()) {
          out.write(early.get());
        }
        NewcWriter.writeGzip(tree, out);
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return HexFormat.of().formatHex(digest.digest());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
