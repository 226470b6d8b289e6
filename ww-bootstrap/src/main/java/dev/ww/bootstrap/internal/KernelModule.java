package dev.ww.bootstrap.internal;

import java.util.List;
import java.util.Objects;

/**
 * One loadable module of a kernel, as the module index knows it.
 *
 * @param name canonical module name ({@code '-'} replaced by {@code '_'})
 * @param path file path relative to {@code lib/modules/KVER}, as stored (possibly compressed)
 * @param depends modules that must be loaded first (names)
 * @param softPre soft dependencies to load before it (names)
 * @param softPost soft dependencies to load after it (names)
 * @param aliases the module's alias patterns ({@code pci:v00008086d...})
 */
public record KernelModule(
    String name,
    String path,
    List<String> depends,
    List<String> softPre,
    List<String> softPost,
    List<String> aliases) {

  public KernelModule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    depends = List.copyOf(depends);
    softPre = List.copyOf(softPre);
    softPost = List.copyOf(softPost);
    aliases = List.copyOf(aliases);
    if (!ModuleNames.isModuleFile(path)) {
      throw new IllegalArgumentException("not a module path: " + path);
    }
  }

  /** The path of this module inside the initramfs's module directory (always uncompressed). */
  public String uncompressedPath() {
    return ModuleNames.uncompressedPath(path);
  }
}
