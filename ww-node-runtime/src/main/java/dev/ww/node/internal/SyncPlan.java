package dev.ww.node.internal;

import dev.ww.capsule.CapsuleEntry;
import dev.ww.node.VnfsDifference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code wwgetvnfs --force} does with each capsule entry, by its index in the archive
 * (the listing and the second pass over the same verified file see the same entries in the same
 * order). Only entries that differ are acted on: a directory is created or given its owner and
 * mode; a file, symlink, device or fifo is extracted (confined, by the capsule reader) and
 * renamed into place. Hard-link groups are planned as a whole: the member that carries the data
 * is extracted when it differs, and every other member is linked to it (when the carrier is
 * replaced, all of them, or they would keep the old inode; otherwise those that differ).
 */
public final class SyncPlan {

  /** What happens to one entry. */
  public enum Action {
    /** Nothing: equal, protected, the root, the attribute manifest, a socket. */
    NONE,
    /** A directory to create or give its owner and mode. */
    DIRECTORY,
    /** Extracted and renamed into place. */
    EXTRACT,
    /** Same size and time: extracted while compared with the node's file; placed if different. */
    CHECK,
    /** A hard-link member other than the data carrier: linked to the carrier when needed. */
    MEMBER
  }

  static final String MANIFEST = ".ww-xattrs";

  private final List<CapsuleEntry> entries;
  private final String[] rel;
  private final Action[] action;
  private final boolean[] differs;
  private final int[] carrier;
  private final Map<Integer, int[]> members = new HashMap<>();
  private final int manifest;

  private SyncPlan(List<CapsuleEntry> entries) {
    this.entries = List.copyOf(entries);
    int n = entries.size();
    rel = new String[n];
    action = new Action[n];
    differs = new boolean[n];
    carrier = new int[n];
    int m = -1;
    for (int i = 0; i < n; i++) {
      rel[i] = TreeDiff.normalize(entries.get(i).name());
      action[i] = Action.NONE;
      carrier[i] = -1;
      if (m < 0 && rel[i].equals(MANIFEST) && entries.get(i).type() == CapsuleEntry.Type.FILE) {
        m = i;
      }
    }
    manifest = m;
  }

  /**
   * @param differences what the comparison of the tree with the capsule found
   * @param checksum also compare the content of files whose size and time are equal
   */
  public static SyncPlan of(
      List<CapsuleEntry> entries, List<VnfsDifference> differences, ProtectedPaths protect,
      boolean checksum) {
    SyncPlan p = new SyncPlan(entries);
    Set<String> differing = new HashSet<>();
    for (VnfsDifference d : differences) {
      if (d.kind() != VnfsDifference.Kind.EXTRA) {
        differing.add(TreeDiff.normalize(d.path()));
      }
    }
    Map<Long, List<Integer>> groups = new HashMap<>();
    for (int i = 0; i < p.action.length; i++) {
      CapsuleEntry e = entries.get(i);
      String r = p.rel[i];
      boolean skip = r.isEmpty() || i == p.manifest || e.type() == CapsuleEntry.Type.SOCKET;
      if (e.type() != CapsuleEntry.Type.DIRECTORY && e.nlink() > 1 && !skip) {
        groups.computeIfAbsent(e.inode(), k -> new ArrayList<>()).add(i);
      }
      if (skip || protect.covers(r)) {
        continue;
      }
      p.differs[i] = differing.contains(r);
      if (e.type() == CapsuleEntry.Type.DIRECTORY) {
        p.action[i] = p.differs[i] ? Action.DIRECTORY : Action.NONE;
      } else if (p.differs[i]) {
        p.action[i] = Action.EXTRACT;
      } else if (checksum && e.type() == CapsuleEntry.Type.FILE && e.size() > 0) {
        p.action[i] = Action.CHECK;
      }
    }
    for (List<Integer> g : groups.values()) {
      if (g.size() > 1) {
        p.group(g, protect);
      }
    }
    return p;
  }

  private void group(List<Integer> g, ProtectedPaths protect) {
    int c = g.get(0);
    for (int i : g) {
      if (entries.get(i).size() > 0) {
        c = i;
        break;
      }
    }
    if (protect.covers(rel[c])) {
      // The data lives in an entry that is never touched here: leave the whole group alone.
      for (int i : g) {
        action[i] = Action.NONE;
      }
      return;
    }
    List<Integer> others = new ArrayList<>();
    for (int i : g) {
      if (i != c && !protect.covers(rel[i])) {
        others.add(i);
        carrier[i] = c;
        action[i] = Action.MEMBER;
      }
    }
    int[] o = new int[others.size()];
    for (int k = 0; k < o.length; k++) {
      o[k] = others.get(k);
    }
    members.put(c, o);
  }

  public int size() {
    return action.length;
  }

  public CapsuleEntry entry(int i) {
    return entries.get(i);
  }

  /** The entry's path relative to the root, empty for the root itself. */
  public String rel(int i) {
    return rel[i];
  }

  public Action action(int i) {
    return action[i];
  }

  /** Whether the comparison found this entry different. */
  public boolean differs(int i) {
    return differs[i];
  }

  /** The index of the data carrier of a hard-link member, or -1. */
  public int carrier(int i) {
    return carrier[i];
  }

  /** The other members of the hard-link group a carrier carries the data for (may be empty). */
  public int[] members(int i) {
    int[] m = members.get(i);
    return m == null ? new int[0] : m;
  }

  /** The index of the attribute manifest entry, or -1. */
  public int manifest() {
    return manifest;
  }

  /** Whether the second pass has anything to do. */
  public boolean hasWork() {
    for (int i = 0; i < action.length; i++) {
      if (action[i] != Action.NONE && (action[i] != Action.MEMBER || differs[i])) {
        return true;
      }
    }
    return false;
  }
}
