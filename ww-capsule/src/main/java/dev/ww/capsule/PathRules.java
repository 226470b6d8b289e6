package dev.ww.capsule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which parts of a tree stay out of a capsule, as Warewulf 3's {@code exclude} and {@code
 * hybridize} settings. A pattern is an absolute path inside the tree in which {@code *} matches
 * any run of characters within one component (never a leading dot, as in a shell glob) and
 * {@code ?} one character. A path is left out when it or one of its parents matches: {@code
 * /tmp/*} keeps an empty {@code /tmp}, {@code /var/cache} drops the directory itself.
 *
 * <p>A hybridized path that exists in the tree becomes a symlink to {@code
 * <hybridPath>/<path>} (the node mounts the full tree there) when a hybrid path is set, and is
 * left out like an exclude when none is. An exclude wins over a hybridize for the same path.
 *
 * @param excludes patterns to leave out
 * @param hybridize patterns to replace by symlinks into the hybrid path
 * @param hybridPath the directory on the node that holds the full tree, if any
 */
public record PathRules(List<String> excludes, List<String> hybridize, Optional<String> hybridPath) {

  private static final Pattern VALID = Pattern.compile("/[A-Za-z0-9_\\-/.*?+@:%,~]*");

  public PathRules {
    excludes = validated(excludes, "exclude");
    hybridize = validated(hybridize, "hybridize");
    Objects.requireNonNull(hybridPath, "hybridPath");
    hybridPath.ifPresent(
        path -> {
          if (!path.startsWith("/") || path.contains("\0")) {
            throw new IllegalArgumentException(
                "the hybrid path must be an absolute path on the node, not '" + path + "'");
          }
        });
    hybridPath = hybridPath.map(PathRules::stripTrailingSlashes);
  }

  /** Everything included. */
  public static PathRules none() {
    return new PathRules(List.of(), List.of(), Optional.empty());
  }

  public static PathRules excluding(List<String> excludes) {
    return new PathRules(excludes, List.of(), Optional.empty());
  }

  private static List<String> validated(List<String> patterns, String what) {
    List<String> result = new ArrayList<>();
    for (String raw : Objects.requireNonNull(patterns, what)) {
      String pattern = raw.strip();
      if (!VALID.matcher(pattern).matches()) {
        throw new IllegalArgumentException(
            "invalid " + what + " pattern '" + raw + "': it must be an absolute path inside the"
                + " chroot, such as /var/cache or /tmp/*");
      }
      String stripped = stripTrailingSlashes(pattern);
      if (stripped.equals("/")) {
        throw new IllegalArgumentException(
            "invalid " + what + " pattern '" + raw + "': it would leave out the whole tree");
      }
      result.add(stripped);
    }
    return List.copyOf(result);
  }

  private static String stripTrailingSlashes(String path) {
    String result = path;
    while (result.length() > 1 && result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
