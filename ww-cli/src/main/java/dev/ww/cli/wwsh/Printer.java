package dev.ww.cli.wwsh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ww.datastore.Change;
import dev.ww.datastore.Node;
import dev.ww.datastore.StoredObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders objects as wwsh prints them: tables, {@code name: KEY = value} lines, or JSON. */
final class Printer {

  /** Created on first use: a JSON mapper takes a while to start, and most output is text. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  private Printer() {}

  /** {@code NAME GROUPS IPADDR HWADDR}, as Warewulf 3's {@code node list}. */
  static void nodeTable(PrintWriter out, List<StoredObject> nodes) {
    out.printf("%-19s %-19s %-19s %-19s%n", "NAME", "GROUPS", "IPADDR", "HWADDR");
    out.println("=".repeat(79));
    // Printed in blocks: the tool's writer flushes on every println, which costs a system call
    // per line on a listing of 100,000 nodes.
    StringBuilder block = new StringBuilder();
    for (StoredObject object : nodes) {
      Node node = new Node(object);
      block.append(pad(node.name())).append(' ').append(pad(String.join(",", node.groups()))).append(' ')
          .append(pad(String.join(",", node.netDevValues("IPADDR")))).append(' ')
          .append(String.join(",", node.netDevValues("HWADDR"))).append(System.lineSeparator());
      if (block.length() > 64 * 1024) {
        out.print(block);
        block.setLength(0);
      }
    }
    out.print(block);
    out.flush();
  }

  /** Left-justified in 19 columns (Warewulf 3's %-19s), without the cost of a format string. */
  private static String pad(String text) {
    return text.length() >= 19 ? text : text + " ".repeat(19 - text.length());
  }

  /** {@code NAME} and a few members per object, for the other types. */
  static void table(PrintWriter out, List<StoredObject> objects, List<String> columns) {
    StringBuilder header = new StringBuilder(String.format("%-24s", "NAME"));
    columns.forEach(c -> header.append(String.format(" %-16s", c)));
    out.println(header.toString().stripTrailing());
    for (StoredObject object : objects) {
      StringBuilder line = new StringBuilder(String.format("%-24s", object.name()));
      columns.forEach(c -> line.append(String.format(" %-16s", String.join(",", object.attributes().list(c)))));
      out.println(line.toString().stripTrailing());
    }
  }

  /** {@code name: KEY = value} for every member, {@code ID} first. */
  static void members(PrintWriter out, List<StoredObject> objects) {
    for (StoredObject object : objects) {
      out.println("#### " + object.name() + " " + "#".repeat(Math.max(3, 70 - object.name().length())));
      out.printf("%15s: %-16s = %s%n", object.name(), "ID", object.id());
      object.attributes().asMap().forEach((key, values) ->
          out.printf("%15s: %-16s = %s%n", object.name(), key, String.join(",", values)));
    }
  }

  static void json(PrintWriter out, List<StoredObject> objects) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (StoredObject object : objects) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("id", object.id());
      map.put("type", object.type());
      map.put("name", object.name());
      map.put("version", object.version());
      Map<String, Object> attributes = new LinkedHashMap<>();
      object.attributes().asMap().forEach((k, v) -> attributes.put(k, v.size() == 1 ? v.get(0) : v));
      map.put("attributes", attributes);
      list.add(map);
    }
    write(out, list);
  }

  static void history(PrintWriter out, List<Change> changes) {
    for (Change change : changes) {
      out.printf("change %d  %s  by %s  (%s %s): %s%n", change.changeId(), change.at(), change.who(),
          change.action(), change.name(), change.summary());
      Map<String, List<String>> before = change.before().map(a -> (Map<String, List<String>>) a.asMap()).orElse(Map.of());
      Map<String, List<String>> after = change.after().map(a -> (Map<String, List<String>>) a.asMap()).orElse(Map.of());
      java.util.TreeSet<String> keys = new java.util.TreeSet<>(before.keySet());
      keys.addAll(after.keySet());
      for (String key : keys) {
        List<String> b = before.get(key);
        List<String> a = after.get(key);
        if (b == null) {
          out.printf("    + %s = %s%n", key, String.join(",", a));
        } else if (a == null) {
          out.printf("    - %s = %s%n", key, String.join(",", b));
        } else if (!a.equals(b)) {
          out.printf("    ~ %s = %s -> %s%n", key, String.join(",", b), String.join(",", a));
        }
      }
    }
  }

  static void write(PrintWriter out, Object value) {
    try {
      out.println(Json.MAPPER.writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
