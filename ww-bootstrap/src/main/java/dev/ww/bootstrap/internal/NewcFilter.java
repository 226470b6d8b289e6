package dev.ww.bootstrap.internal;

import dev.ww.core.UserException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Copies the entries of a capsule (a newc archive, compressed or not) whose names pass a test
 * into an uncompressed newc archive, so that a capsule reader extracts only those. The rest of
 * the capsule is read past, never stored.
 *
 * <p>Hard links: in newc the data of a hard-link group travels with one member only. A kept
 * member of a group listed in {@code linkedInodes} is therefore written as a file of its own
 * with the group's data, which is kept aside (in {@code spoolDir}) when it came with a member
 * that is not kept, or held back until it arrives when it comes later.
 */
final class NewcFilter {

  private static final int HEADER = 110;
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final String TRAILER = "TRAILER!!!";

  // newc header fields after the magic, in order.
  private static final int INODE = 0;
  private static final int MODE = 1;
  private static final int NLINK = 4;
  private static final int FILESIZE = 6;
  private static final int DEVMAJOR = 7;
  private static final int DEVMINOR = 8;
  private static final int NAMESIZE = 11;

  private final Predicate<String> keep;
  private final Set<Long> linkedInodes;
  private final Path spoolDir;
  private final String capsule;

  private final Map<String, Path> spooled = new HashMap<>();
  private final Map<String, List<Held>> waiting = new LinkedHashMap<>();
  private long kept;

  /** A kept hard-link member whose group's data has not come yet. */
  private record Held(long[] fields, byte[] name) {}

  /**
   * @param keep whether an entry (by its normalized name, see {@link #normalize}) is copied
   * @param linkedInodes inode numbers of hard-link groups that have a kept member
   * @param spoolDir a private directory for hard-link data that must wait for its member
   * @param capsule what the capsule is, for messages
   */
  NewcFilter(Predicate<String> keep, Set<Long> linkedInodes, Path spoolDir, String capsule) {
    this.keep = keep;
    this.linkedInodes = linkedInodes;
    this.spoolDir = spoolDir;
    this.capsule = capsule;
  }

  /** An archive name without a leading {@code ./} or {@code /}; the root itself is empty. */
  static String normalize(String name) {
    String value = name;
    while (true) {
      if (value.startsWith("./")) {
        value = value.substring(2);
      } else if (value.startsWith("/")) {
        value = value.substring(1);
      } else {
        break;
      }
    }
    return value.equals(".") ? "" : value;
  }

