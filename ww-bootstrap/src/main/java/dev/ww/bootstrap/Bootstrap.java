package dev.ww.bootstrap;

import dev.ww.bootstrap.internal.BootstrapBuild;
import dev.ww.capsule.CapsuleSource;
import dev.ww.core.UserException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.os.LinuxOs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a node's first stage: the kernel image plus an initramfs holding busybox, the init and
 * capability scripts, the chosen modules with their dependencies and firmware, and a {@code
 * modules.dep} for exactly those modules.
 *
 * <pre>{@code
 * BootstrapResult result = Bootstrap.builder("6.1.0-28-amd64")
 *     .root(Path.of("/srv/chroots/rocky9"))
 *     .config(new BootstrapConfigs(layout).load(Optional.empty()))
 *     .events(handlers)
 *     .build()
 *     .writeTo(Path.of("out/kernel"), Path.of("out/initfs.gz"));
 * }</pre>
 *
 * The kernel can also come from a capsule, and the version from the source:
 *
 * <pre>{@code
 * Bootstrap.builder()
 *     .capsule(Path.of("rocky9.vnfs"))
 *     .workDirectory(layout.tmpDir())
 *     .build()
 *     .writeTo(kernel, initramfs);
 * }</pre>
 *
 * The same inputs give byte-identical output files.
 */
public final class Bootstrap {

  private final Optional<String> kernelVersion;
  private final BootstrapBuild.KernelSource source;
  private final String kernelPrefix;
  private final BootstrapConfig config;
  private final Optional<Path> busybox;
  private final List<Path> busyboxCandidates;
  private final Optional<Path> runtimeJar;
  private final BootstrapBuild.MicrocodeChoice microcode;
  private final EventHandlers events;

  private Bootstrap(Builder builder) {
    this.kernelVersion = Optional.ofNullable(builder.kernelVersion);
    this.source = builder.capsule != null
        ? new BootstrapBuild.KernelSource.FromCapsule(
            builder.capsule, builder.capsuleDescription, builder.workDirectory, Optional.ofNullable(builder.os))
        : new BootstrapBuild.KernelSource.Root(builder.root);
    this.kernelPrefix = builder.kernelPrefix;
    this.config = builder.config;
    this.busybox = Optional.ofNullable(builder.busybox);
    this.busyboxCandidates = List.copyOf(builder.busyboxCandidates);
    this.runtimeJar = Optional.ofNullable(builder.runtimeJar);
    this.microcode = builder.microcodeArchive != null
        ? new BootstrapBuild.MicrocodeChoice.Archive(builder.microcodeArchive)
        : builder.microcode ? new BootstrapBuild.MicrocodeChoice.FromFirmware() : new BootstrapBuild.MicrocodeChoice.None();
    this.events = builder.events;
  }

  /** A builder for the kernel {@code kernelVersion} (a directory name under lib/modules). */
  public static Builder builder(String kernelVersion) {
    return new Builder(Objects.requireNonNull(kernelVersion, "kernelVersion"));
  }

  /**
   * A builder for the only kernel of the source (the root or the capsule): the one version
   * under lib/modules that has an image. None or several are an error naming them.
   */
  public static Builder builder() {
    return new Builder(null);
  }

  /**
   * Writes the kernel image and the gzip-compressed initramfs (after the uncompressed early
   * microcode archive, when the bootstrap has microcode). Each file is written to a
   * temporary name beside it and renamed, so a failure leaves no half-written file.
   */
  public BootstrapResult writeTo(Path kernelFile, Path initramfsFile) throws IOException {
    return new BootstrapBuild(
            kernelVersion, source, kernelPrefix, config, busybox, busyboxCandidates, runtimeJar, microcode, events)
        .writeTo(kernelFile, initramfsFile);
  }

  public static final class Builder {
    private final String kernelVersion;
    private Path root = Path.of("/");
    private CapsuleSource capsule;
    private String capsuleDescription;
    private Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private LinuxOs os;
    private String kernelPrefix = "vmlinuz";
    private BootstrapConfig config = BootstrapConfigs.defaults();
    private Path busybox;
    private List<Path> busyboxCandidates = dev.ww.bootstrap.internal.BusyboxLocator.HOST_CANDIDATES;
    private Path runtimeJar;
    private boolean microcode;
    private Path microcodeArchive;
    private EventHandlers events = EventHandlers.none();

