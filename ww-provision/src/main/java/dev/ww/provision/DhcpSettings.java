package dev.ww.provision;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the DHCP configuration needs besides the nodes: the provisioning server's address and
 * HTTP port (iPXE fetches its script there; TFTP next-server), the subnet served, and where the
 * iPXE loaders are in the TFTP root.
 *
 * @param server the provisioning server's address on the node network
 * @param httpPort the port {@code wwprovisiond} listens on
 * @param network the node subnet's network address (IPv4)
 * @param netmask its netmask
 * @param router default gateway handed to nodes, if any
 * @param domain DNS domain handed to nodes, if any
 * @param loaderDir directory inside the TFTP root holding the iPXE loaders (relative, e.g.
 *     {@code ww})
 * @param bootTransport how the boot stage reaches nodes that do not say otherwise themselves
 *     ({@link ProvisionNode#bootTransport()}): the site's default
 */
public record DhcpSettings(
    Inet4Address server,
    int httpPort,
    Inet4Address network,
    Inet4Address netmask,
    Optional<Inet4Address> router,
    Optional<String> domain,
    String loaderDir,
    BootTransport bootTransport) {

  /** The TFTP chain script's name in the loader directory (see {@link #tftpChainFile()}). */
  public static final String TFTP_CHAIN = "tftp-chain.ipxe";

  /** Settings for a site whose nodes boot over HTTP unless they say otherwise. */
  public DhcpSettings(
      Inet4Address server,
      int httpPort,
      Inet4Address network,
      Inet4Address netmask,
      Optional<Inet4Address> router,
      Optional<String> domain,
      String loaderDir) {
    this(server, httpPort, network, netmask, router, domain, loaderDir, BootTransport.HTTP);
  }

  public DhcpSettings {
    Objects.requireNonNull(bootTransport, "bootTransport");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(netmask, "netmask");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(loaderDir, "loaderDir");
    if (httpPort < 1 || httpPort > 65535) {
      throw new IllegalArgumentException("bad port " + httpPort);
    }
    if (!loaderDir.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*") || loaderDir.contains("..")) {
      throw new IllegalArgumentException("loader directory must be a plain relative path: " + loaderDir);
    }
    domain.ifPresent(
        d -> {
          if (!d.matches("[A-Za-z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("bad domain: " + d);
          }
        });
  }

  /** True when {@code a} lies in the served subnet. */
  public boolean contains(InetAddress a) {
    if (!(a instanceof Inet4Address)) {
      return false;
    }
    int mask = toInt(netmask);
    return (toInt((Inet4Address) a) & mask) == (toInt(network) & mask);
  }

  /** The URL iPXE is sent to: the generic chain script. */
  public String chainUrl() {
    return "http://" + server.getHostAddress() + ":" + httpPort + "/WW/ipxe/chain";
  }

  /**
   * What DHCP hands iPXE on a node that boots over TFTP: a TFTP file (relative to the TFTP
   * root) that chains to the node's own script in the TFTP root.
   */
  public String tftpChainFile() {
    return loaderDir + "/" + TFTP_CHAIN;
  }

  /** The boot transport of {@code node}: its own, else the site's default. */
  public BootTransport bootTransportOf(ProvisionNode node) {
    return node.bootTransport().orElse(bootTransport);
  }

  static int toInt(Inet4Address a) {
    byte[] b = a.getAddress();
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }
}
