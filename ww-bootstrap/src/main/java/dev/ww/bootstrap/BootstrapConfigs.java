package dev.ww.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.core.config.ConfigException;
import dev.ww.core.config.KeyValueConfig;
import dev.ww.core.config.YamlConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads bootstrap settings: the built-in defaults, then {@code bootstrap.conf} of the
 * configuration directory, then, when a variant is named, {@code bootstrap/NAME.conf}. Each
 * file is YAML ({@code drivers:}, {@code firmware:}, {@code modprobe:}, {@code capabilities:}
 * lists; a key present replaces the earlier value) or Warewulf 3's {@code key = value} /
 * {@code key += value} syntax ({@code =} replaces, {@code +=} appends to the earlier value).
 */
public final class BootstrapConfigs {

  /** The global settings file, relative to the configuration directory. */
  public static final String GLOBAL_FILE = "bootstrap.conf";

  private static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern KEY_VALUE_LINE = Pattern.compile("^\\s*[A-Za-z][A-Za-z0-9 _-]*\\+?=.*");
  private static final List<String> KEYS = List.of("drivers", "firmware", "modprobe", "capabilities");

  private final Layout layout;

  public BootstrapConfigs(Layout layout) {
    this.layout = layout;
  }

  /** The built-in settings. */
  public static BootstrapConfig defaults() {
    try (InputStream in = BootstrapConfigs.class.getResourceAsStream("default-bootstrap.conf")) {
      if (in == null) {
        throw new IllegalStateException("built-in bootstrap settings missing from the jar");
      }
      Path name = Path.of("default-bootstrap.conf");
      Values values = new Values();
      values.applyYaml(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return values.toConfig(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The settings for a bootstrap.
   *
   * @param variant the name after {@code --config}, or empty for the global settings only
   * @throws ConfigException naming file and line when a file is invalid
   * @throws UserException when the named variant does not exist
   */
  public BootstrapConfig load(Optional<String> variant) throws IOException {
    Values values = new Values();
    BootstrapConfig base = defaults();
    values.drivers = new ArrayList<>(base.drivers());
    values.firmware = new ArrayList<>(base.firmware());
    values.modprobe = new ArrayList<>(base.modprobe());
    values.capabilities = base.capabilities().stream().map(Capability::configName).toList();
    Path global = layout.configFile(GLOBAL_FILE);
    Path last = global;
    if (Files.isRegularFile(global)) {
      values.apply(global);
    }
    if (variant.isPresent()) {
      String name = variant.get();
      if (!VARIANT.matcher(name).matches()) {
        throw new UserException("Illegal characters in configuration name '" + name + "'");
      }
      Path file = layout.configFile("bootstrap/" + name + ".conf");
      if (!Files.isRegularFile(file)) {
        throw new UserException("No bootstrap configuration '" + name + "': " + file + " does not exist");
      }
      values.apply(file);
      last = file;
    }
    return values.toConfig(last);
  }

  /** Settings being put together, file after file. */
  private static final class Values {
    List<String> drivers = new ArrayList<>();
    List<String> firmware = new ArrayList<>();
    List<String> modprobe = new ArrayList<>();
    List<String> capabilities = new ArrayList<>();

    void apply(Path file) throws IOException {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (isKeyValue(text)) {
        applyKeyValue(file, text);
      } else {
        applyYaml(file, text);
      }
    }

    void applyYaml(Path file, String text) {
      if (text.isBlank()) {
        return;
      }
      JsonNode tree = new YamlConfig(Layout.of(Path.of("/"), Path.of("/"))).parseTree(file, text);
      if (tree == null || tree.isNull() || tree.isMissingNode()) {
        return;
      }
      if (!tree.isObject()) {
        throw new ConfigException(file, 1, "expected keys " + KEYS + ", found " + tree.getNodeType());
      }
      Iterator<String> names = tree.fieldNames();
      while (names.hasNext()) {
        String key = names.next();
        if (!KEYS.contains(key)) {
          throw new ConfigException(file, lineOf(text.lines().toList(), key), "unknown key '" + key + "'; known keys: " + KEYS);
        }
        List<String> list = stringList(file, text, key, tree.get(key));
        switch (key) {
          case "drivers" -> drivers = list;
          case "firmware" -> firmware = list;
          case "modprobe" -> modprobe = list;
          default -> capabilities = list;
        }
      }
    }

    private static List<String> stringList(Path file, String text, String key, JsonNode node) {
      List<String> result = new ArrayList<>();
      if (node == null || node.isNull()) {
        return result;
      }
      if (node.isValueNode()) {
        result.add(node.asText());
        return result;
      }
      if (!node.isArray()) {
        throw new ConfigException(file, lineOf(text.lines().toList(), key), "'" + key + "' must be a list of strings");
      }
      for (JsonNode item : node) {
        if (!item.isValueNode() || item.isNull()) {
          throw new ConfigException(file, lineOf(text.lines().toList(), key), "'" + key + "' must be a list of strings");
        }
        result.add(item.asText());
      }
      return result;
    }

    void applyKeyValue(Path file, String text) {
      List<String> lines = text.lines().toList();
      KeyValueConfig base =
          KeyValueConfig.parse(
              file,
              List.of(
                  "drivers = " + quoteAll(drivers),
                  "firmware = " + quoteAll(firmware),
                  "modprobe = " + quoteAll(modprobe),
                  "capabilities = " + quoteAll(capabilities)));
      KeyValueConfig parsed = KeyValueConfig.parse(file, lines, base);
      for (String key : parsed.asMap().keySet()) {
        if (!KEYS.contains(key)) {
          throw new ConfigException(file, lineOf(lines, key), "unknown key '" + key + "'; known keys: " + KEYS);
        }
      }
      drivers = new ArrayList<>(parsed.values("drivers"));
      firmware = new ArrayList<>(parsed.values("firmware"));
      modprobe = new ArrayList<>(parsed.values("modprobe"));
      capabilities = new ArrayList<>(parsed.values("capabilities"));
    }

    BootstrapConfig toConfig(Path file) {
      Set<Capability> chosen = new LinkedHashSet<>();
      for (String name : capabilities) {
        chosen.add(Capability.fromConfigName(name));
      }
      try {
        return new BootstrapConfig(drivers, firmware, modprobe, chosen);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(file, 0, e.getMessage());
      }
    }

    private static String quoteAll(List<String> values) {
      List<String> quoted = new ArrayList<>();
      for (String value : values) {
        quoted.add("\"" + value + "\"");
      }
      return String.join(", ", quoted);
    }

    private static int lineOf(List<String> lines, String key) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).trim().toLowerCase(java.util.Locale.ROOT).startsWith(key)) {
          return i + 1;
        }
      }
      return 0;
    }
  }

  /** Warewulf 3 syntax: some setting line has {@code =} after a bare key. */
  static boolean isKeyValue(String text) {
    for (String line : text.lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("-")) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      int equals = trimmed.indexOf('=');
      if (equals > 0 && (colon < 0 || colon > equals) && KEY_VALUE_LINE.matcher(trimmed).matches()) {
        return true;
      }
    }
    return false;
  }
}
