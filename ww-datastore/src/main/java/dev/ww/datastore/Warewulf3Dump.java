package dev.ww.datastore;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ww.core.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the output of Warewulf 3's {@code wwsh object jsondump} (a JSON array of objects with
 * upper-case members, {@code _ID} and {@code _TYPE}) into entries that {@link StoreYaml#diff}
 * and {@link StoreYaml#apply} import in one transaction.
 *
 * <p>Translations: {@code NAME} lists keep their first element (the short node name); network
 * devices ({@code NETDEVS}, an object set: a list, or an object holding one under {@code ARRAY})
 * become {@code NETDEV.<name>.<field>}; the id references {@code VNFSID}, {@code BOOTSTRAPID}
 * and {@code FILEIDS} become {@code VNFS}, {@code BOOTSTRAP} and {@code FILES} by name; private
 * and derived members ({@code _*}, {@code NODENAME}) are dropped. Content (images, file bytes)
 * is not part of a jsondump: VNFS, bootstrap and file objects arrive without it and must be
 * imported again.
 */
public final class Warewulf3Dump {

  private Warewulf3Dump() {}

  public static List<StoreYaml.Entry> parse(Path file, String text) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new UserException(file + (line > 0 ? ":" + line : "") + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new UserException(file + ": expected the JSON array that 'wwsh object jsondump' prints");
    }
    Map<String, String> namesById = new HashMap<>();
    for (JsonNode object : root) {
      if (object.hasNonNull("_ID")) {
        namesById.put(object.get("_ID").asText(), firstName(object));
      }
    }
    List<StoreYaml.Entry> entries = new ArrayList<>();
    int index = 0;
    for (JsonNode object : root) {
      index++;
      String where = file + ": object " + index;
      if (!object.isObject() || !object.hasNonNull("_TYPE")) {
        throw new UserException(where + " has no _TYPE");
      }
      String type = ObjectTypes.check(object.get("_TYPE").asText());
      String name = firstName(object);
      if (name == null || name.isBlank()) {
        throw new UserException(where + " (" + type + ") has no NAME");
      }
      Attributes attributes = Attributes.empty().set("NAME", name);
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        String key = member.getKey().toUpperCase(Locale.ROOT);
        JsonNode value = member.getValue();
        if (key.startsWith("_") || key.equals("NAME") || key.equals("NODENAME") || value.isNull()) {
          continue;
        }
        switch (key) {
          case "NETDEVS" -> attributes = netDevs(where, attributes, value);
          case "VNFSID" -> attributes = attributes.set(Node.VNFS, reference(where, namesById, value.asText()));
          case "BOOTSTRAPID" -> attributes = attributes.set(Node.BOOTSTRAP, reference(where, namesById, value.asText()));
          case "FILEIDS" -> {
            List<String> files = new ArrayList<>();
            for (String id : strings(where, key, value)) {
              files.add(reference(where, namesById, id));
            }
            attributes = attributes.set(Node.FILES, files);
          }
          default -> attributes = attributes.set(key, strings(where, key, value));
        }
      }
      entries.add(new StoreYaml.Entry(type, attributes));
    }
    return entries;
  }

  private static String firstName(JsonNode object) {
    JsonNode name = object.get("NAME");
    if (name == null || name.isNull()) {
      return null;
    }
    return name.isArray() ? (name.size() == 0 ? null : name.get(0).asText()) : name.asText();
  }

  private static String reference(String where, Map<String, String> namesById, String id) {
    String name = namesById.get(id);
    if (name == null) {
      throw new UserException(where + " refers to object id " + id + ", which is not in the dump");
    }
    return name;
  }

  private static Attributes netDevs(String where, Attributes attributes, JsonNode value) {
    JsonNode list = value.isObject() && value.has("ARRAY") ? value.get("ARRAY") : value;
    if (!list.isArray()) {
      throw new UserException(where + ": NETDEVS is neither a list nor an object set");
    }
    Attributes result = attributes;
    for (JsonNode device : list) {
      String deviceName = firstName(device);
      if (deviceName == null) {
        throw new UserException(where + ": a network device has no NAME");
      }
      for (String field : NetDev.FIELDS) {
        JsonNode fieldValue = device.get(field);
        if (fieldValue == null) {
          fieldValue = device.get(field.toLowerCase(Locale.ROOT));
        }
        if (fieldValue != null && !fieldValue.isNull()) {
          result = result.set(NetDev.key(deviceName, field), strings(where, field, fieldValue));
        }
      }
    }
    return result;
  }

  private static List<String> strings(String where, String key, JsonNode value) {
    List<String> out = new ArrayList<>();
    if (value.isArray()) {
      for (JsonNode item : value) {
        if (!item.isValueNode()) {
          throw new UserException(where + ": member " + key + " holds a structure ww cannot import");
        }
        out.add(item.asText());
      }
    } else if (value.isValueNode()) {
      out.add(value.asText());
    } else {
      throw new UserException(where + ": member " + key + " holds a structure ww cannot import");
    }
    return out;
  }
}
