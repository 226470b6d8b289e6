package dev.ww.cli.wwsh;

import dev.ww.cli.GlobalOptions;
import dev.ww.core.Layout;
import dev.ww.cli.VersionProvider;
import dev.ww.core.UserException;
import dev.ww.provision.DhcpSettings;
import dev.ww.provision.TftpRoot;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wwsh pxe update}: the TFTP root PXE firmware loads iPXE from. */
@Command(name = "pxe", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "PXE/TFTP files for network boot.", subcommands = PxeCommand.Update.class)
final class PxeCommand {

  static Path defaultTftpRoot(Layout layout) {
    return layout.stateDir().resolve("tftp");
  }

  @Command(name = "update", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = {
      "Copies the iPXE loaders (undionly.kpxe for BIOS, ipxe.efi for UEFI) into TFTP_ROOT/ww/ and writes",
      "TFTP_ROOT/ww/chain.ipxe, which chains to the provisioning server. Only changed files are written."})
  static final class Update implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Spec CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "ADDR[:PORT]",
        description = "The provisioning server's address on the node network, and its HTTP port (default 80).")
    String server;

    @Option(names = "--tftp-root", paramLabel = "DIR", description = "TFTP root (default: STATE_DIR/tftp).")
    Path tftpRoot;

    @Option(names = "--ipxe-dir", paramLabel = "DIR", description = "Where the iPXE loaders are installed (default: /usr/lib/ipxe).")
    Path ipxeDir = TftpRoot.DEBIAN_IPXE;

    @Override
    public Integer call() throws Exception {
      DhcpCommand.HostPort hp = DhcpCommand.HostPort.parse(server, "--server");
      Inet4Address host = hp.address();
      DhcpSettings settings;
      try {
        settings = new DhcpSettings(host, hp.port(), host, DhcpCommand.ipv4("255.255.255.255", "--server"),
            Optional.empty(), Optional.empty(), DhcpCommand.LOADER_DIR);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      Path root = tftpRoot != null ? tftpRoot : defaultTftpRoot(global.layout());
      int written = TftpRoot.populate(root, settings, ipxeDir);
      spec.commandLine().getOut().println(root + ": " + written + " file(s) written");
      return 0;
    }
  }
}
