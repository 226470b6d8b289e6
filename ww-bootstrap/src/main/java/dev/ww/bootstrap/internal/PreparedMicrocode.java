package dev.ww.bootstrap.internal;

import dev.ww.core.UserException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;

/**
 * A prepared early microcode archive (Warewulf 3's {@code --ucode FILE}, or what {@code
 * iucode_tool --write-earlyfw} writes): checked to be what the kernel's early loaders can read,
 * an uncompressed newc archive with its files under {@code kernel/x86/microcode/}.
 */
final class PreparedMicrocode {

  private static final long LIMIT = 256L << 20;

  private PreparedMicrocode() {}

  static byte[] read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserException("The microcode archive " + file + " does not exist");
    }
    if (Files.size(file) > LIMIT) {
      throw new UserException("The microcode archive " + file + " is larger than 256 MiB; it is not an early microcode archive");
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < 6 || !new String(bytes, 0, 6, StandardCharsets.US_ASCII).equals("070701")) {
      throw new UserException("The microcode archive " + file + " is not an uncompressed newc cpio archive"
          + " (the kernel reads early microcode only from one); leave out --ucode-file and use -u to build"
          + " it from the root's firmware");
    }
    boolean microcode = false;
    try (CpioArchiveInputStream cpio = new CpioArchiveInputStream(new ByteArrayInputStream(bytes))) {
      for (CpioArchiveEntry entry = cpio.getNextCPIOEntry(); entry != null; entry = cpio.getNextCPIOEntry()) {
        if (entry.isRegularFile() && entry.getName().startsWith(EarlyMicrocode.DIRECTORY + "/")) {
          microcode = true;
        }
      }
    } catch (IOException e) {
      throw new UserException("The microcode archive " + file + " is not a complete newc cpio archive: " + e.getMessage(), e);
    }
    if (!microcode) {
      throw new UserException("The microcode archive " + file + " has no file under " + EarlyMicrocode.DIRECTORY
          + "/, where the kernel looks for microcode (the name must start exactly so, without ./)");
    }
    return bytes;
  }
}
