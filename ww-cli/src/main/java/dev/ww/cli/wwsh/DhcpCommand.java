package dev.ww.cli.wwsh;

import dev.ww.cli.VersionProvider;
import dev.ww.core.UserException;
import dev.ww.datastore.Datastore;
import dev.ww.provision.DatastoreCatalog;
import dev.ww.provision.DhcpSettings;
import dev.ww.provision.DhcpUpdate;
import dev.ww.provision.DnsmasqConfig;
import dev.ww.provision.IscDhcpdConfig;
import dev.ww.provision.ProvisionNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wwsh dhcp update}: the DHCP server's configuration for the nodes in the datastore. */
@Command(name = "dhcp", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "DHCP server configuration for the nodes.", subcommands = DhcpCommand.Update.class)
final class DhcpCommand {

  /** Where the iPXE loaders lie inside the TFTP root (shared with {@code wwsh pxe update}). */
  static final String LOADER_DIR = "ww";

  @Command(name = "update", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = {
      "Writes the DHCP configuration for every enabled node with a hardware and an IPv4 address in the subnet.",
      "dnsmasq (default): a main file (DHCP for known nodes only, TFTP, iPXE chained to the provisioning server)",
      "plus one file per node in a hosts directory that dnsmasq re-reads by itself. ISC dhcpd: one file."})
  static final class Update extends StoreCommand {
    @Option(names = "--server", required = true, paramLabel = "ADDR[:PORT]",
        description = "The provisioning server's address on the node network, and its HTTP port (default 80).")
    String server;

    @Option(names = "--subnet", required = true, paramLabel = "NET/BITS", description = "The node subnet, e.g. 10.0.0.0/24.")
    String subnet;

    @Option(names = "--router", paramLabel = "ADDR", description = "Default gateway handed to nodes.")
    String router;

    @Option(names = "--domain", paramLabel = "NAME", description = "DNS domain handed to nodes.")
    String domain;

    @Option(names = "--format", paramLabel = "dnsmasq|isc", description = "Configuration for dnsmasq (default) or ISC dhcpd.")
    String format = "dnsmasq";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Main file (default: CONFIG_DIR/dhcp/dnsmasq.conf or CONFIG_DIR/dhcp/dhcpd.conf).")
    Path output;

    @Option(names = "--hosts-dir", paramLabel = "DIR", description = "dnsmasq's per-node files (default: CONFIG_DIR/dhcp/hosts.d).")
    Path hostsDir;

    @Option(names = "--tftp-root", paramLabel = "DIR", description = "TFTP root dnsmasq serves (default: STATE_DIR/tftp).")
    Path tftpRoot;

    @Option(names = "--boot-transport", paramLabel = "http|tftp", description =
        "How the boot stage reaches nodes without their own BOOTTRANSPORT (default: ${DEFAULT-VALUE}): "
            + "tftp hands their iPXE ww/tftp-chain.ipxe instead of the HTTP chain URL. Give wwsh pxe "
            + "update the same.")
    String bootTransport = "http";

    @Override
    protected void run(Datastore store) throws IOException {
      DhcpSettings settings = settings();
      Path dhcpDir = global.layout().configDir().resolve("dhcp");
      List<ProvisionNode> nodes = new DatastoreCatalog(store, cacheDir()).nodes();
      DhcpUpdate update;
      Path main;
      boolean dnsmasq = switch (format) {
        case "dnsmasq" -> true;
        case "isc" -> false;
        default -> throw new UserException("--format must be dnsmasq or isc, not '" + format + "'");
      };
      if (dnsmasq) {
        main = output != null ? output : dhcpDir.resolve("dnsmasq.conf");
        Path tftp = tftpRoot != null ? tftpRoot : PxeCommand.defaultTftpRoot(global.layout());
        update = new DnsmasqConfig(settings, tftp, hostsDir != null ? hostsDir : dhcpDir.resolve("hosts.d")).update(nodes, main);
      } else {
        main = output != null ? output : dhcpDir.resolve("dhcpd.conf");
        update = new IscDhcpdConfig(settings).update(nodes, main);
      }
      PrintWriter out = out();
      out.println(main + ": " + update.written() + " file(s) written, " + update.unchanged() + " unchanged, "
          + update.removed() + " removed");
      update.skipped().forEach(s -> out.println("skipped: " + s));
      if (update.reloadNeeded()) {
        out.println(dnsmasq ? "dnsmasq must re-read its configuration (restart it, or start it with -C " + main + ")"
            : "dhcpd must be restarted to use the new configuration");
      }
    }

    private Path cacheDir() {
      return global.layout().cacheDir().resolve("provision").resolve("blobs");
    }

    private DhcpSettings settings() {
      HostPort hp = HostPort.parse(server, "--server");
      int slash = subnet.indexOf('/');
      if (slash < 0) {
        throw new UserException("--subnet " + subnet + ": give NET/BITS, e.g. 10.0.0.0/24");
      }
      Inet4Address network = ipv4(subnet.substring(0, slash), "--subnet");
      int bits;
      try {
        bits = Integer.parseInt(subnet.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 1 || bits > 32) {
        throw new UserException("--subnet " + subnet + ": the prefix length must be 1 to 32");
      }
      long mask = (0xffffffffL << (32 - bits)) & 0xffffffffL;
      Inet4Address netmask = ipv4(((mask >> 24) & 255) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255), "--subnet");
      DhcpSettings settings;
      try {
        settings = new DhcpSettings(hp.address(), hp.port(), network, netmask,
            Optional.ofNullable(router).map(r -> ipv4(r, "--router")), Optional.ofNullable(domain), LOADER_DIR,
            PxeCommand.bootTransport(bootTransport));
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      if (!settings.contains(hp.address())) {
        throw new UserException("--server " + server + " is not in --subnet " + subnet);
      }
      return settings;
    }
  }

  /** {@code ADDR} or {@code ADDR:PORT}, IPv4 only (the node network is IPv4). */
  record HostPort(Inet4Address address, int port) {
    static HostPort parse(String text, String option) {
      String host = text;
      int port = 80;
      int colon = text.indexOf(':');
      if (colon >= 0) {
        host = text.substring(0, colon);
        try {
          port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
        if (port < 1 || port > 65535) {
          throw new UserException(option + " " + text + ": the port must be 1 to 65535");
        }
      }
      return new HostPort(ipv4(host, option), port);
    }
  }

  static Inet4Address ipv4(String text, String option) {
    if (!text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      throw new UserException(option + " " + text + ": give an IPv4 address");
    }
    try {
      InetAddress a = InetAddress.getByName(text);
      if (a instanceof Inet4Address v4) {
        return v4;
      }
    } catch (UnknownHostException e) {
      // fall through
    }
    throw new UserException(option + " " + text + ": not an IPv4 address");
  }
}
