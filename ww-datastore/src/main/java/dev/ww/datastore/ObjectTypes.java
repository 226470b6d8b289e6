package dev.ww.datastore;

import dev.ww.core.UserException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The object types ww itself knows; users may invent others. */
public final class ObjectTypes {

  public static final String NODE = "node";
  public static final String VNFS = "vnfs";
  public static final String BOOTSTRAP = "bootstrap";
  public static final String FILE = "file";

  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  private ObjectTypes() {}

  /** The canonical (lower-case) form of a type name; refuses names that cannot be types. */
  public static String check(String type) {
    if (type == null) {
      throw new UserException("an object type is required");
    }
    switch (type) {
      case NODE, VNFS, BOOTSTRAP, FILE -> {
        return type; // the common case, checked without a regular expression
      }
      default -> {
        // checked below
      }
    }
    String lower = type.trim().toLowerCase(Locale.ROOT);
    if (!VALID.matcher(lower).matches()) {
      throw new UserException(
          "'" + type + "' is not an object type (a letter, then up to 63 letters, digits, '-' or '_')");
    }
    return lower;
  }
}
