package dev.ww.node;

import dev.ww.core.UserException;
import dev.ww.node.internal.Chars;
import dev.ww.node.internal.ShellValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who this node is and where its master is: read from {@code /warewulf/config} (shell
 * assignments written at provisioning time), with the kernel command line's {@code ww*=}
 * arguments as fallbacks for what the file does not say.
 *
 * @param masters the master's addresses, tried in order ({@code WWMASTER} may be a comma list)
 * @param hwaddr the hardware address the node names itself with
 * @param name the node's name (informational), empty when unknown
 * @param values every variable of the configuration file
 */
public record NodeIdentity(
    List<Master> masters, String hwaddr, Optional<String> name, Map<String, String> values) {


  /** One master address. */
  public record Master(String host, int port) {
    public Master {
      Objects.requireNonNull(host, "host");
      if (!Chars.host(host)) {
        throw new IllegalArgumentException("bad master host: " + host);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("bad master port: " + port);
      }
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  public NodeIdentity {
    masters = List.copyOf(masters);
    Objects.requireNonNull(hwaddr, "hwaddr");
    Objects.requireNonNull(name, "name");
    values = Map.copyOf(values);
    if (masters.isEmpty()) {
      throw new IllegalArgumentException("no master");
    }
    if (!Chars.hardwareAddress(hwaddr)) {
      throw new IllegalArgumentException("bad hardware address: " + hwaddr);
    }
  }

  /** A variable of the configuration file (name with the {@code WW} prefix). */
  public Optional<String> value(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * Reads {@code paths.config()} (missing is fine when the command line says enough) and
   * {@code paths.cmdline()}.
   */
  public static NodeIdentity load(NodePaths paths) throws IOException {
    Map<String, String> config = new LinkedHashMap<>();
    try {
      String text = Files.readString(paths.config());
      try {
        config.putAll(ShellValues.parse(text, paths.config().toString()));
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
    } catch (NoSuchFileException e) {
      // command line only
    } catch (java.nio.file.AccessDeniedException e) {
      throw new UserException(
          "cannot read " + paths.config() + " (it is readable by root only): run as root");
    }
    String cmdline = "";
    try {
      cmdline = Files.readString(paths.cmdline());
    } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
      // config only
    }
    return resolve(config, cmdline, paths.config());
  }

  /** Combines configuration variables with kernel arguments; errors name what is missing. */
  public static NodeIdentity resolve(Map<String, String> config, String cmdline, Path configFile) {
    Map<String, String> args = kernelArgs(cmdline);
    // Plain calls, no lambdas: every cron run of every node pays for bootstrapping them.
    String masterText = either(first(config, "WWMASTER"), first(args, "wwmaster")).orElse("");
    String portText = either(first(config, "WWPORT"), first(args, "wwport")).orElse("80");
    String hwaddr =
        either(first(config, "WWINIT_HWADDR", "WWHWADDR"), first(args, "wwhwaddr")).orElse("");
    Optional<String> name =
        either(first(config, "WWNODENAME", "WWNAME", "WWHOSTNAME"), first(args, "wwhostname"));
    if (masterText.isBlank()) {
      throw new UserException(
          "Could not identify the master: no WWMASTER in " + configFile
              + " and no wwmaster= on the kernel command line");
    }
    if (hwaddr.isBlank()) {
      throw new UserException(
          "Could not identify this node: no WWINIT_HWADDR in " + configFile
              + " and no wwhwaddr= on the kernel command line");
    }
    if (!Chars.hardwareAddress(hwaddr)) {
      throw new UserException("'" + hwaddr + "' (from " + configFile + ") is not a hardware address");
    }
    int defaultPort;
    try {
      defaultPort = Integer.parseInt(portText.strip());
      new Master("localhost", defaultPort);
    } catch (IllegalArgumentException e) {
      throw new UserException("WWPORT '" + portText + "' is not a TCP port");
    }
    List<Master> masters = new ArrayList<>();
    for (String item : masterText.split(",")) {
      String m = item.strip();
      if (m.isEmpty()) {
        continue;
      }
      try {
        masters.add(parseMaster(m, defaultPort));
      } catch (IllegalArgumentException e) {
        throw new UserException("master '" + m + "' is not HOST or HOST:PORT");
      }
    }
    if (masters.isEmpty()) {
      throw new UserException("WWMASTER '" + masterText + "' names no master");
    }
    return new NodeIdentity(masters, hwaddr.toLowerCase(Locale.ROOT), name, config);
  }

  private static Master parseMaster(String m, int defaultPort) {
    int colon = m.lastIndexOf(':');
    boolean bracketed = m.startsWith("[");
    if (colon > 0 && (!bracketed || m.charAt(colon - 1) == ']') && m.indexOf(':') == colon
        || bracketed && colon > 0 && m.charAt(colon - 1) == ']') {
      return new Master(m.substring(0, colon), Integer.parseInt(m.substring(colon + 1)));
    }
    return new Master(m, defaultPort);
  }

  /** The {@code key=value} words of a kernel command line. */
  static Map<String, String> kernelArgs(String cmdline) {
    Map<String, String> out = new LinkedHashMap<>();
    for (java.util.StringTokenizer t = new java.util.StringTokenizer(cmdline); t.hasMoreTokens(); ) {
      String word = t.nextToken();
      int eq = word.indexOf('=');
      if (eq > 0) {
        out.put(word.substring(0, eq), word.substring(eq + 1));
      }
    }
    return out;
  }

  private static Optional<String> either(Optional<String> a, Optional<String> b) {
    return a.isPresent() ? a : b;
  }

  private static Optional<String> first(Map<String, String> m, String... keys) {
    for (String k : keys) {
      String v = m.get(k);
      if (v != null && !v.isBlank()) {
        return Optional.of(v.strip());
      }
    }
    return Optional.empty();
  }
}
