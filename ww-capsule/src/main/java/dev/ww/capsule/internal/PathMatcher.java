package dev.ww.capsule.internal;

import dev.ww.capsule.PathRules;
import java.util.ArrayList;
import java.util.List;

/** Decides for each path of a tree whether {@link PathRules} include, exclude or hybridize it. */
public final class PathMatcher {

  /** What happens to a path. */
  public enum Decision {
    INCLUDE,
    EXCLUDE,
    HYBRIDIZE
  }

  private final List<String[]> excludes;
  private final List<String[]> hybridize;

  public PathMatcher(PathRules rules) {
    this.excludes = split(rules.excludes());
    this.hybridize = split(rules.hybridize());
  }

  private static List<String[]> split(List<String> patterns) {
    List<String[]> result = new ArrayList<>();
    for (String pattern : patterns) {
      result.add(pattern.substring(1).split("/+"));
    }
    return result;
  }

  /**
   * The decision for a path whose parents were all included. Components are the path's names
   * decoded byte for byte (ISO-8859-1), which is exact for the ASCII patterns allowed.
   */
  public Decision decide(List<String> components) {
    if (matchesAny(excludes, components)) {
      return Decision.EXCLUDE;
    }
    if (matchesAny(hybridize, components)) {
      return Decision.HYBRIDIZE;
    }
    return Decision.INCLUDE;
  }

  private static boolean matchesAny(List<String[]> patterns, List<String> components) {
    for (String[] pattern : patterns) {
      if (pattern.length == components.size() && matches(pattern, components)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String[] pattern, List<String> components) {
    for (int i = 0; i < pattern.length; i++) {
      if (!globMatches(pattern[i], components.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** One component against one glob component: {@code *} and {@code ?}, no leading dot. */
  static boolean globMatches(String glob, String name) {
    if (name.startsWith(".") && !glob.startsWith(".")) {
      return false;
    }
    return globFrom(glob, 0, name, 0);
  }

  private static boolean globFrom(String glob, int g, String name, int n) {
    while (g < glob.length()) {
      char c = glob.charAt(g);
      if (c == '*') {
        for (int k = n; k <= name.length(); k++) {
          if (globFrom(glob, g + 1, name, k)) {
            return true;
          }
        }
        return false;
      }
      if (n >= name.length() || (c != '?' && c != name.charAt(n))) {
        return false;
      }
      g++;
      n++;
    }
    return n == name.length();
  }
}
