package dev.ww.capsule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.core.config.ConfigException;
import dev.ww.core.config.KeyValueConfig;
import dev.ww.core.config.YamlConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The VNFS configuration files under a layout's configuration directory: the global {@value
 * #GLOBAL} and one {@code vnfs/<name>.conf} per VNFS, as Warewulf 3 named them. Their content is
 * YAML; a file in Warewulf 3's {@code key = value} / {@code key += value} syntax is read as well
 * (recognized by its {@code =} lines). Without a global file, Warewulf 3's shipped defaults
 * apply.
 */
public final class VnfsConfigFiles {

  public static final String GLOBAL = "vnfs.conf";

  /** Warewulf 3's shipped excludes. */
  public static final List<String> DEFAULT_EXCLUDES =
      List.of("/tmp/*", "/var/log/*", "/var/chroots/*", "/var/cache", "/usr/src");

  /** Warewulf 3's shipped hybridize list. */
  public static final List<String> DEFAULT_HYBRIDIZE =
      List.of("/usr/X11R6", "/usr/lib/locale", "/usr/lib64/locale", "/usr/include",
          "/usr/share/man", "/usr/share/doc", "/usr/share/locale");

  /** Names a VNFS may have (as Warewulf 3). */
  public static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9\\-_.]+");

  private static final Pattern KEY_VALUE_LINE = Pattern.compile("^\\s*[A-Za-z][A-Za-z0-9 _]*\\+?=.*");
  /** Warewulf 3 keys for its external cpio/gzip pipeline, which a capsule does not use. */
  private static final Set<String> IGNORED_LEGACY_KEYS =
      Set.of("gzip command", "cpio command", "build directory", "includefile");

  private final Layout layout;

  public VnfsConfigFiles(Layout layout) {
    this.layout = layout;
  }

  public Path globalFile() {
    return layout.configFile(GLOBAL);
  }

  /** The per-VNFS file of a validated name. */
  public Path vnfsFile(String name) {
    return layout.configFile("vnfs/" + validName(name) + ".conf");
  }

  /** Checks a VNFS name; the message says what is allowed. */
  public static String validName(String name) {
    if (name == null || !VALID_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new UserException(
          "VNFS name '" + name + "' contains illegal characters; use letters, digits, '-', '_'"
              + " and '.'");
    }
    return name;
  }

  /** The global settings (Warewulf 3's defaults when there is no global file). */
  public VnfsConfig global() {
    Path file = globalFile();
    if (!Files.exists(file)) {
      return new VnfsConfig(
          Optional.empty(), Optional.empty(), DEFAULT_EXCLUDES, List.of(), DEFAULT_HYBRIDIZE,
          List.of(), Optional.empty(), Optional.empty());
    }
    return read(file);
  }

  /** The per-VNFS settings, if that file exists. */
  public Optional<VnfsConfig> vnfs(String name) {
    Path file = vnfsFile(name);
    return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
  }

  /** Reads one file, YAML or Warewulf 3 syntax. */
  public VnfsConfig read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file, 0, "cannot be read: " + e.getMessage(), e);
    }
    boolean keyValue = lines.stream().anyMatch(line -> KEY_VALUE_LINE.matcher(line).matches());
    return keyValue ? fromKeyValue(file, lines) : fromYaml(file, String.join("\n", lines));
  }

  private VnfsConfig fromKeyValue(Path file, List<String> lines) {
    KeyValueConfig config = KeyValueConfig.parse(file, lines);
    for (String key : config.asMap().keySet()) {
      if (!Set.of("chroot", "output", "exclude", "excludes", "excludefile", "hybridize",
              "hybridizefile", "hybridpath", "compression", "compression level")
          .contains(key)
          && !IGNORED_LEGACY_KEYS.contains(key)) {
        throw new ConfigException(file, 0, "unknown key '" + key + "'");
      }
    }
    List<String> hybridize = new ArrayList<>(config.values("hybridize"));
    // Warewulf 3 appended its legacy key "excludes" to the hybridize list
    hybridize.addAll(config.values("excludes"));
    return new VnfsConfig(
        config.value("chroot").map(Path::of),
        config.value("output").map(Path::of),
        config.values("exclude"),
        config.values("excludefile").stream().map(Path::of).toList(),
        hybridize,
        config.values("hybridizefile").stream().map(Path::of).toList(),
        config.value("hybridpath"),
        compression(file, config.value("compression"), config.value("compression level")));
  }

  private VnfsConfig fromYaml(Path file, String text) {
    JsonNode root = new YamlConfig(layout).parseTree(file, text);
    if (root == null || root.isNull() || root.isMissingNode()) {
      return VnfsConfig.empty();
    }
    if (!root.isObject()) {
      throw new ConfigException(file, 1, "expected settings such as 'exclude: [/tmp/*]'");
    }
    Set<String> known =
        Set.of("chroot", "output", "exclude", "excludefile", "hybridize", "hybridizefile",
            "hybridpath", "compression", "compression-level");
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new ConfigException(file, 0, "unknown key '" + name + "'; known keys: " + known);
      }
    }
    return new VnfsConfig(
        scalar(root, "chroot").map(Path::of),
        scalar(root, "output").map(Path::of),
        list(file, root, "exclude"),
        list(file, root, "excludefile").stream().map(Path::of).toList(),
        list(file, root, "hybridize"),
        list(file, root, "hybridizefile").stream().map(Path::of).toList(),
        scalar(root, "hybridpath"),
        compression(file, scalar(root, "compression"), scalar(root, "compression-level")));
  }

  private static Optional<String> scalar(JsonNode root, String key) {
    JsonNode node = root.get(key);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }

  private static List<String> list(Path file, JsonNode root, String key) {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(item -> values.add(item.asText()));
    } else if (node.isValueNode()) {
      values.add(node.asText());
    } else {
      throw new ConfigException(file, 0, "'" + key + "' must be a list of paths");
    }
    return values;
  }

  private static Optional<Compression> compression(
      Path file, Optional<String> format, Optional<String> level) {
    if (format.isEmpty()) {
      if (level.isPresent()) {
        throw new ConfigException(file, 0, "a compression level needs a compression format");
      }
      return Optional.empty();
    }
    try {
      Compression.Format parsed = Compression.Format.parse(format.get());
      return Optional.of(
          level.isEmpty()
              ? Compression.of(parsed)
              : new Compression(parsed, Integer.parseInt(level.get().strip())));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file, 0, e.getMessage());
    }
  }

  /**
   * The path rules for a build: patterns from the settings and their pattern files, {@code
   * %{name}} in the hybrid path replaced by the VNFS name.
   */
  public static PathRules rules(VnfsConfig config, String name) throws IOException {
    List<String> excludes = new ArrayList<>(config.excludes());
    for (Path file : config.excludeFiles()) {
      excludes.addAll(patternFile(file));
    }
    List<String> hybridize = new ArrayList<>(config.hybridize());
    for (Path file : config.hybridizeFiles()) {
      hybridize.addAll(patternFile(file));
    }
    try {
      return new PathRules(
          excludes, hybridize, config.hybridPath().map(path -> path.replace("%{name}", name)));
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  /** One pattern per line; blank lines and {@code #} comments ignored. */
  public static List<String> patternFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserException("pattern file not found: " + file);
    }
    List<String> patterns = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String stripped = line.strip();
      if (!stripped.isEmpty() && !stripped.startsWith("#")) {
        patterns.add(stripped);
      }
    }
    return patterns;
  }

  /**
   * Writes the per-VNFS file after a first successful build (never replaces an existing one),
   * atomically.
   *
   * @return true when the file was written
   */
  public boolean writeVnfsIfAbsent(String name, VnfsConfig settings, String command)
      throws IOException {
    Path file = vnfsFile(name);
    if (Files.exists(file)) {
      return false;
    }
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Settings of VNFS ").append(name).append(", written by its first build:\n");
    yaml.append("#   ").append(command.replace("\n", " ")).append('\n');
    yaml.append("# Lists here are added to those of ").append(GLOBAL).append(".\n");
    settings.chroot().ifPresent(path -> yaml.append("chroot: ").append(quote(path.toString())).append('\n'));
    settings.output().ifPresent(path -> yaml.append("output: ").append(quote(path.toString())).append('\n'));
    appendList(yaml, "exclude", settings.excludes());
    appendList(yaml, "excludefile", settings.excludeFiles().stream().map(Path::toString).toList());
    appendList(yaml, "hybridize", settings.hybridize());
    appendList(yaml, "hybridizefile", settings.hybridizeFiles().stream().map(Path::toString).toList());
    settings.hybridPath().ifPresentOrElse(
        path -> yaml.append("hybridpath: ").append(quote(path)).append('\n'),
        () -> yaml.append("# hybridpath: /hybrid/%{name}\n"));
    settings.compression().ifPresent(compression -> {
      yaml.append("compression: ").append(compression.format().name().toLowerCase(Locale.ROOT)).append('\n');
      yaml.append("compression-level: ").append(compression.level()).append('\n');
    });
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), "." + name, ".tmp");
    try {
      Files.writeString(temporary, yaml, StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return true;
  }

  private static void appendList(StringBuilder yaml, String key, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    yaml.append(key).append(":\n");
    for (String value : values) {
      yaml.append("  - ").append(quote(value)).append('\n');
    }
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

}
