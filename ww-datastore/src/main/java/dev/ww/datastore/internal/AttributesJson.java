package dev.ww.datastore.internal;

import dev.ww.datastore.Attributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of attributes: a JSON object of upper-case keys to arrays of strings, such as
 * {@code {"GROUPS":["a","b"],"NAME":["n0001"]}}. Written and read by hand: the shape is fixed,
 * and a general JSON library costs a command-line run a few hundred milliseconds to start.
 */
public final class AttributesJson {

  private AttributesJson() {}

  public static String write(Attributes attributes) {
    StringBuilder out = new StringBuilder(64);
    out.append('{');
    boolean firstKey = true;
    for (Map.Entry<String, List<String>> entry : attributes.asMap().entrySet()) {
      if (!firstKey) {
        out.append(',');
      }
      firstKey = false;
      string(out, entry.getKey());
      out.append(":[");
      boolean firstValue = true;
      for (String value : entry.getValue()) {
        if (!firstValue) {
          out.append(',');
        }
        firstValue = false;
        string(out, value);
      }
      out.append(']');
    }
    return out.append('}').toString();
  }

  private static void string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  public static Attributes read(String json) {
    return Attributes.of(new Parser(json).object());
  }

  /** Reads exactly the shape {@link #write} produces (any JSON whitespace allowed). */
  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    Map<String, List<String>> object() {
      Map<String, List<String>> map = new LinkedHashMap<>();
      expect('{');
      if (peek() == '}') {
        pos++;
        return end(map);
      }
      while (true) {
        String key = string();
        expect(':');
        map.put(key, array());
        char c = next();
        if (c == '}') {
          return end(map);
        }
        if (c != ',') {
          throw error("',' or '}'");
        }
      }
    }

    private Map<String, List<String>> end(Map<String, List<String>> map) {
      skipWhitespace();
      if (pos != text.length()) {
        throw error("end of data");
      }
      return map;
    }

    private List<String> array() {
      List<String> list = new ArrayList<>(2);
      expect('[');
      if (peek() == ']') {
        pos++;
        return list;
      }
      while (true) {
        list.add(string());
        char c = next();
        if (c == ']') {
          return list;
        }
        if (c != ',') {
          throw error("',' or ']'");
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= text.length()) {
          break;
        }
        char escaped = text.charAt(pos++);
        switch (escaped) {
          case '"', '\\', '/' -> out.append(escaped);
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw error("four hex digits");
            }
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw error("an escape sequence");
        }
      }
      throw error("the end of a string");
    }

    private void expect(char wanted) {
      if (next() != wanted) {
        throw error("'" + wanted + "'");
      }
    }

    private char next() {
      skipWhitespace();
      if (pos >= text.length()) {
        throw error("more data");
      }
      return text.charAt(pos++);
    }

    private char peek() {
      skipWhitespace();
      return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipWhitespace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private IllegalStateException error(String expected) {
      return new IllegalStateException("stored object data is damaged: expected " + expected + " at offset " + pos);
    }
  }
}
