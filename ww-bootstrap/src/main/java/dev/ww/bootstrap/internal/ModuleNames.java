package dev.ww.bootstrap.internal;

import java.util.Locale;

/** Kernel module naming rules: '-' and '_' are the same, and file names carry suffixes. */
public final class ModuleNames {

  private static final String[] SUFFIXES = {".ko.xz", ".ko.zst", ".ko.gz", ".ko"};

  private ModuleNames() {}

  /** The canonical form of a module name ({@code e1000-e} becomes {@code e1000_e}). */
  public static String canonical(String name) {
    return name.replace('-', '_');
  }

  /** True when the file name is a kernel module, compressed or not. */
  public static boolean isModuleFile(String fileName) {
    return suffixOf(fileName) != null;
  }

  /** The module name a file holds by its file name, canonical. */
  public static String fromFileName(String fileName) {
    String base = fileName.substring(fileName.lastIndexOf('/') + 1);
    String suffix = suffixOf(base);
    if (suffix == null) {
      throw new IllegalArgumentException("not a kernel module file: " + fileName);
    }
    return canonical(base.substring(0, base.length() - suffix.length()));
  }

  /** The path of the uncompressed module for a possibly compressed module path. */
  public static String uncompressedPath(String path) {
    String suffix = suffixOf(path);
    if (suffix == null) {
      throw new IllegalArgumentException("not a kernel module file: " + path);
    }
    return path.substring(0, path.length() - suffix.length()) + ".ko";
  }

  private static String suffixOf(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (String suffix : SUFFIXES) {
      if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
        return suffix;
      }
    }
    return null;
  }
}
