package dev.ww.bootstrap.internal;

import dev.ww.bootstrap.BootstrapConfig;
import dev.ww.bootstrap.BootstrapResult;
import dev.ww.bootstrap.Capability;
import dev.ww.core.UserException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.StepTimer;
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

  private final String kernelVersion;
  private final Path root;
  private final String kernelPrefix;
  private final BootstrapConfig config;
  private final Optional<Path> busybox;
  private final List<Path> busyboxCandidates;
  private final Optional<Path> runtimeJar;
  private final MicrocodeChoice microcode;
  private final EventHandlers events;

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
      String kernelVersion,
      Path root,
      String kernelPrefix,
      BootstrapConfig config,
      Optional<Path> busybox,
      List<Path> busyboxCandidates,
      Optional<Path> runtimeJar,
      MicrocodeChoice microcode,
      EventHandlers events) {
    this.kernelVersion = kernelVersion;
    this.root = root;
    this.kernelPrefix = kernelPrefix;
    this.config = config;
    this.busybox = busybox;
    this.busyboxCandidates = busyboxCandidates;
    this.runtimeJar = runtimeJar;
    this.microcode = microcode;
    this.events = events;
  }

  public BootstrapResult writeTo(Path kernelFile, Path initramfsFile) throws IOException {
    KernelLocator.Kernel kernel = KernelLocator.locate(root, kernelVersion, kernelPrefix);
    events.debug("Kernel image " + kernel.image() + ", modules " + kernel.modulesDir());
    Path busyboxFile = BusyboxLocator.locate(busybox, busyboxCandidates);
    events.debug("Busybox " + busyboxFile);
    Optional<Path> nodeRuntime = nodeRuntime();
    Path firmwareDir = KernelLocator.resolve(root, "lib/firmware");
    Optional<byte[]> early = earlyMicrocode(firmwareDir);

    ModuleIndex index;
    try (StepTimer timer = events.time("Reading the module index")) {
      index = new ModuleIndexLoader(events).load(root, kernel.modulesDir());
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
      events.warn("Firmware '" + glob + "' matches no file in " + root.resolve("lib/firmware"));
    }
    if (!firmware.missing().isEmpty()) {
      events.warn(
          firmware.missing().size()
              + " firmware file(s) declared by included modules were not found in "
              + root.resolve("lib/firmware")
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
  private Optional<byte[]> earlyMicrocode(Path firmwareDir) throws IOException {
    if (microcode instanceof MicrocodeChoice.Archive given) {
      byte[] bytes = PreparedMicrocode.read(given.file());
      events.info("Microcode included in bootstrap: " + given.file() + " (" + bytes.length + " bytes)");
      return Optional.of(bytes);
    }
    if (!(microcode instanceof MicrocodeChoice.FromFirmware)) {
      return Optional.empty();
    }
    Optional<EarlyMicrocode.Archive> archive = EarlyMicrocode.fromFirmware(firmwareDir);
    if (archive.isEmpty()) {
      events.warn("No microcode in " + root.resolve("lib/firmware") + " (intel-ucode/, amd-ucode/): the"
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
