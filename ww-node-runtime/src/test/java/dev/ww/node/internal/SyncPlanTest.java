package dev.ww.node.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.capsule.CapsuleEntry;
import dev.ww.capsule.CapsuleEntry.Type;
import dev.ww.node.VnfsDifference;
import dev.ww.node.VnfsDifference.Kind;
import dev.ww.node.internal.SyncPlan.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncPlanTest {

  static CapsuleEntry e(String name, Type type, long size, long inode, long nlink) {
    return new CapsuleEntry(name, type, 0644, 0, 0, 1, size, inode, nlink, 0, 0, type == Type.SYMLINK ? "t" : "");
  }

  static VnfsDifference d(String path, Kind kind) {
    return new VnfsDifference(path, kind, "");
  }

  final List<CapsuleEntry> entries = List.of(
      e(".", Type.DIRECTORY, 0, 1, 5),                 // 0 root
      e(".ww-xattrs", Type.FILE, 40, 2, 1),            // 1 manifest
      e("etc", Type.DIRECTORY, 0, 3, 2),               // 2
      e("etc/a", Type.FILE, 10, 4, 2),                 // 3 carrier of a, b
      e("etc/passwd", Type.FILE, 20, 5, 1),            // 4
      e("proc", Type.DIRECTORY, 0, 6, 2),              // 5 protected
      e("usr", Type.DIRECTORY, 0, 7, 2),               // 6
      e("usr/b", Type.FILE, 0, 4, 2),                  // 7 member of a
      e("usr/c", Type.FILE, 0, 8, 2),                  // 8 GNU order: data on the last
      e("usr/d", Type.FILE, 7, 8, 2),                  // 9 carrier of c
      e("usr/link", Type.SYMLINK, 1, 9, 1),            // 10
      e("usr/sock", Type.SOCKET, 0, 10, 1));           // 11

  @Test
  void onlyDifferingEntriesAreActedOn_groupsPlannedAsAWhole() {
    SyncPlan p = SyncPlan.of(entries, List.of(d("/etc/passwd", Kind.CONTENT), d("/usr", Kind.METADATA),
        d("/usr/b", Kind.MISSING), d("/usr/link", Kind.TYPE), d("/opt", Kind.EXTRA), d("/usr/sock", Kind.MISSING)),
        new ProtectedPaths(List.of()), false);
    assertThat(p.manifest()).isEqualTo(1);
    assertThat(p.action(0)).isEqualTo(Action.NONE);
    assertThat(p.action(1)).isEqualTo(Action.NONE);
    assertThat(p.action(2)).isEqualTo(Action.NONE);
    assertThat(p.action(3)).isEqualTo(Action.NONE);
    assertThat(p.members(3)).containsExactly(7);
    assertThat(p.action(4)).isEqualTo(Action.EXTRACT);
    assertThat(p.action(6)).isEqualTo(Action.DIRECTORY);
    assertThat(p.action(7)).isEqualTo(Action.MEMBER);
    assertThat(p.differs(7)).isTrue();
    assertThat(p.carrier(7)).isEqualTo(3);
    assertThat(p.carrier(8)).isEqualTo(9);
    assertThat(p.members(9)).containsExactly(8);
    assertThat(p.action(10)).isEqualTo(Action.EXTRACT);
    assertThat(p.action(11)).isEqualTo(Action.NONE);
    assertThat(p.hasWork()).isTrue();
  }

  @Test
  void checksum_addsEqualLookingFilesWithData_excludesAndProtectedPathsNeverActedOn() {
    SyncPlan p = SyncPlan.of(entries, List.of(), new ProtectedPaths(List.of("/etc/passwd")), true);
    assertThat(p.action(3)).isEqualTo(Action.CHECK);
    assertThat(p.action(4)).isEqualTo(Action.NONE);
    assertThat(p.action(5)).isEqualTo(Action.NONE);
    assertThat(p.action(9)).isEqualTo(Action.CHECK);
    assertThat(p.action(1)).isEqualTo(Action.NONE);
    assertThat(p.hasWork()).isTrue();
    assertThat(SyncPlan.of(entries, List.of(), new ProtectedPaths(List.of()), false).hasWork()).isFalse();
  }

  @Test
  void groupWhoseDataIsInAnExcludedEntry_isLeftAlone() {
    SyncPlan p = SyncPlan.of(entries, List.of(d("/usr/b", Kind.MISSING)), new ProtectedPaths(List.of("/etc/a")), false);
    assertThat(p.action(7)).isEqualTo(Action.NONE);
    assertThat(p.hasWork()).isFalse();
  }
}
