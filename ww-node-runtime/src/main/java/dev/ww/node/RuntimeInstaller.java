package dev.ww.node;

import dev.ww.core.UserException;
import dev.ww.node.internal.AtomicWrite;
import dev.ww.node.internal.ShellValues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Installs the runtime services into a node's new root at provisioning time: the jar
 * ({@code /warewulf/lib/ww-node-runtime.jar}), the launchers ({@code /warewulf/bin/wwgetfiles},
 * {@code wwgetscript}, {@code wwgetvnfs}), the node configuration ({@code /warewulf/config},
 * mode 0600: it names the master and may hold values meant for this node only) and two cron
 * jobs in {@code /etc/cron.d} that run {@code wwgetfiles} and the runtime script every five
 * minutes. A node configuration that sets {@code WWNORUNTIMESERVICES} (to anything) installs
 * nothing.
 */
public final class RuntimeInstaller {

  /** The tools with a launcher in {@code /warewulf/bin}. */
  public static final List<String> TOOLS = List.of("wwgetfiles", "wwgetscript", "wwgetvnfs");

  static final String JAR = "warewulf/lib/ww-node-runtime.jar";
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** What was done: nothing (runtime services disabled for the node) or these files. */
  public record Result(boolean installed, List<Path> written) {
    public Result {
      written = List.copyOf(written);
    }
  }

  private RuntimeInstaller() {}

  /**
   * Installs below {@code root}.
   *
   * @param nodeConfig the variables for {@code /warewulf/config} (the node config as served,
   *     plus WWMASTER, WWPORT and WWINIT_HWADDR as the bootstrap found them)
   * @param jar the runtime jar to copy (usually the running one)
   */
  public static Result install(Path root, Map<String, String> nodeConfig, Path jar)
      throws IOException {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(nodeConfig, "nodeConfig");
    Objects.requireNonNull(jar, "jar");
    if (nodeConfig.containsKey("WWNORUNTIMESERVICES")) {
      return new Result(false, List.of());
    }
    for (String key : List.of("WWMASTER", "WWINIT_HWADDR")) {
      if (nodeConfig.getOrDefault(key, "").isBlank()) {
        throw new UserException(
            "the node configuration has no " + key + ": the runtime tools could not find "
                + (key.equals("WWMASTER") ? "the master" : "this node"));
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new UserException("runtime jar " + jar + " does not exist");
    }
    List<Path> written = new ArrayList<>();
    Path lib = root.resolve(JAR);
    AtomicWrite.write(lib, Files.readAllBytes(jar), 0644);
    written.add(lib);
    for (String tool : TOOLS) {
      Path bin = root.resolve("warewulf/bin").resolve(tool);
      AtomicWrite.write(bin, resource("bin/" + tool), 0755);
      written.add(bin);
    }
    Path state = root.resolve("warewulf/state");
    Files.createDirectories(state);
    Files.setAttribute(state, "unix:mode", 0700);
    Path config = root.resolve("warewulf/config");
    AtomicWrite.write(config, configText(nodeConfig).getBytes(StandardCharsets.UTF_8), 0600);
    written.add(config);
    Files.createDirectories(root.resolve("var/log/warewulf"));
    Path getfiles = root.resolve("etc/cron.d/wwgetfiles");
    AtomicWrite.write(getfiles, resource("cron/wwgetfiles"), 0644);
    written.add(getfiles);
    Path getscript = root.resolve("etc/cron.d/wwgetscript");
    AtomicWrite.write(getscript, resource("cron/wwgetscript"), 0644);
    written.add(getscript);
    return new Result(true, written);
  }

  /** {@code KEY='value'} and {@code export KEY} lines, sorted by name. */
  static String configText(Map<String, String> values) {
    StringBuilder b = new StringBuilder("# Written at provisioning; read by the ww node runtime tools.\n");
    values.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              if (!NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("not a variable name: " + e.getKey());
              }
              b.append(e.getKey()).append('=').append(ShellValues.quote(e.getValue())).append('\n');
              b.append("export ").append(e.getKey()).append('\n');
            });
    return b.toString();
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = RuntimeInstaller.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("resource " + name + " is missing from the runtime jar");
      }
      return in.readAllBytes();
    }
  }
}
