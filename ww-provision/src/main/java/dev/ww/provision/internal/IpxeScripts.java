package dev.ww.provision.internal;

import dev.ww.provision.BootLocal;
import dev.ww.provision.HwAddr;
import dev.ww.provision.NetDev;
import dev.ww.provision.ProvisionNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * iPXE scripts: the generic chain script for the TFTP stage, and the per-node boot script
 * (kernel + initramfs over HTTP, kernel arguments carrying what the node-side init needs).
 */
public final class IpxeScripts {

  /** Characters a kernel argument value may hold here (no spaces, quotes or iPXE syntax). */
  private static final Pattern SAFE_ARG = Pattern.compile("[A-Za-z0-9_.,:=/+@-]*");

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

  /** The network boot script. {@code kargs} are the node's or the server's default. */
  public String boot(ProvisionNode node, HwAddr hwaddr, String kargs) {
    String q = "?hwaddr=" + hwaddr.value();
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
        + "kernel " + baseUrl() + "/bootstrap/kernel" + q + " " + String.join(" ", args) + "\n"
        + "initrd --name initrd.img " + baseUrl() + "/bootstrap/initramfs" + q + "\n"
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
