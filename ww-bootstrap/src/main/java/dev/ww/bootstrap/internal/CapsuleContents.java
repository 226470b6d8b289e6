package dev.ww.bootstrap.internal;

import dev.ww.capsule.CapsuleEntry;
import dev.ww.core.UserException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a capsule's listing says about its kernels, and which of its entries a bootstrap needs:
 * the kernel image, {@code lib/modules/KVER}, the firmware, the modprobe.d soft dependencies
 * (each also under {@code usr/lib} for merged-/usr roots), and the directories (or the
 * {@code lib -> usr/lib} symlink) above them.
 */
final class CapsuleContents {

  /** Everything under these (relative to the root) is needed; {@code %s} is the version. */
  private static final List<String> TREES = List.of(
      "lib/modules/%s", "usr/lib/modules/%s", "lib/firmware", "usr/lib/firmware",
      "lib/modprobe.d", "usr/lib/modprobe.d", "etc/modprobe.d");

  private final Map<String, CapsuleEntry> entries = new HashMap<>();
  private final String capsule;

  CapsuleContents(String capsule) {
    this.capsule = capsule;
  }

  /** Records one listed entry. */
  void add(CapsuleEntry entry) {
    String name = NewcFilter.normalize(entry.name());
    if (!name.isEmpty()) {
      entries.put(name, entry);
    }
  }

  /** The versions that have a module directory ({@code lib/modules/V} or {@code usr/lib/modules/V}). */
  Set<String> moduleVersions() {
    Set<String> versions = new TreeSet<>();
    for (Map.Entry<String, CapsuleEntry> item : entries.entrySet()) {
      for (String base : List.of("lib/modules/", "usr/lib/modules/")) {
        String name = item.getKey();
        if (name.startsWith(base) && name.indexOf('/', base.length()) < 0
            && item.getValue().type() == CapsuleEntry.Type.DIRECTORY) {
          versions.add(name.substring(base.length()));
        }
      }
    }
    return versions;
  }

  /** The image candidates of a version, where distributions put them. */
  static List<String> imageCandidates(String version, String prefix) {
    return List.of("boot/" + prefix + "-" + version, "lib/modules/" + version + "/" + prefix,
        "usr/lib/modules/" + version + "/" + prefix);
  }

  private Optional<String> image(String version, String prefix) {
    return imageCandidates(version, prefix).stream()
        .filter(name -> {
          CapsuleEntry entry = entries.get(name);
          return entry != null && (entry.type() == CapsuleEntry.Type.FILE || entry.type() == CapsuleEntry.Type.SYMLINK);
        })
        .findFirst();
  }

  /**
   * The kernel version to take: the one asked for, which must be there with its image, or the
   * only one the capsule has.
   */
  String chooseVersion(Optional<String> requested, String prefix) {
    Set<String> versions = moduleVersions();
    List<String> withImage = versions.stream().filter(v -> image(v, prefix).isPresent()).toList();
    if (requested.isPresent()) {
      String version = requested.get();
      if (!versions.contains(version)) {
        throw new UserException("Unknown kernel version '" + version + "': the capsule " + capsule
            + " has no lib/modules/" + version + "; kernels in it: " + (versions.isEmpty() ? "none" : String.join(", ", versions)));
      }
      if (image(version, prefix).isEmpty()) {
        throw new UserException("Can't locate the boot kernel for " + version + " in the capsule " + capsule
            + ": it has none of " + String.join(", ", imageCandidates(version, prefix))
            + " (choose another image name prefix with -k)");
      }
      return version;
    }
    if (withImage.size() == 1) {
      return withImage.get(0);
    }
    if (withImage.isEmpty()) {
      throw new UserException("The capsule " + capsule + " holds no kernel: no lib/modules/VERSION with an image "
          + String.join(", ", imageCandidates("VERSION", prefix))
          + (versions.isEmpty() ? "" : " (module directories without an image: " + String.join(", ", versions) + ")"));
    }
    throw new UserException("The capsule " + capsule + " holds several kernels (" + String.join(", ", withImage)
        + "): give the version to use");
  }

  /** The names (normalized) of the entries a bootstrap of {@code version} needs. */
  Needed needed(String version, String prefix) {
    List<String> trees = TREES.stream().map(t -> t.formatted(version)).toList();
    Set<String> exact = new HashSet<>();
    String image = image(version, prefix).orElseThrow();
    exact.add(image);
    // A symlinked image (boot/vmlinuz-V -> ../lib/modules/V/vmlinuz) needs its target too.
    String current = image;
    for (int hops = 0; hops < 8; hops++) {
      CapsuleEntry entry = entries.get(current);
      if (entry == null || entry.type() != CapsuleEntry.Type.SYMLINK) {
        break;
      }
      String target = entry.linkTarget();
      String base = target.startsWith("/") ? "" : current.substring(0, Math.max(current.lastIndexOf('/'), 0));
      Optional<String> resolved = lexical(base.isEmpty() ? target : base + "/" + target);
      if (resolved.isEmpty() || !entries.containsKey(resolved.get())) {
        break;
      }
      current = resolved.get();
      exact.add(current);
    }
    Set<String> ancestors = new HashSet<>();
    List<String> roots = new ArrayList<>(trees);
    roots.addAll(exact);
    for (String name : roots) {
      for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
        ancestors.add(name.substring(0, slash));
      }
    }
    Needed byName = new Needed(trees, exact, ancestors, Set.of());
    Set<Long> linked = new HashSet<>();
    for (Map.Entry<String, CapsuleEntry> item : entries.entrySet()) {
      CapsuleEntry entry = item.getValue();
      if (entry.type() == CapsuleEntry.Type.FILE && entry.nlink() > 1 && byName.test(item.getKey())) {
        linked.add(entry.inode());
      }
    }
    return new Needed(trees, exact, ancestors, linked);
  }

  /** {@code a/b/../c} as {@code a/c}; empty when it climbs above the root. */
  private static Optional<String> lexical(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(part);
      }
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
  }

  /**
   * The needed entries: whole trees, single names, and the directories above them.
   *
   * @param linkedInodes inodes of hard-link groups with a needed member
   */
  record Needed(List<String> trees, Set<String> exact, Set<String> ancestors, Set<Long> linkedInodes)
      implements java.util.function.Predicate<String> {
    Needed {
      trees = List.copyOf(trees);
      exact = Set.copyOf(exact);
      ancestors = Set.copyOf(ancestors);
      linkedInodes = Set.copyOf(linkedInodes);
    }

    @Override
    public boolean test(String name) {
      if (exact.contains(name) || ancestors.contains(name)) {
        return true;
      }
      for (String tree : trees) {
        if (name.equals(tree) || name.startsWith(tree + "/")) {
          return true;
        }
      }
      return false;
    }
  }
}
