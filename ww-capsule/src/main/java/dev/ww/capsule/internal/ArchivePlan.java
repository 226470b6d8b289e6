package dev.ww.capsule.internal;

import dev.ww.core.UserException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns scanned entries into the exact archive: inode numbers derived from the names (so they
 * depend on nothing but the tree, and one new file does not renumber every later entry, which
 * would defeat incremental rebuilds), hard-link groups sharing one number with the data stored
 * on the first member only, link counts as the archive itself has them, the attribute manifest
 * placed among the top-level names, and the trailer.
 */
public final class ArchivePlan {

  private final List<ScannedEntry> entries;
  private final List<ScannedEntry> records;
  private final long dataBytes;

  private ArchivePlan(List<ScannedEntry> entries, long dataBytes) {
    this.entries = entries;
    List<ScannedEntry> withTrailer = new ArrayList<>(entries);
    withTrailer.add(ScannedEntry.trailer());
    this.records = List.copyOf(withTrailer);
    this.dataBytes = dataBytes;
  }

  /** The entries, in archive order, without the trailer. */
  public List<ScannedEntry> entries() {
    return entries;
  }

  /** Everything the archive holds, in order: the entries, then the trailer. */
  public List<ScannedEntry> records() {
    return records;
  }

  /** Bytes of the whole uncompressed archive. */
  public long archiveBytes() {
    long total = 0;
    for (ScannedEntry record : records) {
      total += record.recordLength();
    }
    return total;
  }

  /** Bytes of file data the archive will hold. */
  public long dataBytes() {
    return dataBytes;
  }

  public static ArchivePlan of(List<ScannedEntry> scanned) {
    List<ScannedEntry> ordered = withManifest(scanned);
    Map<String, ScannedEntry> directories = new HashMap<>();
    Map<String, Long> groupInodes = new HashMap<>();
    Map<String, List<ScannedEntry>> groups = new HashMap<>();
    InodeNumbers numbers = new InodeNumbers();
    long dataBytes = 0;
    for (ScannedEntry entry : ordered) {
      if (entry.isDirectory()) {
        entry.nlink = 2;
        directories.put(key(entry.name), entry);
        ScannedEntry parent = directories.get(key(parentName(entry.name)));
        if (parent != null && parent != entry) {
          parent.nlink++;
        }
        entry.inode = numbers.assign(entry.name);
        continue;
      }
      entry.nlink = 1;
      if (entry.host != null && entry.hostLinks > 1) {
        String group = entry.device + ":" + entry.hostInode;
        Long inode = groupInodes.get(group);
        if (inode != null) {
          entry.inode = inode;
          entry.carriesData = false;
          groups.get(group).add(entry);
          continue;
        }
        entry.inode = numbers.assign(entry.name);
        groupInodes.put(group, entry.inode);
        groups.put(group, new ArrayList<>(List.of(entry)));
      } else {
        entry.inode = numbers.assign(entry.name);
      }
      if (entry.isRegular()) {
        dataBytes += entry.size;
      }
    }
    for (List<ScannedEntry> members : groups.values()) {
      for (ScannedEntry member : members) {
        member.nlink = members.size();
      }
    }
    return new ArchivePlan(List.copyOf(ordered), dataBytes);
  }

  private static List<ScannedEntry> withManifest(List<ScannedEntry> scanned) {
    Map<byte[], List<Xattr>> byEntry = new LinkedHashMap<>();
    byte[] manifestName = XattrManifest.NAME.getBytes(StandardCharsets.US_ASCII);
    for (ScannedEntry entry : scanned) {
      if (Arrays.equals(entry.name, manifestName)) {
        throw new UserException(
            "the tree holds a file named /" + XattrManifest.NAME + ", which is the name a"
                + " capsule uses for its attribute manifest; remove or exclude it");
      }
      if (!entry.xattrs.isEmpty()) {
        byEntry.put(entry.name, entry.xattrs);
      }
    }
    if (byEntry.isEmpty()) {
      return scanned;
    }
    long mtime = scanned.get(0).mtime;
    ScannedEntry manifest =
        ScannedEntry.synthetic(manifestName, Newc.S_IFREG | 0600, mtime, XattrManifest.write(byEntry));
    List<ScannedEntry> result = new ArrayList<>(scanned.size() + 1);
    boolean placed = false;
    for (int i = 0; i < scanned.size(); i++) {
      ScannedEntry entry = scanned.get(i);
      if (!placed && i > 0 && Arrays.compareUnsigned(topLevel(entry.name), manifestName) > 0) {
        result.add(manifest);
        placed = true;
      }
      result.add(entry);
    }
    if (!placed) {
      result.add(manifest);
    }
    return result;
  }

  private static byte[] topLevel(byte[] name) {
    for (int i = 0; i < name.length; i++) {
      if (name[i] == '/') {
        return Arrays.copyOf(name, i);
      }
    }
    return name;
  }

  static byte[] parentName(byte[] name) {
    for (int i = name.length - 1; i >= 0; i--) {
      if (name[i] == '/') {
        return Arrays.copyOf(name, i);
      }
    }
    return new byte[] {'.'};
  }

  private static String key(byte[] name) {
    return StandardCharsets.ISO_8859_1.decode(ByteBuffer.wrap(name)).toString();
  }
}
