package dev.ww.provision.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a representation of known length (RFC 9110 §14). Only a single range is
 * honoured; several ranges, other units and invalid syntax are ignored (the whole body is
 * sent), as RFC 9110 allows. A syntactically valid range that lies wholly beyond the end is
 * unsatisfiable: 416.
 */
public record ByteRange(long start, long endInclusive) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

  public long length() {
    return endInclusive - start + 1;
  }

  /** Outcome of reading a Range header against a body of {@code size} bytes. */
  public sealed interface Parsed permits Whole, Partial, Unsatisfiable {}

  public record Whole() implements Parsed {}

  public record Partial(ByteRange range) implements Parsed {}

  public record Unsatisfiable() implements Parsed {}

  public static Parsed parse(Optional<String> header, long size) {
    if (header.isEmpty()) {
      return new Whole();
    }
    Matcher m = SINGLE.matcher(header.get().trim());
    if (!m.matches()) {
      return new Whole();
    }
    String a = m.group(1);
    String b = m.group(2);
    try {
      if (a.isEmpty()) {
        if (b.isEmpty()) {
          return new Whole();
        }
        long suffix = Long.parseLong(b);
        if (suffix == 0 || size == 0) {
          return new Unsatisfiable();
        }
        long len = Math.min(suffix, size);
        return new Partial(new ByteRange(size - len, size - 1));
      }
      long first = Long.parseLong(a);
      if (!b.isEmpty() && Long.parseLong(b) < first) {
        return new Whole();
      }
      long last = b.isEmpty() ? size - 1 : Long.parseLong(b);
      if (first >= size) {
        return new Unsatisfiable();
      }
      return new Partial(new ByteRange(first, Math.min(last, size - 1)));
    } catch (NumberFormatException e) {
      return new Whole();
    }
  }
}
