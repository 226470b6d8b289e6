package dev.ww.core.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small root tree with the symlinks that try to lead out of it. */
final class ConfinementFixture {

  private ConfinementFixture() {}

  static void populate(Path root, Path outside) throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve("run"));
    Files.createDirectories(root.resolve("usr/lib"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    Files.writeString(root.resolve("run/resolv.conf"), "nameserver 10.0.0.1\n");
    Files.writeString(root.resolve("usr/lib/libc.so"), "");
    Files.writeString(outside.resolve("secret"), "host secret\n");
    // An absolute symlink, meaningful inside the root.
    Files.createSymbolicLink(root.resolve("etc/resolv.conf"), Path.of("/run/resolv.conf"));
    // An absolute symlink to a directory that also exists on the host.
    Files.createSymbolicLink(root.resolve("hostetc"), Path.of("/etc"));
    // A relative symlink that climbs above the root.
    Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../../.."));
    // A relative symlink that stays inside.
    Files.createSymbolicLink(root.resolve("lib64"), Path.of("usr/lib"));
    // A loop.
    Files.createSymbolicLink(root.resolve("loop"), Path.of("loop2"));
    Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop"));
    // A symlink straight to a host file outside.
    Files.createSymbolicLink(root.resolve("secret"), outside.resolve("secret"));
  }
}
