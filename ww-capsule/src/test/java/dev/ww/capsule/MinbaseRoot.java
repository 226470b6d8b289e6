package dev.ww.capsule;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Debian bookworm minbase root built once with debootstrap and kept outside the repository
 * (set WW_TEST_CACHE to move it), so later runs reuse it. Tests must not change it.
 */
final class MinbaseRoot {

  private MinbaseRoot() {}

  static Path cacheDirectory() {
    String configured = System.getenv("WW_TEST_CACHE");
    return Path.of(configured != null && !configured.isBlank() ? configured : "/var/tmp/ww-test-cache")
        .resolve("capsule");
  }

  static Path get() throws Exception {
    RealSystem.requireRoot();
    RealSystem.requireProgram("debootstrap");
    Path cache = cacheDirectory();
    Path root = cache.resolve("minbase");
    if (Files.isDirectory(root.resolve("usr/bin"))) {
      return root;
    }
    Files.createDirectories(cache);
    RealSystem.sh(
        cache,
        """
        exec 9>lock; flock 9
        if [ ! -d minbase/usr/bin ]; then
          mirror=$(grep -rhs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' \\
            | grep -v security | grep '/debian' | head -1)
          [ -n "$mirror" ] || mirror=$(awk '$1=="deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
          [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
          rm -rf minbase.tmp
          mkdir -p debs
          debootstrap --variant=minbase --cache-dir="$PWD/debs" bookworm minbase.tmp "$mirror" >debootstrap.log 2>&1 \\
            || { tail -20 debootstrap.log; exit 1; }
          mv minbase.tmp minbase
        fi
        """);
    return root;
  }

  /** A bookworm package file fetched once with apt-get download into the cache. */
  static Path packageFile(String name) throws Exception {
    Path cache = Files.createDirectories(cacheDirectory().resolve("packages"));
    RealSystem.sh(
        cache,
        "exec 9>lock; flock 9\n"
            + "ls " + name + "_*.deb >/dev/null 2>&1 || apt-get download -q " + name + " >download.log 2>&1"
            + " || { cat download.log; exit 1; }");
    try (var files = Files.list(cache)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(name + "_") && p.toString().endsWith(".deb"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("apt-get download " + name + " left no .deb"));
    }
  }
}
