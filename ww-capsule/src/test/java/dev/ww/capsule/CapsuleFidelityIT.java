package dev.ww.capsule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import dev.ww.core.os.JnaLinuxOs;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packs a tree holding every kind of entry, unpacks it with GNU cpio and with our reader, and
 * compares every field with the source.
 */
class CapsuleFidelityIT {

  @TempDir Path work;
  Path source;

  /** A tree with every kind of entry newc can hold, plus a socket it cannot. */
  static String buildTreeScript() {
    return """
        mkdir -p src && cd src
        mkdir -p empty etc usr/bin usr/lib/deep bin sticky setgid-dir 'with space'
        chmod 1777 sticky; chmod 2775 setgid-dir
        printf 'root:x:0:0\\n' > etc/passwd
        printf 'hello\\n' > 'with space/file = x'
        printf '#!/bin/sh\\necho ping\\n' > usr/bin/ping; chmod 0755 usr/bin/ping
        setcap cap_net_raw+ep usr/bin/ping
        printf 'suid' > usr/bin/su; chmod 4755 usr/bin/su
        printf 'sgid' > usr/bin/wall; chmod 2755 usr/bin/wall; chown 0:5 usr/bin/wall
        printf 'owned' > usr/lib/owned; chown 1234:5678 usr/lib/owned
        setfattr -n user.comment -v 'a comment' etc/passwd
        setfattr -n user.dir -v 'dir attribute' usr/lib
        printf 'group one' > usr/lib/a1; ln usr/lib/a1 usr/lib/a2; ln usr/lib/a1 bin/a3
        printf 'group two' > usr/lib/b1; ln usr/lib/b1 etc/b2
        mknod usr/lib/null c 1 3; mknod usr/lib/loop0 b 7 0; mkfifo usr/lib/fifo
        chmod 0666 usr/lib/null; chmod 0660 usr/lib/loop0
        ln -s ../usr/bin/ping bin/ping; ln -s /etc/passwd etc/abs-link; ln -s dangling etc/dangling
        d=usr/lib/deep
        for i in $(seq 1 30); do d="$d/level-$i-abcdefghijklmnopqrstuvwxyz0123456789"; done
        mkdir -p "$d"; printf deep > "$d/leaf"
        long=$(printf 'n%.0s' $(seq 1 250)); printf long > "usr/lib/$long"
        mkdir "$(printf 'caf\\xe9')"; printf latin1 > "$(printf 'caf\\xe9/r\\xe9sum\\xe9')"
        printf utf8 > "$(printf 'usr/lib/na\\xc3\\xafve')"
        ln -s "$(printf 'caf\\xe9')" "$(printf 'link-to-caf\\xe9')"
        setfattr -n user.latin -v 1 "$(printf 'caf\\xe9/r\\xe9sum\\xe9')"
        truncate -s 20M usr/lib/sparse; printf 'middle' | dd of=usr/lib/sparse bs=1 seek=10485760 conv=notrunc status=none
        find . -exec touch -h -d '2021-03-04 05:06:07' {} +
        touch -d '2020-01-01 00:00:00' usr/bin/su
        touch -h -d '2019-01-01 00:00:00' bin/ping
        """;
  }