    private Builder(String kernelVersion) {
      this.kernelVersion = kernelVersion;
    }

    /**
     * The root the kernel and modules come from: {@code /} (the default) or a chroot. Replaces
     * a capsule given before.
     */
    public Builder root(Path value) {
      this.root = Objects.requireNonNull(value, "root").toAbsolutePath().normalize();
      this.capsule = null;
      return this;
    }

    /**
     * Takes the kernel, {@code lib/modules/KVER}, the firmware and the modprobe.d files from a
     * capsule (a VNFS) instead of a root. The capsule is opened twice: once to list it (to
     * choose the kernel and find what it needs), once to extract only that into a private
     * temporary directory under {@link #workDirectory}, removed when the build ends. Replaces a
     * root given before.
     *
     * @param description what the capsule is, for messages (a file name, "VNFS 'rocky9'")
     */
    public Builder capsule(String description, CapsuleSource source) {
      this.capsuleDescription = Objects.requireNonNull(description, "description");
      this.capsule = Objects.requireNonNull(source, "source");
      return this;
    }

    /** A capsule file as the kernel source (see {@link #capsule(String, CapsuleSource)}). */
    public Builder capsule(Path file) {
      Path absolute = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
      return capsule(absolute.toString(), () -> {
        if (!Files.isRegularFile(absolute)) {
          throw new UserException("No capsule file " + absolute);
        }
        return Files.newInputStream(absolute);
      });
    }

    /** Where the private directory for a capsule's kernel goes (default: java.io.tmpdir). */
    public Builder workDirectory(Path value) {
      this.workDirectory = Objects.requireNonNull(value, "workDirectory").toAbsolutePath().normalize();
      return this;
    }

    /** The OS interface the capsule reader uses (default: the real one). */
    public Builder os(LinuxOs value) {
      this.os = Objects.requireNonNull(value, "os");
      return this;
    }

    /** The kernel image's name prefix: {@code boot/PREFIX-KVER}; default {@code vmlinuz}. */
    public Builder kernelPrefix(String value) {
      this.kernelPrefix = Objects.requireNonNull(value, "kernelPrefix");
      return this;
    }

    public Builder config(BootstrapConfig value) {
      this.config = Objects.requireNonNull(value, "config");
      return this;
    }

    /** A static busybox to use instead of the host's. */
    public Builder busybox(Path value) {
      this.busybox = Objects.requireNonNull(value, "busybox");
      return this;
    }

    /** Where to look for the host's busybox when none is given (default: the usual paths). */
    public Builder busyboxSearchPath(List<Path> candidates) {
      this.busyboxCandidates = List.copyOf(candidates);
      return this;
    }

    /**
     * The node runtime jar ({@code ww-node-runtime.jar}) to ship at {@code
     * /warewulf/lib/ww-node-runtime.jar}: with the {@code provision-vnfs} capability, the
     * node's {@code 60-runtimesupport} step installs it into the new root. Without it, nodes get
     * {@code /warewulf/config} but no runtime tools.
     */
    public Builder runtimeJar(Path value) {
      this.runtimeJar = Objects.requireNonNull(value, "runtimeJar");
      return this;
    }

    /**
     * Puts early microcode in front of the initramfs, as distributions do: an uncompressed newc
     * archive with {@code kernel/x86/microcode/GenuineIntel.bin} and {@code AuthenticAMD.bin},
     * made of the kernel source root's {@code lib/firmware/intel-ucode/*} and {@code
     * amd-ucode/microcode_amd*.bin}. A root without microcode gives a warning and none.
     */
    public Builder microcode(boolean value) {
      this.microcode = value;
      return this;
    }

    /**
     * Puts this prepared early microcode archive (uncompressed newc with files under {@code
     * kernel/x86/microcode/}) in front of the initramfs as it is, instead of building one.
     */
    public Builder microcodeArchive(Path value) {
      this.microcodeArchive = Objects.requireNonNull(value, "microcodeArchive");
      return this;
    }

    public Builder events(EventHandlers value) {
      this.events = Objects.requireNonNull(value, "events");
      return this;
    }

    public Bootstrap build() {
      if (microcode && microcodeArchive != null) {
        throw new IllegalStateException("microcode(true) and microcodeArchive(...) exclude each other");
      }
      return new Bootstrap(this);
    }
  }
}
