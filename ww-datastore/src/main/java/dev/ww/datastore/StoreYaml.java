package dev.ww.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.core.config.YamlConfig;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The store as YAML, for review, diffs and migration: export all objects (or a selection), and
 * import a file in one transaction, with a plan (the diff) that can be shown before, or instead
 * of, applying it. Import creates and updates the objects in the file and leaves others alone.
 *
 * <pre>
 * format: ww-datastore/1
 * objects:
 * - type: node
 *   name: n0001
 *   members:
 *     GROUPS: [compute, gpu]
 *     NETDEV.ETH0.HWADDR: 52:54:00:00:00:01
 * </pre>
 */
public final class StoreYaml {

  public static final String FORMAT = "ww-datastore/1";

  private StoreYaml() {}

  /** Writes the objects, sorted by type and name, scalars as scalars and lists as lists. */
  public static void export(List<StoredObject> objects, Writer out) throws IOException {
    List<StoredObject> sorted = new ArrayList<>(objects);
    sorted.sort(Comparator.comparing(StoredObject::type).thenComparing(StoredObject::name));
    List<Map<String, Object>> list = new ArrayList<>();
    for (StoredObject object : sorted) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", object.type());
      entry.put("name", object.name());
      Map<String, Object> members = new LinkedHashMap<>();
      object.attributes().asMap().forEach((key, values) -> {
        if (!key.equals("NAME")) {
          members.put(key, values.size() == 1 ? values.get(0) : values);
        }
      });
      entry.put("members", members);
      list.add(entry);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("format", FORMAT);
    document.put("objects", list);
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    mapper.writeValue(out, document);
  }

  /** One object as the file describes it. */
  public record Entry(String type, Attributes attributes) {}

  /** Parses and checks a file; every error names the file (and the line, for syntax errors). */
  public static List<Entry> parse(Layout layout, Path file, String text) {
    JsonNode root = new YamlConfig(layout).parseTree(file, text);
    if (root == null || !root.isObject()) {
      throw new UserException(file + ": not a ww datastore export (expected 'format' and 'objects')");
    }
    JsonNode format = root.get("format");
    if (format == null || !FORMAT.equals(format.asText())) {
      throw new UserException(file + ": format must be '" + FORMAT + "'");
    }
    JsonNode objects = root.get("objects");
    if (objects == null || !objects.isArray()) {
      throw new UserException(file + ": 'objects' must be a list");
    }
    List<Entry> entries = new ArrayList<>();
    TreeSet<String> seen = new TreeSet<>();
    int index = 0;
    for (JsonNode node : objects) {
      index++;
      String where = file + ": object " + index;
      if (!node.isObject() || !node.hasNonNull("type") || !node.hasNonNull("name")) {
        throw new UserException(where + " needs 'type' and 'name'");
      }
      String type = ObjectTypes.check(node.get("type").asText());
      String name = node.get("name").asText();
      if (!seen.add(type + "\u0000" + name)) {
        throw new UserException(where + ": " + type + " " + name + " appears twice");
      }
      Attributes attributes = Attributes.empty().set("NAME", name);
      JsonNode members = node.get("members");
      if (members != null && !members.isNull()) {
        if (!members.isObject()) {
          throw new UserException(where + " (" + name + "): 'members' must be a mapping");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = members.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> member = it.next();
          List<String> values = new ArrayList<>();
          if (member.getValue().isArray()) {
            member.getValue().forEach(v -> values.add(scalar(where, member.getKey(), v)));
          } else {
            values.add(scalar(where, member.getKey(), member.getValue()));
          }
          try {
            attributes = attributes.set(member.getKey(), values);
          } catch (IllegalArgumentException e) {
            throw new UserException(where + " (" + name + "): " + e.getMessage());
          }
        }
      }
      entries.add(new Entry(type, attributes));
    }
    return entries;
  }

  private static String scalar(String where, String key, JsonNode value) {
    if (!value.isValueNode() || value.isNull()) {
      throw new UserException(where + ": member " + key + " must be a value or a list of values");
    }
    return value.asText();
  }

  /** What importing the entries would change: one line per object and per changed member. */
  public static List<String> diff(Datastore store, List<Entry> entries) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Entry entry : entries) {
      String name = entry.attributes().get("NAME").orElseThrow();
      Optional<StoredObject> current = store.get(entry.type(), name);
      Map<String, List<String>> before = current.map(o -> (Map<String, List<String>>) o.attributes().asMap()).orElse(Map.of());
      Map<String, List<String>> after = entry.attributes().asMap();
      if (before.equals(after)) {
        continue;
      }
      lines.add((current.isEmpty() ? "+ " : "~ ") + entry.type() + " " + name);
      TreeSet<String> keys = new TreeSet<>(before.keySet());
      keys.addAll(after.keySet());
      for (String key : keys) {
        List<String> b = before.get(key);
        List<String> a = after.get(key);
        if (b == null) {
          lines.add("    + " + key + " = " + String.join(",", a));
        } else if (a == null) {
          lines.add("    - " + key + " = " + String.join(",", b));
        } else if (!a.equals(b)) {
          lines.add("    ~ " + key + " = " + String.join(",", b) + " -> " + String.join(",", a));
        }
      }
    }
    return lines;
  }

  /**
   * Creates or updates every object in the file in one transaction (content objects before
   * nodes, so references resolve); all or nothing. Returns the number of objects changed.
   */
  public static int apply(Datastore store, String who, List<Entry> entries) throws IOException {
    List<Entry> ordered = new ArrayList<>(entries);
    ordered.sort(Comparator.comparing((Entry e) -> e.type().equals(ObjectTypes.NODE) ? 1 : 0));
    return store.write(who, "import " + entries.size() + " objects", tx -> {
      int changed = 0;
      for (Entry entry : ordered) {
        String name = entry.attributes().get("NAME").orElseThrow();
        Optional<StoredObject> current = tx.get(entry.type(), name);
        if (current.isEmpty()) {
          tx.create(entry.type(), entry.attributes());
          changed++;
        } else if (!current.get().attributes().equals(entry.attributes())) {
          tx.update(current.get(), entry.attributes());
          changed++;
        }
      }
      return changed;
    });
  }
}
