package dev.ww.node.internal;

import dev.ww.core.UserException;
import dev.ww.node.FileRemoval;
import dev.ww.node.FileSync;
import dev.ww.node.NodeIdentity;
import dev.ww.node.NodePaths;
import dev.ww.node.NodeScripts;
import dev.ww.node.RuntimeInstaller;
import dev.ww.node.VnfsDifference;
import dev.ww.node.VnfsSync;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jar's entry point: {@code java -jar ww-node-runtime.jar TOOL [options]}, TOOL one of
 * {@code wwgetfiles}, {@code wwgetscript}, {@code wwgetvnfs}, {@code install}. Exit status 0 on
 * success, 1 on an error (one line on standard error), 2 on a usage error; {@code wwgetscript
 * --exec} exits with the script's status.
 */
public final class Main {

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  Main(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) {
    int rc = new Main(System.out, System.err, System.getenv()).run(args);
    System.out.flush();
    System.exit(rc);
  }

  int run(String[] argv) {
    if (argv.length == 0) {
      err.println("usage: java -jar ww-node-runtime.jar wwgetfiles|wwgetscript|wwgetvnfs|install [options]");
      return 2;
    }
    String tool = argv[0];
    Args args = new Args(tool, List.of(argv).subList(1, argv.length));
    try {
      return switch (tool) {
        case "wwgetfiles" -> getfiles(args);
        case "wwgetscript" -> getscript(args);
        case "wwgetvnfs" -> getvnfs(args);
        case "install" -> install(args);
        default -> throw new Args.UsageException("unknown tool '" + tool + "'");
      };
    } catch (Args.UsageException e) {
      err.println(tool + ": " + e.getMessage());
      err.println(usage(tool));
      return 2;
    } catch (UserException e) {
      err.println(tool + ": ERROR: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println(tool + ": ERROR: " + e);
      return 1;
    }
  }

  private static String usage(String tool) {
    String common = " [--root DIR] [--config FILE] [--state-dir DIR] [--cmdline FILE]";
    return "usage: " + switch (tool) {
      case "wwgetfiles" -> "wwgetfiles [-F|--force] [--delay SECONDS]" + common;
      case "wwgetscript" -> "wwgetscript [--exec] pre|post|runtime" + common;
      case "wwgetvnfs" -> "wwgetvnfs --dry-run|--force [--checksum] [--stream|--copy] [--batch-size BYTES[K|M|G]] [--exclude PATH]..." + common;
      case "install" -> "install --root DIR --node-config FILE [--set WWKEY=VALUE]... [--jar FILE]";
      default -> "java -jar ww-node-runtime.jar wwgetfiles|wwgetscript|wwgetvnfs|install [options]";
    };
  }

  private int getfiles(Args a) throws IOException {
    boolean force = false;
    long delay = defaultDelay();
    List<String> operands = new ArrayList<>();
    NodePaths paths = null;
    for (String o; (o = a.next()) != null; ) {
      switch (o) {
        case "-F", "--force" -> force = true;
        case "--delay" -> delay = a.nonNegative(o);
        default -> a.common(o, operands);
      }
    }
    a.noOperands(operands);
    paths = a.paths();
    NodeIdentity node = NodeIdentity.load(paths);
    FileSync.Result r;
    try {
      r = new FileSync(paths, node).run(new FileSync.Options(force, Duration.ofSeconds(delay)));
    } catch (FileSync.FilesFailedException e) {
      report(e.result());
      throw e;
    }
    report(r);
    return 0;
  }

  private void report(FileSync.Result r) {
    for (FileRemoval removal : r.removals()) {
      if (removal.outcome() != FileRemoval.Outcome.GONE) {
        out.println("wwgetfiles: " + removal);
      }
    }
    if (r.placed() > 0 || r.removed() > 0) {
      out.println("wwgetfiles: " + r.placed() + " file(s) updated, " + r.removed() + " removed, "
          + r.unchanged() + " unchanged");
    }
  }

  private long defaultDelay() {
    String v = env.getOrDefault("WWGETFILES_INTERVAL", "180");
    return Chars.digits(v, 6) ? Long.parseLong(v) : 180;
  }

  private int getscript(Args a) throws IOException {
    boolean exec = false;
    List<String> operands = new ArrayList<>();
    for (String o; (o = a.next()) != null; ) {
      if (o.equals("--exec")) {
        exec = true;
      } else {
        a.common(o, operands);
      }
    }
    if (operands.size() != 1) {
      throw new Args.UsageException("name one script type: pre, post or runtime");
    }
    NodeScripts.Type type;
    try {
      type = NodeScripts.Type.parse(operands.get(0));
    } catch (UserException e) {
      throw new Args.UsageException(e.getMessage());
    }
    NodePaths paths = a.paths();
    NodeScripts scripts = new NodeScripts(paths, NodeIdentity.load(paths));
    Optional<byte[]> script = scripts.fetch(type);
    if (script.isEmpty()) {
      return 0;
    }
    if (exec) {
      out.flush();
      return scripts.execute(type, script.get(), List.of("/bin/sh"));
    }
    out.write(script.get(), 0, script.get().length);
    out.flush();
    return 0;
  }

  private int getvnfs(Args a) throws IOException {
    boolean force = false;
    boolean dryRun = false;
    boolean checksum = false;
    long batch = VnfsSync.DEFAULT_BATCH_BYTES;
    VnfsSync.Transfer transfer = VnfsSync.Transfer.AUTO;
    boolean[] streamAndCopy = new boolean[2];
    List<String> excludes = new ArrayList<>();
    List<String> operands = new ArrayList<>();
    for (String o; (o = a.next()) != null; ) {
      switch (o) {
        case "--force" -> force = true;
        case "--dry-run", "-n" -> dryRun = true;
        case "--checksum", "-c" -> checksum = true;
        case "--batch-size" -> batch = a.bytes(o);
        case "--stream" -> {
          transfer = VnfsSync.Transfer.STREAM;
          streamAndCopy[0] = true;
        }
        case "--copy" -> {
          transfer = VnfsSync.Transfer.COPY;
          streamAndCopy[1] = true;
        }
        case "--exclude" -> excludes.add(a.value(o));
        default -> a.common(o, operands);
      }
    }
    a.noOperands(operands);
    if (force && dryRun) {
      throw new Args.UsageException("--force and --dry-run exclude each other");
    }
    if (streamAndCopy[0] && streamAndCopy[1]) {
      throw new Args.UsageException("--stream and --copy exclude each other");
    }
    if (!force && !dryRun) {
      throw new UserException(
          "wwgetvnfs replaces this running node's files with its capsule's and removes what the"
              + " capsule does not hold; run it with --dry-run to see the changes, --force to make them");
    }
    NodePaths paths = a.paths();
    NodeIdentity node = NodeIdentity.load(paths);
    node.value("WWGETVNFS_EXCLUDE").ifPresent(v -> {
      for (String x : v.split(",")) {
        if (!x.isBlank()) {
          excludes.add(x.strip());
        }
      }
    });
    VnfsSync.Result r = new VnfsSync(paths, node).run(new VnfsSync.Options(dryRun, excludes, checksum, batch, transfer));
    if (dryRun) {
      for (VnfsDifference d : r.differences()) {
        out.println(d);
      }
      out.println(r.differences().size() + " difference(s)");
    } else {
      out.println("wwgetvnfs: " + r.differences().size() + " difference(s): " + r.applied()
          + " entries applied, " + r.removed() + " removed");
    }
    return 0;
  }

  private int install(Args a) throws IOException {
    Path root = null;
    Path nodeConfig = null;
    Path jar = null;
    Map<String, String> set = new LinkedHashMap<>();
    for (String o; (o = a.next()) != null; ) {
      switch (o) {
        case "--root" -> root = Path.of(a.value(o));
        case "--node-config" -> nodeConfig = Path.of(a.value(o));
        case "--jar" -> jar = Path.of(a.value(o));
        case "--set" -> {
          String kv = a.value(o);
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new Args.UsageException("--set needs WWKEY=VALUE");
          }
          set.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        default -> throw new Args.UsageException("unknown option " + o);
      }
    }
    if (root == null || nodeConfig == null) {
      throw new Args.UsageException("--root and --node-config are required");
    }
    Map<String, String> values = new LinkedHashMap<>();
    try {
      values.putAll(ShellValues.parse(Files.readString(nodeConfig, StandardCharsets.UTF_8), nodeConfig.toString()));
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UserException("node configuration " + nodeConfig + " does not exist");
    }
    values.putAll(set);
    RuntimeInstaller.Result r = RuntimeInstaller.install(root, values, jar == null ? ownJar() : jar);
    if (!r.installed()) {
      out.println("runtime services not installed (NORUNTIMESERVICES is set for this node)");
    } else {
      out.println("runtime services installed in " + root + " (" + r.written().size() + " files)");
    }
    return 0;
  }

  private static Path ownJar() {
    try {
      return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new UserException("cannot tell where the runtime jar is; give --jar");
    }
  }
}
