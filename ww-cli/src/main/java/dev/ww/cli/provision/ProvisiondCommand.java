package dev.ww.cli.provision;

import dev.ww.cli.GlobalOptions;
import dev.ww.cli.ToolEnvironment;
import dev.ww.cli.VersionProvider;
import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.core.event.Event;
import dev.ww.core.event.EventHandlers;
import dev.ww.datastore.Datastore;
import dev.ww.provision.AccessEvent;
import dev.ww.provision.BootReportLog;
import dev.ww.provision.DatastoreCatalog;
import dev.ww.provision.ProvisionServer;
import dev.ww.provision.ServerSettings;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wwprovisiond}: serves nodes from the datastore until stopped (SIGTERM, Ctrl-C). */
@Command(
    name = "wwprovisiond",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Runs the provisioning server in the foreground: per-node iPXE scripts, bootstraps, node",
      "config, capsules, files and scripts, served from the datastore to the node that owns",
      "them (hardware address and source address checked). Access log on standard output."
    })
public final class ProvisiondCommand implements Callable<Integer> {

  private final ToolEnvironment environment;

  @Spec private CommandLine.Model.CommandSpec spec;

  @Mixin private GlobalOptions global;

  @Option(names = "--listen", paramLabel = "ADDR:PORT", description = "Where to listen (default: 0.0.0.0:80).")
  private String listen = "0.0.0.0:80";

  @Option(
      names = "--advertise",
      paramLabel = "ADDR[:PORT]",
      description = "Address (and port) nodes reach this server at, used in iPXE scripts and wwmaster= "
          + "(default: the listen address; required when listening on every address).")
  private String advertise;

  @Option(names = "--max-transfers", paramLabel = "N", description = "Capsule downloads served at once; "
      + "more get 503 with Retry-After (default: ${DEFAULT-VALUE}).")
  private int maxTransfers = 64;

  @Option(names = "--privileged-port", description = "Every node must connect from a source port below 1024 "
      + "(root on the node) for its config, capsule, files and scripts.")
  private boolean privilegedPort;

  @Option(names = "--kargs", paramLabel = "ARGS", description = "Kernel arguments for nodes without their own "
      + "(default: '${DEFAULT-VALUE}').")
  private String kargs = "net.ifnames=0 biosdevname=0 quiet";

  public ProvisiondCommand(ToolEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    InetSocketAddress bind = hostPort(listen, "--listen", -1);
    ServerSettings.Builder settings = ServerSettings.builder()
        .listen(bind)
        .maxConcurrentTransfers(positive(maxTransfers, "--max-transfers"))
        .privilegedPortRequired(privilegedPort)
        .defaultKargs(kargs);
    if (advertise != null) {
      InetSocketAddress adv = hostPort(advertise, "--advertise", bind.getPort());
      settings.advertisedHost(adv.getAddress().getHostAddress());
      if (adv.getPort() != 0) {
        settings.advertisedPort(adv.getPort());
      }
    } else if (bind.getAddress().isAnyLocalAddress()) {
      throw new UserException(
          "listening on every address: give --advertise ADDR, the address nodes reach this server at");
    }
    PrintWriter out = spec.commandLine().getOut();
    EventHandlers base = global.events();
    EventHandlers events = EventHandlers.builder()
        .add(Event.class, base::dispatch)
        .add(AccessEvent.class, e -> {
          synchronized (out) {
            out.println(e.line());
            out.flush();
          }
        })
        .build();
    Layout layout = global.layout();
    Path cache = layout.cacheDir().resolve("provision").resolve("blobs");
    CountDownLatch stopped = new CountDownLatch(1);
    Datastore store = Datastore.open(layout);
    ProvisionServer server;
    try {
      server = ProvisionServer.start(
          settings.build(), new DatastoreCatalog(store, cache), new BootReportLog(64), events);
    } catch (RuntimeException | java.io.IOException e) {
      store.close();
      throw e;
    }
    events.info("listening on " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort()
        + "; store: " + store.description() + "; capsule cache: " + cache
        + "; at most " + maxTransfers + " capsule transfers at once");
    // Stopped by a signal: the hook closes the server (transfers in progress get 5 s), then the
    // store, before the JVM exits.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      events.info("stopping");
      server.close();
      store.close();
      stopped.countDown();
    }, "wwprovisiond-stop"));
    stopped.await();
    return 0;
  }

  private static int positive(int n, String option) {
    if (n < 1) {
      throw new UserException(option + " must be at least 1");
    }
    return n;
  }

  /** {@code 10.0.0.1:8080}, {@code [::1]:8080}, {@code 10.0.0.1} (port = defaultPort). */
  static InetSocketAddress hostPort(String text, String option, int defaultPort) {
    String host = text;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new UserException(option + " " + text + ": missing ']'");
      }
      host = text.substring(1, close);
      if (close + 1 < text.length()) {
        if (text.charAt(close + 1) != ':') {
          throw new UserException(option + " " + text + ": expected ADDR:PORT");
        }
        port = text.substring(close + 2);
      }
    } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      host = text.substring(0, text.indexOf(':'));
      port = text.substring(text.indexOf(':') + 1);
    }
    int p = defaultPort;
    if (port != null) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new UserException(option + " " + text + ": '" + port + "' is not a port number");
      }
    }
    if (p < 0 || p > 65535) {
      throw new UserException(option + " " + text + ": give a port (0-65535)");
    }
    if (!host.matches("[0-9A-Fa-f.:]+")) {
      throw new UserException(option + " " + text + ": give an IP address, not a host name");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), Math.max(p, 0));
    } catch (UnknownHostException e) {
      throw new UserException(option + " " + text + ": not an IP address");
    }
  }
}
