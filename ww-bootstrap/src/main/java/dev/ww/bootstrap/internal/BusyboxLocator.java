package dev.ww.bootstrap.internal;

import dev.ww.core.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the static busybox that runs the node's first stage: the one given, or the host's
 * (Debian's {@code busybox-static} installs {@code /bin/busybox}). A dynamically linked
 * busybox cannot run in the initramfs, which has no C library, so it is refused.
 */
public final class BusyboxLocator {

  /** Where a host busybox is looked for, in order. */
  public static final List<Path> HOST_CANDIDATES =
      List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"), Path.of("/sbin/busybox"),
          Path.of("/usr/sbin/busybox"));

  private BusyboxLocator() {}

  public static Path locate(Optional<Path> given, List<Path> candidates) throws IOException {
    if (given.isPresent()) {
      Path file = given.get();
      if (!Files.isRegularFile(file)) {
        throw new UserException("No busybox at " + file + ": the file does not exist");
      }
      String problem = problemWith(file);
      if (problem != null) {
        throw new UserException("Cannot use busybox " + file + ": " + problem);
      }
      return file;
    }
    List<String> rejected = new ArrayList<>();
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        String problem = problemWith(candidate);
        if (problem == null) {
          return candidate;
        }
        rejected.add(candidate + " (" + problem + ")");
      }
    }
    StringBuilder message =
        new StringBuilder("No static busybox found; looked at ")
            .append(String.join(", ", candidates.stream().map(Path::toString).toList()));
    if (!rejected.isEmpty()) {
      message.append("; unusable: ").append(String.join(", ", rejected));
    }
    message.append(". Install the busybox-static package or pass --busybox PATH");
    throw new UserException(message.toString());
  }

  private static String problemWith(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (!ElfModinfo.isElf(bytes)) {
      return "not an ELF executable";
    }
    try {
      if (ElfModinfo.isDynamicallyLinked(bytes)) {
        return "dynamically linked; the initramfs has no C library, use busybox-static";
      }
    } catch (IllegalArgumentException e) {
      return "not a valid ELF executable: " + e.getMessage();
    }
    return null;
  }
}
