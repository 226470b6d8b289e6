package dev.ww.provision.internal;

import dev.ww.provision.BootLocal;
import dev.ww.provision.HwAddr;
import dev.ww.provision.NetDev;
import dev.ww.provision.ProvisionNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * iPXE scripts: the generic chain scripts for the TFTP stage, and the per-node boot script
 * (kernel + initramfs over HTTP or from the TFTP root, kernel arguments carrying what the
 * node-side init needs).
 */
public final class IpxeScripts {

  /** Characters a kernel argument value may hold here (no spaces, quotes or iPXE syntax). */
  private static final Pattern SAFE_ARG = Pattern.compile("[A-Za-z0-9_.,:=/+@-]*");

  /** Characters an image URL may hold here. */
  private static final Pattern SAFE_URL = Pattern.compile("[A-Za-z0-9_.,:=/+@?\\[\\]-]+");

  private final String host;
  private final int port;

  public IpxeScripts(String host, int port) {
    this.host = host;
    this.port = port;
  }

  public String baseUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port + "/WW";
  }

  /** What the TFTP stage loads: hands over to the per-MAC script over HTTP. */
  public String chain() {
    return "#!ipxe\n"
        + "chain " + baseUrl() + "/ipxe/${net0/mac:hexhyp} || goto failed\n"
        + ":failed\n"
        + "echo ww: no boot script for ${net0/mac}; retrying in 10 s\n"
        + "sleep 10\n"
        + "chain " + baseUrl() + "/ipxe/${net0/mac:hexhyp}\n";
  }

  /** The boot script of a node that boots its local disk. */
  public String bootLocal(ProvisionNode node) {
    String head = "#!ipxe\n# " + node.name() + ": boot from the local disk\n";
    return node.bootLocal() == BootLocal.EXIT
        ? head + "exit 1\n"
        : head + "sanboot --no-describe --drive 0x80\n";
  }

  /**
   * The TFTP stage for nodes whose boot stage goes over TFTP: hands over to the node's own
   * script in the TFTP root ({@code nodeDirUrl}, e.g. {@code tftp://10.0.0.1/ww/node}).
   */
  public static String tftpChain(String nodeDirUrl) {
    String script = nodeDirUrl + "/${net0/mac:hexhyp}.ipxe";
    return "#!ipxe\n"
        + "chain " + script + " || goto failed\n"
        + ":failed\n"
        + "echo ww: no boot script for ${net0/mac} in the TFTP root; retrying in 10 s\n"
        + "sleep 10\n"
        + "chain " + script + "\n";
  }

  /**
   * The network boot script, kernel and initramfs over HTTP from this server. {@code kargs} are
   * the node's or the server's default.
   */
  public String boot(ProvisionNode node, HwAddr hwaddr, String kargs) {
    String q = "?hwaddr=" + hwaddr.value();
    return boot(node, hwaddr, kargs, baseUrl() + "/bootstrap/kernel" + q, baseUrl() + "/bootstrap/initramfs" + q);
  }

  /**
   * The network boot script with kernel and initramfs from the given URLs (TFTP delivery);
   * the kernel arguments still point the node at this HTTP server for everything after.
   */
  public String boot(ProvisionNode node, HwAddr hwaddr, String kargs, String kernelUrl, String initrdUrl) {
    for (String url : List.of(kernelUrl, initrdUrl)) {
      if (!SAFE_URL.matcher(url).matches()) {
        throw new IllegalArgumentException("unsafe image URL: " + url);
      }
    }
    List<String> args = new ArrayList<>();
    args.add("initrd=initrd.img");
    args.add("ro");
    args.add(arg("wwhostname", node.fqdn()));
    args.add(arg("wwmaster", host));
    args.add(arg("wwport", Integer.toString(port)));
    args.add("wwtransport=http");
    args.add(arg("wwhwaddr", hwaddr.value()));
    NetDev dev = node.netdevWith(hwaddr).orElseThrow();
    args.add(arg("wwnetdev", dev.name()));
    dev.ipaddr().ifPresent(a -> args.add(arg("wwipaddr", a.getHostAddress())));
    dev.netmask().ifPresent(a -> args.add(arg("wwnetmask", a.getHostAddress())));
    dev.gateway().ifPresent(a -> args.add(arg("wwgateway", a.getHostAddress())));
    dev.mtu().ifPresent(m -> args.add(arg("wwmtu", Integer.toString(m))));
    node.console()
        .ifPresent(
            c -> {
              args.add("console=tty0");
              args.add(arg("console", c));
            });
    for (String k : kargs.trim().split("\\s+")) {
      if (!k.isEmpty()) {
        args.add(checked(k));
      }
    }
    return "#!ipxe\n"
        + "# " + node.name() + " (" + hwaddr + ")\n"
        + "kernel " + kernelUrl + " " + String.join(" ", args) + "\n"
        + "initrd --name initrd.img " + initrdUrl + "\n"
        + "boot\n";
  }

  private static String arg(String key, String value) {
    return checked(key + "=" + value);
  }

  private static String checked(String arg) {
    if (!SAFE_ARG.matcher(arg).matches() || arg.contains("${")) {
      throw new IllegalArgumentException("unsafe kernel argument: " + arg);
    }
    return arg;
  }
}
