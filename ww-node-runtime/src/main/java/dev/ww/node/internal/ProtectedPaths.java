package dev.ww.node.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Paths (relative to the node's root) that {@code wwgetvnfs} never reads, writes or removes:
 * the kernel's filesystems, the runtime's own directory, configured excludes, and mount points
 * found while walking the tree. Patterns may use {@code *} and {@code ?} within one component.
 */
public final class ProtectedPaths {

  /** Always protected. */
  public static final List<String> ALWAYS = List.of("proc", "sys", "dev", "run", "warewulf");

  private final List<String> patterns = new ArrayList<>();

  public ProtectedPaths(List<String> excludes) {
    patterns.addAll(ALWAYS);
    for (String e : excludes) {
      String n = TreeDiff.normalize(e);
      if (n.isEmpty() || n.contains("..")) {
        throw new IllegalArgumentException("exclude '" + e + "' is not a path below /");
      }
      patterns.add(n);
    }
  }

  public void addMountPoint(String rel) {
    patterns.add(rel);
  }

  /** Whether {@code rel} or one of its parents is protected. */
  public boolean covers(String rel) {
    String[] parts = rel.split("/");
    for (String p : patterns) {
      String[] pp = p.split("/");
      if (pp.length > parts.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < pp.length && match; i++) {
        match = glob(pp[i], parts[i]);
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  public List<String> patterns() {
    return List.copyOf(patterns);
  }

  static boolean glob(String pattern, String s) {
    return glob(pattern, 0, s, 0);
  }

  private static boolean glob(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (glob(p, pi + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }
}
