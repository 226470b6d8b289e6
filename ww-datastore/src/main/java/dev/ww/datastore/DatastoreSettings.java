package dev.ww.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.core.config.ConfigException;
import dev.ww.core.config.YamlConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * Which database holds the store. The default is the embedded store under the state directory;
 * a {@code datastore:} section in {@code warewulf.yaml} selects PostgreSQL:
 *
 * <pre>
 * datastore:
 *   backend: postgresql
 *   url: jdbc:postgresql://db.example:5432/warewulf
 *   user: warewulf
 *   password-file: datastore.secret   # relative to the configuration directory
 * </pre>
 */
public record DatastoreSettings(Backend backend, String url, String user, String password) {

  public enum Backend {
    EMBEDDED,
    POSTGRESQL
  }

  public static final String CONFIG_FILE = "warewulf.yaml";
  private static final Set<String> KEYS = Set.of("backend", "url", "user", "password", "password-file");

  public DatastoreSettings {
    Objects.requireNonNull(backend, "backend");
    if (backend == Backend.POSTGRESQL && (url == null || !url.startsWith("jdbc:postgresql:"))) {
      throw new UserException("the PostgreSQL datastore needs a url such as jdbc:postgresql://host:5432/warewulf");
    }
  }

  public static DatastoreSettings embedded() {
    return new DatastoreSettings(Backend.EMBEDDED, null, null, null);
  }

  public static DatastoreSettings postgresql(String url, String user, String password) {
    return new DatastoreSettings(Backend.POSTGRESQL, url, user, password);
  }

  /** The settings in the layout's {@code warewulf.yaml}; the embedded store when it has none. */
  public static DatastoreSettings load(Layout layout) {
    Path file = layout.configFile(CONFIG_FILE);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return embedded();
    } catch (IOException e) {
      throw new ConfigException(file, 0, "cannot be read: " + e.getMessage(), e);
    }
    JsonNode root = new YamlConfig(layout).parseTree(file, text);
    JsonNode section = root == null ? null : root.get("datastore");
    if (section == null || section.isNull()) {
      return embedded();
    }
    if (!section.isObject()) {
      throw new ConfigException(file, 0, "'datastore' must be a mapping (backend, url, user, password-file)");
    }
    for (Iterator<String> names = section.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!KEYS.contains(key)) {
        throw new ConfigException(file, 0, "unknown key 'datastore." + key + "'; known keys: " + KEYS);
      }
    }
    String backend = text(section, "backend", "embedded");
    switch (backend) {
      case "embedded":
        return embedded();
      case "postgresql":
        String password = text(section, "password", null);
        String passwordFile = text(section, "password-file", null);
        if (passwordFile != null) {
          Path secret = layout.configDir().resolve(passwordFile);
          try {
            password = Files.readString(secret, StandardCharsets.UTF_8).strip();
          } catch (IOException e) {
            throw new ConfigException(file, 0, "datastore.password-file " + secret + " cannot be read: " + e.getMessage(), e);
          }
        }
        String url = text(section, "url", null);
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
          throw new ConfigException(file, 0, "datastore.url must be a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/warewulf");
        }
        return postgresql(url, text(section, "user", null), password);
      default:
        throw new ConfigException(file, 0, "datastore.backend '" + backend + "' is unknown; use embedded or postgresql");
    }
  }

  private static String text(JsonNode section, String key, String fallback) {
    JsonNode value = section.get(key);
    return value == null || value.isNull() ? fallback : value.asText();
  }

  @Override
  public String toString() {
    return backend == Backend.EMBEDDED ? "embedded" : "postgresql " + url + (user == null ? "" : " as " + user);
  }
}