  @BeforeEach
  void buildTree() throws Exception {
    RealSystem.requireRoot();
    for (String program : List.of("setcap", "setfattr", "cpio", "mknod", "gzip")) {
      RealSystem.requireProgram(program);
    }
    RealSystem.sh(work, buildTreeScript());
    source = work.resolve("src");
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(source.resolve("etc/socket")));
    }
    RealSystem.sh(work, "touch -h -d '2021-03-04 05:06:07' src/etc src/.");
  }

  private CapsuleWriteResult pack(Path capsule, Compression compression, List<String> warnings)
      throws Exception {
    EventHandlers events =
        EventHandlers.builder()
            .add(LogEvent.class, e -> {
              if (e.level() == LogEvent.Level.WARN) {
                warnings.add(e.message());
              }
            })
            .build();
    try (OutputStream out = Files.newOutputStream(capsule)) {
      return Capsule.fromTree(source).compression(compression).events(events).writeTo(out);
    }
  }

  @Test
  void gnuCpio_unpacksEveryEntryExactly_andSetfattrRestoresTheManifest() throws Exception {
    List<String> warnings = new ArrayList<>();
    Path capsule = work.resolve("capsule.gz");
    pack(capsule, Compression.gzip(), warnings);
    assertThat(warnings).anyMatch(w -> w.contains("socket") && w.contains("etc/socket"));

    Files.createDirectory(work.resolve("gnu"));
    RealSystem.sh(
        work.resolve("gnu"),
        "gzip -dc ../capsule.gz | cpio -idm --no-absolute-filenames --quiet"
            + " && setfattr --restore=.ww-xattrs");

    Map<String, String> expected = TreeSnapshot.of(source, Set.of("etc/socket"), false);
    Map<String, String> actual = TreeSnapshot.of(work.resolve("gnu"), Set.of(".ww-xattrs"), false);
    expected.remove(".");
    actual.remove(".");
    // GNU cpio sets a directory's time when it creates it, before its contents change it
    assertThat(TreeSnapshot.differences(withoutDirectoryTimes(expected), withoutDirectoryTimes(actual)))
        .isEmpty();
  }

  private static Map<String, String> withoutDirectoryTimes(Map<String, String> snapshot) {
    Map<String, String> result = new java.util.TreeMap<>();
    snapshot.forEach(
        (name, text) ->
            result.put(
                name, text.startsWith("mode=40") ? text.replaceAll(" mtime=\\d+", "") : text));
    return result;
  }

  @Test
  void ourReader_unpacksEveryEntryExactly_withXattrs_forEveryCompression() throws Exception {
    Map<String, String> expected = TreeSnapshot.of(source, Set.of("etc/socket"), true);
    for (Compression compression :
        List.of(Compression.gzip(), Compression.of(Compression.Format.XZ),
            Compression.of(Compression.Format.ZSTD), Compression.none())) {
      Path capsule = work.resolve("capsule-" + compression.format());
      pack(capsule, compression, new ArrayList<>());
      // the source directory's own mtime changed when the capsule was written next to it? no:
      // capsules are written to the work directory, outside the tree.
      Path target = work.resolve("ours-" + compression.format());
      ExtractResult result;
      try (var in = Files.newInputStream(capsule)) {
        result = Capsule.reader(in).os(JnaLinuxOs.load()).extractTo(target);
      }
      assertThat(result.xattrs()).isGreaterThanOrEqualTo(4);
      Map<String, String> actual = TreeSnapshot.of(target, Set.of(), true);
      assertThat(TreeSnapshot.differences(expected, actual))
          .as("differences after %s", compression)
          .isEmpty();
    }
  }

  @Test
  void busyboxCpio_unpacksTheCapsule() throws Exception {
    RealSystem.requireProgram("busybox");
    Path capsule = work.resolve("capsule.gz");
    pack(capsule, Compression.gzip(), new ArrayList<>());
    Files.createDirectory(work.resolve("bb"));
    RealSystem.sh(work.resolve("bb"), "busybox gunzip -c ../capsule.gz | busybox cpio -idm 2>&1");
    Map<String, String> expected = TreeSnapshot.of(source, Set.of("etc/socket"), false);
    Map<String, String> actual = TreeSnapshot.of(work.resolve("bb"), Set.of(".ww-xattrs"), false);
    expected.remove(".");
    actual.remove(".");
    // busybox cpio neither knows extended attributes nor restores directory times set before
    // their contents; compare what it does restore
    List<String> differences = new ArrayList<>();
    for (String line : TreeSnapshot.differences(strip(expected), strip(actual))) {
      differences.add(line);
    }
    assertThat(differences).isEmpty();
  }

  private static Map<String, String> strip(Map<String, String> snapshot) {
    Map<String, String> result = new java.util.TreeMap<>();
    snapshot.forEach(
        (name, text) -> {
          String withoutXattrs = text.replaceAll(" xattr:\\S+", "");
          if (withoutXattrs.startsWith("mode=40")) {
            withoutXattrs = withoutXattrs.replaceAll(" mtime=\\d+", "");
          }
          result.put(name, withoutXattrs);
        });
    return result;
  }
}
