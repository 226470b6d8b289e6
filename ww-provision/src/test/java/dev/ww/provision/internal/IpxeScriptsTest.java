package dev.ww.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.provision.BootLocal;
import dev.ww.provision.HwAddr;
import dev.ww.provision.NetDev;
import dev.ww.provision.ProvisionNode;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpxeScriptsTest {

  static final HwAddr HW = HwAddr.parse("52:54:00:00:00:01");

  ProvisionNode.Builder node() throws Exception {
    return ProvisionNode.builder("n1")
        .netdev(NetDev.of("eth0", HW, InetAddress.getByName("10.0.0.1"), InetAddress.getByName("255.255.255.0")));
  }

  @Test
  void boot_carriesNodeIdentityAndUrls() throws Exception {
    String s = new IpxeScripts("10.0.0.254", 8080).boot(node().build(), HW, "quiet");
    assertThat(s).startsWith("#!ipxe\n")
        .contains("kernel http://10.0.0.254:8080/WW/bootstrap/kernel?hwaddr=52:54:00:00:00:01 initrd=initrd.img ro wwhostname=n1 wwmaster=10.0.0.254 wwport=8080 wwtransport=http wwhwaddr=52:54:00:00:00:01 wwnetdev=eth0 wwipaddr=10.0.0.1 wwnetmask=255.255.255.0 quiet\n");
  }

  @Test
  void boot_refusesKernelArgumentsThatCouldInjectIpxeCommands() throws Exception {
    IpxeScripts ipxe = new IpxeScripts("10.0.0.254", 80);
    assertThatThrownBy(() -> ipxe.boot(node().build(), HW, "quiet || shell"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ipxe.boot(node().build(), HW, "quiet\nshell").lines().filter(l -> l.startsWith("kernel ")))
        .singleElement().asString().endsWith(" quiet shell");
    assertThat(ipxe.boot(node().build(), HW, "quiet\nshell").lines()).noneMatch(l -> l.equals("shell"));
    assertThatThrownBy(() -> ipxe.boot(node().build(), HW, "x=${net0/ip}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ipxe.boot(node().console("tty0 || shell").build(), HW, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void boot_withTftpImages_loadsThemFromTheTftpRootAndStillNamesTheHttpServer() throws Exception {
    String s = new IpxeScripts("10.0.0.254", 8080).boot(node().build(), HW, "quiet",
        "tftp://10.0.0.254/ww/bootstrap/" + "a".repeat(64), "tftp://10.0.0.254/ww/bootstrap/" + "b".repeat(64));
    assertThat(s.lines())
        .contains("kernel tftp://10.0.0.254/ww/bootstrap/" + "a".repeat(64)
            + " initrd=initrd.img ro wwhostname=n1 wwmaster=10.0.0.254 wwport=8080 wwtransport=http"
            + " wwhwaddr=52:54:00:00:00:01 wwnetdev=eth0 wwipaddr=10.0.0.1 wwnetmask=255.255.255.0 quiet")
        .contains("initrd --name initrd.img tftp://10.0.0.254/ww/bootstrap/" + "b".repeat(64))
        .endsWith("boot");
    assertThatThrownBy(() -> new IpxeScripts("h", 80).boot(node().build(), HW, "", "tftp://h/x y", "tftp://h/i"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tftpChain_chainsToTheNodesScriptByHardwareAddressAndRetries() {
    String s = IpxeScripts.tftpChain("tftp://10.0.0.1/ww/node");
    assertThat(s).startsWith("#!ipxe\n")
        .contains("chain tftp://10.0.0.1/ww/node/${net0/mac:hexhyp}.ipxe || goto failed\n")
        .endsWith("chain tftp://10.0.0.1/ww/node/${net0/mac:hexhyp}.ipxe\n");
  }

  @Test
  void bootLocal_exitOrSanboot() throws Exception {
    IpxeScripts ipxe = new IpxeScripts("h", 80);
    assertThat(ipxe.bootLocal(node().bootLocal(BootLocal.EXIT).build())).contains("exit 1");
    assertThat(ipxe.bootLocal(node().bootLocal(BootLocal.NORMAL).build())).contains("sanboot --no-describe --drive 0x80");
  }
}
