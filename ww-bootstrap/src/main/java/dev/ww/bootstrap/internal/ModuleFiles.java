package dev.ww.bootstrap.internal;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/** Reads kernel module files, decompressing {@code .ko.xz}, {@code .ko.zst} and {@code .ko.gz}. */
public final class ModuleFiles {

  private ModuleFiles() {}

  /** The uncompressed bytes of a module file. */
  public static byte[] readUncompressed(Path file) throws IOException {
    try (InputStream in = openUncompressed(file)) {
      return in.readAllBytes();
    }
  }

  /** Opens a module file (or any file with those suffixes) as an uncompressed stream. */
  public static InputStream openUncompressed(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      if (name.endsWith(".xz")) {
        return new XZInputStream(raw);
      }
      if (name.endsWith(".zst")) {
        return new ZstdInputStream(raw);
      }
      if (name.endsWith(".gz")) {
        return new GZIPInputStream(raw, 1 << 16);
      }
      return raw;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }
}
