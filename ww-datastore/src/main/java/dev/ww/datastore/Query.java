package dev.ww.datastore;

import dev.ww.core.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which objects to look up: those of a type whose {@code field} ({@code NAME} by default; also
 * {@code ID}, {@code HWADDR}, {@code IPADDR}, {@code GROUPS}, {@code CLUSTER} or any other
 * member) matches one of the patterns. Patterns may use {@code *} and {@code ?}; bracket ranges
 * ({@code n00[00-99]}) are expanded when the query is made. No patterns means every object of
 * the type.
 */
public record Query(String type, String field, List<String> patterns) {

  public Query {
    type = ObjectTypes.check(type);
    field = Attributes.normalize(Objects.requireNonNull(field, "field"));
    if (field.equals("_ID")) {
      field = "ID";
    }
    patterns = List.copyOf(patterns);
  }

  /** Every object of a type. */
  public static Query all(String type) {
    return new Query(type, "NAME", List.of());
  }

  /** Objects whose {@code field} matches any of the targets, with bracket ranges expanded. */
  public static Query of(String type, String field, List<String> targets) {
    List<String> expanded = new ArrayList<>();
    for (String target : targets) {
      expanded.addAll(NodeRange.expand(target.trim()));
    }
    return new Query(type, field == null ? "NAME" : field.toUpperCase(Locale.ROOT), expanded);
  }

  public static Query byName(String type, List<String> targets) {
    return of(type, "NAME", targets);
  }

  public boolean matchesEverything() {
    return patterns.isEmpty();
  }

  public static boolean isWildcard(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
  }

  /** The error for a query that matched nothing. */
  public UserException nothingFound() {
    String what = field.equals("NAME") ? "" : " with " + field + " ";
    return new UserException(
        "no " + type + what + (field.equals("NAME") ? " named " : "") + String.join(", ", abbreviated()) + " found");
  }

  private List<String> abbreviated() {
    return patterns.size() <= 5 ? patterns : List.of(patterns.get(0), "...", patterns.get(patterns.size() - 1));
  }
}
