package dev.ww.node;

import dev.ww.core.UserException;
import dev.ww.node.internal.HttpResponse;
import dev.ww.node.internal.MasterClient;
import dev.ww.node.internal.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code wwgetscript}: the node's pre, post or runtime script, as the master assembles it from
 * the shell-format files the node names.
 */
public final class NodeScripts {

  /** The script types the master serves. */
  public enum Type {
    PRE, POST, RUNTIME;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Type parse(String s) {
      for (Type t : values()) {
        if (t.wire().equals(s)) {
          return t;
        }
      }
      throw new UserException("unknown script type '" + s + "': use pre, post or runtime");
    }
  }

  private final NodePaths paths;
  private final MasterClient client;

  public NodeScripts(NodePaths paths, NodeIdentity node) {
    this.paths = paths;
    this.client = new MasterClient(node, MasterClient.Settings.defaults(), Sleeper.REAL);
  }

  /**
   * The script, or empty when the node names none of that type (the master answers an empty
   * body; older masters answered 404).
   */
  public Optional<byte[]> fetch(Type type) throws IOException {
    try (HttpResponse r = client.get(client.path("/WW/script", "type=" + type.wire()), Map.of())) {
      if (r.status() == 404) {
        return Optional.empty();
      }
      if (r.status() != 200) {
        throw client.failure(r, "the " + type.wire() + " script");
      }
      byte[] script = r.readBody(16 << 20);
      return script.length == 0 ? Optional.empty() : Optional.of(script);
    }
  }

  /**
   * Runs {@code script} with {@code /bin/sh} (standard streams inherited) and returns its exit
   * status. The script is kept in a private temporary file in the state directory while it runs.
   */
  public int execute(Type type, byte[] script, List<String> shell) throws IOException {
    Files.createDirectories(paths.stateDir());
    Path tmp =
        Files.createTempFile(
            paths.stateDir(), type.wire() + "-script.", ".sh",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      Files.write(tmp, script);
      List<String> cmd = new java.util.ArrayList<>(shell);
      cmd.add(tmp.toString());
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      try {
        return p.waitFor();
      } catch (InterruptedException e) {
        p.destroy();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the script ran");
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
