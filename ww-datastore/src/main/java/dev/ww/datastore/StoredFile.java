package dev.ww.datastore;

import dev.ww.core.UserException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A typed view of a {@code file} object: where it goes on the node ({@code PATH}), its
 * {@code MODE}, {@code UID}, {@code GID}, {@code FORMAT} and content (a blob, by digest in the
 * private member {@code _BLOB}, with its {@code SIZE}).
 */
public record StoredFile(StoredObject object) {

  public static final String PATH = "PATH";
  public static final String MODE = "MODE";
  public static final String UID = "UID";
  public static final String GID = "GID";
  public static final String FORMAT = "FORMAT";
  public static final String INTERPRETER = "INTERPRETER";
  public static final String SIZE = "SIZE";
  public static final String ORIGIN = "ORIGIN";
  /** The private member that holds the content's SHA-256. */
  public static final String BLOB = "_BLOB";

  public static final int DEFAULT_MODE = 0640;

  public StoredFile {
    if (!ObjectTypes.FILE.equals(object.type())) {
      throw new IllegalArgumentException(object.label() + " is not a file");
    }
  }

  public String name() {
    return object.name();
  }

  public Optional<String> path() {
    return object.attributes().get(PATH);
  }

  public int mode() {
    return object.attributes().get(MODE).map(StoredFile::parseMode).orElse(DEFAULT_MODE);
  }

  public long uid() {
    return object.attributes().get(UID).map(Long::parseLong).orElse(0L);
  }

  public long gid() {
    return object.attributes().get(GID).map(Long::parseLong).orElse(0L);
  }

  public String format() {
    return object.attributes().get(FORMAT).orElse("data");
  }

  /** The content's digest, when the file has content. */
  public Optional<String> checksum() {
    return object.attributes().get(BLOB);
  }

  public static int parseMode(String text) {
    String trimmed = text.trim();
    if (trimmed.isEmpty() || trimmed.length() > 5 || !trimmed.chars().allMatch(c -> c >= '0' && c <= '7')) {
      throw new UserException("mode '" + text + "' is not an octal permission such as 0644");
    }
    int mode = Integer.parseInt(trimmed, 8);
    if (mode > 07777) {
      throw new UserException("mode '" + text + "' is larger than 07777");
    }
    return mode;
  }

  public static String formatMode(int mode) {
    return String.format("%04o", mode);
  }

  /**
   * The format of imported content, as Warewulf 3 detected it: a script's interpreter (from its
   * {@code #!} line, or its file name's extension) names the format ({@code shell} for {@code
   * /bin/sh} and {@code .sh}, {@code bash}, {@code perl}, {@code python}, or the interpreter's
   * name); anything else is {@code data}.
   */
  public static String detectFormat(String fileName, byte[] head) {
    String text = new String(head, 0, Math.min(head.length, 256), StandardCharsets.ISO_8859_1);
    if (text.startsWith("#!")) {
      int end = text.indexOf('\n');
      String[] words = (end < 0 ? text.substring(2) : text.substring(2, end)).trim().split("\\s+");
      if (words.length > 0 && !words[0].isEmpty()) {
        String interpreter = baseName(words[0]);
        if (interpreter.equals("env") && words.length > 1) {
          interpreter = baseName(words[1]);
        }
        return formatOfInterpreter(interpreter);
      }
    }
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".sh")) {
      return "shell";
    }
    if (lower.endsWith(".bash")) {
      return "bash";
    }
    if (lower.endsWith(".pl")) {
      return "perl";
    }
    if (lower.endsWith(".py")) {
      return "python";
    }
    return "data";
  }

  private static String formatOfInterpreter(String interpreter) {
    if (interpreter.equals("sh") || interpreter.equals("dash") || interpreter.equals("ash")) {
      return "shell";
    }
    if (interpreter.startsWith("python")) {
      return "python";
    }
    if (interpreter.startsWith("perl")) {
      return "perl";
    }
    return interpreter.replaceAll("[^A-Za-z0-9_.-]", "");
  }

  private static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
