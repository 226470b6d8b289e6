package dev.ww.cli.wwsh;

import dev.ww.cli.VersionProvider;
import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.datastore.Datastore;
import dev.ww.provision.BootTransport;
import dev.ww.provision.DatastoreCatalog;
import dev.ww.provision.DhcpSettings;
import dev.ww.provision.TftpBoot;
import dev.ww.provision.TftpBootUpdate;
import dev.ww.provision.TftpRoot;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wwsh pxe update}: the TFTP root PXE firmware loads iPXE (and, where asked, the bootstrap) from. */
@Command(name = "pxe", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "PXE/TFTP files for network boot.", subcommands = PxeCommand.Update.class)
final class PxeCommand {

  /** What wwprovisiond gives nodes without KARGS (its --kargs default). */
  static final String DEFAULT_KARGS = "net.ifnames=0 biosdevname=0 quiet";

  static Path defaultTftpRoot(Layout layout) {
    return layout.stateDir().resolve("tftp");
  }

  /** {@code http} or {@code tftp}, for the site-wide --boot-transport options. */
  static BootTransport bootTransport(String value) {
    return BootTransport.parse(value)
        .orElseThrow(() -> new UserException("--boot-transport must be http or tftp, not '" + value + "'"));
  }

  @Command(name = "update", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = {
      "Copies the iPXE loaders (undionly.kpxe for BIOS, ipxe.efi for UEFI) into",
      "TFTP_ROOT/ww/ and writes two chain scripts: ww/chain.ipxe (to the provisioning",
      "server over HTTP) and ww/tftp-chain.ipxe (to the nodes' own scripts, by TFTP).",
      "For every node whose boot stage goes over TFTP (BOOTTRANSPORT=tftp, or",
      "--boot-transport tftp for nodes without one) it writes ww/node/<hwaddr>.ipxe and",
      "places the kernel and initramfs that script loads in ww/bootstrap/<sha256>;",
      "scripts and images no longer used are removed. Only changed files are written:",
      "run it again after changing nodes or bootstraps."})
  static final class Update extends StoreCommand {

    @Option(names = "--server", required = true, paramLabel = "ADDR[:PORT]",
        description = "The provisioning server's address on the node network, and its HTTP port (default 80).")
    String server;

    @Option(names = "--tftp-root", paramLabel = "DIR", description = "TFTP root (default: STATE_DIR/tftp).")
    Path tftpRoot;

    @Option(names = "--ipxe-dir", paramLabel = "DIR", description = "Where the iPXE loaders are installed (default: /usr/lib/ipxe).")
    Path ipxeDir = TftpRoot.DEBIAN_IPXE;

    @Option(names = "--boot-transport", paramLabel = "http|tftp", description =
        "How the boot stage (iPXE script, kernel, initramfs) reaches nodes without their own "
            + "BOOTTRANSPORT (default: ${DEFAULT-VALUE}). Give wwsh dhcp update the same.")
    String bootTransport = "http";

    @Option(names = "--kargs", paramLabel = "ARGS", description =
        "Kernel arguments in the TFTP scripts of nodes without their own KARGS "
            + "(default: '${DEFAULT-VALUE}', as wwprovisiond's --kargs).")
    String kargs = DEFAULT_KARGS;

    @Override
    protected void run(Datastore store) throws IOException {
      DhcpCommand.HostPort hp = DhcpCommand.HostPort.parse(server, "--server");
      Inet4Address host = hp.address();
      DhcpSettings settings;
      try {
        settings = new DhcpSettings(host, hp.port(), host, DhcpCommand.ipv4("255.255.255.255", "--server"),
            Optional.empty(), Optional.empty(), DhcpCommand.LOADER_DIR, bootTransport(bootTransport));
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      Path root = tftpRoot != null ? tftpRoot : defaultTftpRoot(global.layout());
      int written = TftpRoot.populate(root, settings, ipxeDir);
      PrintWriter out = out();
      out.println(root + ": " + written + " file(s) written");
      Path cache = global.layout().cacheDir().resolve("provision").resolve("blobs");
      TftpBootUpdate u = new TftpBoot(root, settings, kargs).update(new DatastoreCatalog(store, cache));
      if (u.nodes() > 0 || u.scriptsRemoved() > 0 || u.imagesRemoved() > 0) {
        out.println("boot over TFTP: " + u.nodes() + " node(s); scripts " + u.scriptsWritten() + " written, "
            + u.scriptsUnchanged() + " unchanged, " + u.scriptsRemoved() + " removed; kernel/initramfs images "
            + u.imagesWritten() + " written, " + u.imagesUnchanged() + " unchanged, " + u.imagesRemoved() + " removed");
      }
      u.skipped().forEach(s -> out.println("skipped: " + s));
    }
  }
}