  /** The decompressed bytes of a capsule of any of the capsule formats. */
  static InputStream decompressed(InputStream raw, String capsule) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(8);
    byte[] head = in.readNBytes(6);
    in.reset();
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return new GzipCompressorInputStream(in, true);
    }
    if (head.length == 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
        && head[4] == 'Z' && head[5] == 0) {
      return new XZInputStream(in);
    }
    if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return new com.github.luben.zstd.ZstdInputStream(in);
    }
    if (head.length == 6 && new String(head, StandardCharsets.US_ASCII).startsWith("07070")) {
      return in;
    }
    throw new UserException(capsule + " is not a capsule: it starts with neither a gzip, xz or zstd"
        + " signature nor a newc cpio header");
  }

  /** Copies the kept entries of {@code in} (decompressed) to {@code out}; returns how many. */
  long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[1 << 16];
    while (true) {
      long[] fields = readHeader(in);
      byte[] nameWithNul = readFully(in, (int) fields[NAMESIZE], "an entry name");
      skip(in, pad(HEADER + fields[NAMESIZE]));
      byte[] name = java.util.Arrays.copyOf(nameWithNul, nameWithNul.length - 1);
      String text = new String(name, StandardCharsets.UTF_8);
      if (text.equals(TRAILER)) {
        break;
      }
      long size = fields[FILESIZE];
      String normalized = normalize(text);
      boolean wanted = !normalized.isEmpty() && keep.test(normalized);
      boolean regular = (fields[MODE] & S_IFMT) == S_IFREG;
      if (regular && fields[NLINK] > 1 && linkedInodes.contains(fields[INODE])) {
        linkMember(in, out, fields, name, wanted, buffer);
      } else if (wanted) {
        writeEntry(out, fields, name);
        copyExactly(in, out, size, buffer);
        out.write(new byte[pad(size)]);
        kept++;
      } else {
        skip(in, size);
      }
      skip(in, pad(size));
    }
    for (List<Held> members : waiting.values()) {
      for (Held member : members) {
        member.fields()[FILESIZE] = 0;
        member.fields()[NLINK] = 1;
        writeEntry(out, member.fields(), member.name());
        kept++;
      }
    }
    long[] trailer = new long[13];
    trailer[NLINK] = 1;
    trailer[NAMESIZE] = TRAILER.length() + 1;
    writeEntry(out, trailer, TRAILER.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return kept;
  }

  private void linkMember(InputStream in, OutputStream out, long[] fields, byte[] name, boolean wanted, byte[] buffer)
      throws IOException {
    String key = fields[INODE] + ":" + fields[DEVMAJOR] + ":" + fields[DEVMINOR];
    long size = fields[FILESIZE];
    if (size > 0 && !spooled.containsKey(key)) {
      Path spool = spoolDir.resolve("link-" + spooled.size());
      try (OutputStream file = Files.newOutputStream(spool)) {
        copyExactly(in, file, size, buffer);
      }
      spooled.put(key, spool);
      for (Held member : waiting.getOrDefault(key, List.of())) {
        writeSpooled(out, member.fields(), member.name(), spool);
      }
      waiting.remove(key);
    } else {
      skip(in, size);
    }
    if (!wanted) {
      return;
    }
    Path spool = spooled.get(key);
    if (spool != null) {
      writeSpooled(out, fields, name, spool);
    } else {
      waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(new Held(fields.clone(), name));
    }
  }

  /** A hard-link member written as a file of its own, with its group's data. */
  private void writeSpooled(OutputStream out, long[] fields, byte[] name, Path spool) throws IOException {
    long[] own = fields.clone();
    own[NLINK] = 1;
    own[FILESIZE] = Files.size(spool);
    writeEntry(out, own, name);
    Files.copy(spool, out);
    out.write(new byte[pad(own[FILESIZE])]);
    kept++;
  }

  private static void writeEntry(OutputStream out, long[] fields, byte[] name) throws IOException {
    long[] values = fields.clone();
    values[NAMESIZE] = name.length + 1L;
    StringBuilder header = new StringBuilder("070701");
    for (long value : values) {
      header.append(String.format("%08x", value));
    }
    out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(name);
    out.write(0);
    out.write(new byte[pad(HEADER + values[NAMESIZE])]);
  }

  private long[] readHeader(InputStream in) throws IOException {
    byte[] raw = readFully(in, HEADER, "an entry header");
    String text = new String(raw, StandardCharsets.US_ASCII);
    if (!text.startsWith("070701") && !text.startsWith("070702")) {
      throw corrupt("no newc header where one should be");
    }
    long[] fields = new long[13];
    for (int i = 0; i < 13; i++) {
      try {
        fields[i] = Long.parseLong(text.substring(6 + i * 8, 14 + i * 8), 16);
      } catch (NumberFormatException e) {
        throw corrupt("a header field is not hexadecimal");
      }
    }
    if (fields[NAMESIZE] < 2 || fields[NAMESIZE] > 65536) {
      throw corrupt("an entry name of " + fields[NAMESIZE] + " bytes");
    }
    return fields;
  }

  private byte[] readFully(InputStream in, int length, String what) throws IOException {
    byte[] data = in.readNBytes(length);
    if (data.length < length) {
      throw corrupt("it ends inside " + what + " (no newc trailer)");
    }
    return data;
  }

  private void copyExactly(InputStream in, OutputStream out, long length, byte[] buffer) throws IOException {
    long remaining = length;
    while (remaining > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (read < 0) {
        throw corrupt("it ends inside an entry's data");
      }
      out.write(buffer, 0, read);
      remaining -= read;
    }
  }

  private void skip(InputStream in, long length) throws IOException {
    long remaining = length;
    while (remaining > 0) {
      long skipped = in.skip(remaining);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw corrupt("it ends inside an entry's data");
        }
        skipped = 1;
      }
      remaining -= skipped;
    }
  }

  private UserException corrupt(String what) {
    return new UserException("The capsule " + capsule + " is truncated or corrupt: " + what);
  }

  private static int pad(long length) {
    return (int) ((4 - (length & 3)) & 3);
  }
}
