package dev.ww.datastore.internal;

import dev.ww.core.UserException;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Queries on one connection: by id, name, indexed member or any member, with wildcards. */
final class ObjectReader {

  private static final int IN_CHUNK = 500;
  private static final String COLUMNS = "SELECT o.id, o.type, o.version, o.data FROM ww_objects o";

  private final Connection connection;

  ObjectReader(Connection connection) {
    this.connection = connection;
  }

  Optional<StoredObject> byId(long id) throws SQLException {
    return first(COLUMNS + " WHERE o.id = ?", List.of(id));
  }

  Optional<StoredObject> byName(String type, String name) throws SQLException {
    return first(COLUMNS + " WHERE o.type = ? AND o.name = ?", List.of(type, name));
  }

  /** The hot path of the provisioning server: one indexed probe. */
  Optional<StoredObject> byHwaddr(String hwaddr) throws SQLException {
    return first(
        COLUMNS + " JOIN ww_lookups l ON l.object_id = o.id WHERE l.field = 'HWADDR' AND l.value = ?",
        List.of(hwaddr));
  }

  List<StoredObject> find(Query query) throws SQLException {
    if (query.matchesEverything()) {
      return list(COLUMNS + " WHERE o.type = ? ORDER BY o.name", List.of(query.type()));
    }
    Map<Long, StoredObject> found = new LinkedHashMap<>();
    String field = query.field();
    List<String> exact = new ArrayList<>();
    List<String> wildcards = new ArrayList<>();
    for (String pattern : query.patterns()) {
      String normal = normalizeValue(field, pattern);
      (Query.isWildcard(normal) ? wildcards : exact).add(normal);
    }
    if (field.equals("ID")) {
      if (!wildcards.isEmpty()) {
        throw new UserException("object ids are numbers; wildcards do not apply: " + wildcards);
      }
      List<Object> ids = new ArrayList<>();
      for (String id : exact) {
        try {
          ids.add(Long.parseLong(id));
        } catch (NumberFormatException e) {
          throw new UserException("'" + id + "' is not an object id (a number)");
        }
      }
      inChunks(COLUMNS + " WHERE o.type = ? AND o.id IN ", List.of(query.type()), ids, found);
    } else if (field.equals("NAME")) {
      inChunks(COLUMNS + " WHERE o.type = ? AND o.name IN ", List.of(query.type()), new ArrayList<>(exact), found);
      for (String wildcard : wildcards) {
        addAll(found, list(COLUMNS + " WHERE o.type = ? AND o.name LIKE ? ESCAPE '\\'", List.of(query.type(), like(wildcard))));
      }
    } else if (ObjectRules.isIndexed(query.type(), field)) {
      String sub = COLUMNS + " WHERE o.type = ? AND o.id IN (SELECT l.object_id FROM ww_lookups l WHERE l.field = ? AND l.type = ? AND l.value ";
      inChunks(sub + "IN ", List.of(query.type(), field, query.type()), new ArrayList<>(exact), found, ")");
      for (String wildcard : wildcards) {
        addAll(found, list(sub + "LIKE ? ESCAPE '\\')", List.of(query.type(), field, query.type(), like(wildcard))));
      }
    } else {
      List<Pattern> patterns = query.patterns().stream().map(p -> glob(normalizeValue(field, p))).toList();
      for (StoredObject object : list(COLUMNS + " WHERE o.type = ? ORDER BY o.name", List.of(query.type()))) {
        List<String> values = ObjectRules.valuesOf(object.attributes(), field);
        if (values.stream().anyMatch(v -> patterns.stream().anyMatch(p -> p.matcher(v).matches()))) {
          found.put(object.id(), object);
        }
      }
    }
    List<StoredObject> result = new ArrayList<>(found.values());
    result.sort(Comparator.comparing(StoredObject::name));
    return result;
  }

  List<StoredObject> require(Query query) throws SQLException {
    List<StoredObject> found = find(query);
    if (found.isEmpty()) {
      throw query.nothingFound();
    }
    if (query.field().equals("NAME")) {
      Set<String> names = new TreeSet<>();
      found.forEach(o -> names.add(o.name()));
      List<String> missing =
          query.patterns().stream().filter(p -> !Query.isWildcard(p) && !names.contains(p)).toList();
      if (!missing.isEmpty()) {
        throw new Query(query.type(), "NAME", missing).nothingFound();
      }
    }
    return found;
  }

  private static String normalizeValue(String field, String value) {
    return field.equals("HWADDR") ? value.trim().toLowerCase(Locale.ROOT).replace('-', ':') : value;
  }

  private void inChunks(String prefix, List<Object> leading, List<Object> values, Map<Long, StoredObject> found)
      throws SQLException {
    inChunks(prefix, leading, values, found, "");
  }

  private void inChunks(
      String prefix, List<Object> leading, List<? extends Object> values, Map<Long, StoredObject> found, String suffix)
      throws SQLException {
    for (int from = 0; from < values.size(); from += IN_CHUNK) {
      List<? extends Object> chunk = values.subList(from, Math.min(values.size(), from + IN_CHUNK));
      String marks = "(" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
      List<Object> parameters = new ArrayList<>(leading);
      parameters.addAll(chunk);
      addAll(found, list(prefix + marks + suffix, parameters));
    }
  }

  private static void addAll(Map<Long, StoredObject> found, List<StoredObject> objects) {
    objects.forEach(o -> found.putIfAbsent(o.id(), o));
  }

  static String like(String glob) {
    StringBuilder out = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> out.append('%');
        case '?' -> out.append('_');
        case '%', '_', '\\' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static Pattern glob(String glob) {
    StringBuilder out = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> out.append(".*");
        case '?' -> out.append('.');
        default -> out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(out.toString());
  }

  private Optional<StoredObject> first(String sql, List<Object> parameters) throws SQLException {
    List<StoredObject> objects = list(sql, parameters);
    return objects.isEmpty() ? Optional.empty() : Optional.of(objects.get(0));
  }

  private List<StoredObject> list(String sql, List<Object> parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      List<StoredObject> out = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Attributes attributes = AttributesJson.read(rs.getString(4));
          out.add(new StoredObject(rs.getLong(1), rs.getString(2), rs.getLong(3), attributes));
        }
      }
      return out;
    }
  }
}
