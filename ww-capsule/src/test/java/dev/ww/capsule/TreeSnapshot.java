package dev.ww.capsule;

import dev.ww.capsule.internal.NativeCalls;
import dev.ww.capsule.internal.RawNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every field of every file of a tree, as text lines keyed by the name's exact bytes, so two
 * trees can be compared field by field.
 */
final class TreeSnapshot {

  private static final RawNames RAW = RawNames.forThisJvm();

  private TreeSnapshot() {}

  /** name (hex-escaped) → description; names in {@code ignore} are left out. */
  static Map<String, String> of(Path root, Set<String> ignore, boolean symlinkTimes)
      throws Exception {
    NativeCalls calls = NativeCalls.load();
    Map<String, Map<String, Object>> attributes = new TreeMap<>();
    Map<String, Path> paths = new TreeMap<>();
    collect(root, "", attributes, paths);
    Map<Long, Set<String>> linkGroups = new TreeMap<>();
    attributes.forEach(
        (name, attrs) -> {
          int mode = (Integer) attrs.get("mode");
          if ((mode & 0170000) != 0040000) {
            linkGroups.computeIfAbsent((Long) attrs.get("ino"), k -> new TreeSet<>()).add(name);
          }
        });
    Map<String, String> result = new TreeMap<>();
    for (Map.Entry<String, Map<String, Object>> entry : attributes.entrySet()) {
      String name = entry.getKey();
      if (ignore.contains(name)) {
        continue;
      }
      Map<String, Object> attrs = entry.getValue();
      Path path = paths.get(name);
      int mode = (Integer) attrs.get("mode");
      int type = mode & 0170000;
      StringBuilder text = new StringBuilder();
      text.append("mode=").append(Integer.toOctalString(mode));
      text.append(" uid=").append(attrs.get("uid")).append(" gid=").append(attrs.get("gid"));
      if (type != 0120000 || symlinkTimes) {
        text.append(" mtime=")
            .append(((FileTime) attrs.get("lastModifiedTime")).toInstant().getEpochSecond());
      }
      if (type == 0100000) {
        text.append(" size=").append(attrs.get("size")).append(" sha256=").append(sha256(path));
        Set<String> group = linkGroups.get((Long) attrs.get("ino"));
        text.append(" links=").append(group);
      }
      if (type == 0020000 || type == 0060000) {
        text.append(" rdev=").append(attrs.get("rdev"));
      }
      if (type == 0120000) {
        text.append(" target=").append(escape(calls.readlink(RAW.bytes(path))));
      }
      List<String> xattrs = new ArrayList<>(calls.listXattrs(RAW.bytes(path)));
      xattrs.sort(null);
      for (String xattr : xattrs) {
        text.append(" xattr:").append(xattr).append('=')
            .append(HexFormat.of().formatHex(calls.getXattr(RAW.bytes(path), xattr).orElseThrow()));
      }
      result.put(name, text.toString());
    }
    return result;
  }

  private static void collect(
      Path directory, String prefix, Map<String, Map<String, Object>> attributes,
      Map<String, Path> paths) throws IOException {
    if (prefix.isEmpty()) {
      attributes.put(".", Files.readAttributes(directory, "unix:*", LinkOption.NOFOLLOW_LINKS));
      paths.put(".", directory);
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
      for (Path child : children) {
        String name = prefix + escape(RAW.fileNameBytes(child));
        Map<String, Object> attrs = Files.readAttributes(child, "unix:*", LinkOption.NOFOLLOW_LINKS);
        attributes.put(name, attrs);
        paths.put(name, child);
        if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          collect(child, name + "/", attributes, paths);
        }
      }
    }
  }

  static String escape(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 0x21 && c < 0x7f && c != '%') {
        text.append((char) c);
      } else {
        text.append('%').append(String.format("%02X", c));
      }
    }
    return text.toString();
  }

  private static String sha256(Path path) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buffer = new byte[65536];
      int read;
      while ((read = in.read(buffer)) > 0) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Lines that differ between two snapshots, for a readable assertion message. */
  static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
    List<String> differences = new ArrayList<>();
    Set<String> names = new TreeSet<>(expected.keySet());
    names.addAll(actual.keySet());
    for (String name : names) {
      String a = expected.get(name);
      String b = actual.get(name);
      if (a == null || !a.equals(b)) {
        differences.add(name + "\n   source:    " + a + "\n   extracted: " + b);
      }
    }
    return differences;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
