package dev.ww.bootstrap.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The early microcode archive the kernel reads before anything else: an uncompressed newc cpio
 * at the very start of the initramfs file holding {@code kernel/x86/microcode/GenuineIntel.bin}
 * and {@code kernel/x86/microcode/AuthenticAMD.bin}. Each is the concatenation, in name order,
 * of the microcode files a root's firmware directory has: {@code intel-ucode/FF-MM-SS} (with
 * Debian's {@code .initramfs} variants, which exist only for early loading) and {@code
 * amd-ucode/microcode_amd*.bin}, decompressed when stored as {@code .xz} or {@code .zst}. The
 * kernel's loaders scan such concatenations for the update that matches the processor.
 */
public final class EarlyMicrocode {

  /** Where the kernel's early loaders look for the vendors' microcode. */
  public static final String DIRECTORY = "kernel/x86/microcode";

  private static final Pattern INTEL = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{2}-[0-9a-f]{2}(\\.initramfs)?(\\.xz|\\.zst)?");
  private static final Pattern AMD = Pattern.compile("microcode_amd[A-Za-z0-9_]*\\.bin(\\.xz|\\.zst)?");

  /** One vendor's part: its file name in the archive and the firmware files it was made of. */
  public record Part(String name, List<String> sources, long size) {
    public Part {
      sources = List.copyOf(sources);
    }
  }

  /** The archive's tree and what went into it. */
  public record Archive(ArchiveTree tree, List<Part> parts) {
    public Archive {
      parts = List.copyOf(parts);
    }
  }

  private EarlyMicrocode() {}

  /**
   * The early archive for the microcode under {@code firmwareDir} (a root's resolved {@code
   * lib/firmware}); empty when it has none. Files that resolve outside the firmware directory
   * are ignored, as for firmware.
   */
  public static Optional<Archive> fromFirmware(Path firmwareDir) throws IOException {
    List<Part> parts = new ArrayList<>();
    ArchiveTree tree = new ArchiveTree();
    addPart(tree, parts, "GenuineIntel.bin", firmwareDir, "intel-ucode", INTEL);
    addPart(tree, parts, "AuthenticAMD.bin", firmwareDir, "amd-ucode", AMD);
    return parts.isEmpty() ? Optional.empty() : Optional.of(new Archive(tree, parts));
  }

  private static void addPart(
      ArchiveTree tree, List<Part> parts, String name, Path firmwareDir, String directory, Pattern pattern)
      throws IOException {
    Path dir = firmwareDir.resolve(directory);
    if (!Files.isDirectory(dir)) {
      return;
    }
    Path realFirmware = firmwareDir.toRealPath();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> pattern.matcher(p.getFileName().toString()).matches())
          .filter(Files::isRegularFile)
          .filter(p -> inside(p, realFirmware))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    }
    if (files.isEmpty()) {
      return;
    }
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    List<String> sources = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = ModuleFiles.openUncompressed(file)) {
        in.transferTo(joined);
      }
      sources.add(directory + "/" + file.getFileName());
    }
    byte[] bytes = joined.toByteArray();
    tree.file(DIRECTORY + "/" + name, 0644, ArchiveTree.Content.of(bytes));
    parts.add(new Part(name, sources, bytes.length));
  }

  private static boolean inside(Path file, Path realFirmware) {
    try {
      return file.toRealPath().startsWith(realFirmware);
    } catch (IOException e) {
      return false;
    }
  }
}
