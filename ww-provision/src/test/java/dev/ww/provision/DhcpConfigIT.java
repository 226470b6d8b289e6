package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.process.Command;
import dev.ww.core.process.ProcessResult;
import dev.ww.core.process.SystemProcessRunner;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated dnsmasq and ISC dhcpd configurations pass the real daemons' own checks. */
class DhcpConfigIT {

  @TempDir Path dir;

  static DhcpSettings settings() throws Exception {
    return new DhcpSettings(
        (Inet4Address) InetAddress.getByName("10.0.0.1"),
        8080,
        (Inet4Address) InetAddress.getByName("10.0.0.0"),
        (Inet4Address) InetAddress.getByName("255.255.255.0"),
        Optional.of((Inet4Address) InetAddress.getByName("10.0.0.254")),
        Optional.of("cluster.test"),
        "ww");
  }

  static List<ProvisionNode> nodes(int n) throws Exception {
    List<ProvisionNode> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(node(i, "10.0.0." + (10 + i)));
    }
    out.add(ProvisionNode.builder("off").enabled(false)
        .netdev(NetDev.of("eth0", HwAddr.parse("52:54:00:00:ff:01"), InetAddress.getByName("10.0.0.200"), null)).build());
    out.add(ProvisionNode.builder("elsewhere")
        .netdev(NetDev.of("eth0", HwAddr.parse("52:54:00:00:ff:02"), InetAddress.getByName("192.168.1.5"), null)).build());
    return out;
  }

  static ProvisionNode node(int i, String ip) throws Exception {
    return ProvisionNode.builder(String.format("n%04d", i))
        .netdev(NetDev.of("eth0", HwAddr.parse(String.format("52:54:00:00:%02x:%02x", i / 256, i % 256)),
            InetAddress.getByName(ip), InetAddress.getByName("255.255.255.0")))
        .modified(Instant.EPOCH)
        .build();
  }

  static ProcessResult run(String... argv) throws Exception {
    return new SystemProcessRunner().run(Command.builder(argv).allowFailure().build());
  }

  @Test
  void dnsmasq_configPassesTestAndUpdatesIncrementally() throws Exception {
    Prerequisites.require(Path.of("/usr/sbin/dnsmasq"), "dnsmasq-base");
    Path tftp = Files.createDirectories(dir.resolve("tftp"));
    Path hosts = dir.resolve("hosts.d");
    Path main = dir.resolve("ww-dnsmasq.conf");
    DnsmasqConfig config = new DnsmasqConfig(settings(), tftp, hosts);
    List<ProvisionNode> nodes = nodes(50);

    DhcpUpdate first = config.update(nodes, main);
    assertThat(first.written()).isEqualTo(51);
    assertThat(first.skipped()).hasSize(2);
    assertThat(Files.readString(hosts.resolve("n0007"))).isEqualTo("52:54:00:00:00:07,10.0.0.17,n0007\n");
    ProcessResult test = run("/usr/sbin/dnsmasq", "--test", "-C", main.toString());
    assertThat(test.exitStatus()).as(test.toString()).isZero();

    assertThat(config.update(nodes, main))
        .satisfies(u -> {
          assertThat(u.written()).isZero();
          assertThat(u.unchanged()).isEqualTo(50);
          assertThat(u.reloadNeeded()).isFalse();
        });

    nodes.set(6, node(7, "10.0.0.99"));
    nodes.remove(9);
    DhcpUpdate third = config.update(nodes, main);
    assertThat(third.written()).isEqualTo(1);
    assertThat(third.removed()).isEqualTo(1);
    assertThat(Files.exists(hosts.resolve("n0010"))).isFalse();
    assertThat(Files.readString(hosts.resolve("n0007"))).contains("10.0.0.99");
    assertThat(run("/usr/sbin/dnsmasq", "--test", "-C", main.toString()).exitStatus()).isZero();
  }

  static DhcpSettings settings(BootTransport siteDefault) throws Exception {
    DhcpSettings s = settings();
    return new DhcpSettings(s.server(), s.httpPort(), s.network(), s.netmask(), s.router(), s.domain(),
        s.loaderDir(), siteDefault);
  }

  @Test
  void dnsmasq_tftpBootNodes_areTaggedSoTheirIpxeGetsTheTftpChain() throws Exception {
    Prerequisites.require(Path.of("/usr/sbin/dnsmasq"), "dnsmasq-base");
    Path hosts = dir.resolve("hosts.d");
    Path main = dir.resolve("ww-dnsmasq.conf");
    List<ProvisionNode> nodes = nodes(3);
    nodes.set(1, ProvisionNode.builder("n0002").bootTransport(BootTransport.TFTP)
        .netdev(NetDev.of("eth0", HwAddr.parse("52:54:00:00:00:02"), InetAddress.getByName("10.0.0.12"), null)).build());
    nodes.set(2, ProvisionNode.builder("n0003").bootTransport(BootTransport.HTTP)
        .netdev(NetDev.of("eth0", HwAddr.parse("52:54:00:00:00:03"), InetAddress.getByName("10.0.0.13"), null)).build());

    new DnsmasqConfig(settings(), dir.resolve("tftp"), hosts).update(nodes, main);
    assertThat(Files.readString(main))
        .contains("dhcp-boot=tag:ipxe,tag:!wwtftp,http://10.0.0.1:8080/WW/ipxe/chain\n")
        .contains("dhcp-boot=tag:ipxe,tag:wwtftp,ww/tftp-chain.ipxe,,10.0.0.1\n");
    assertThat(Files.readString(hosts.resolve("n0001"))).isEqualTo("52:54:00:00:00:01,10.0.0.11,n0001\n");
    assertThat(Files.readString(hosts.resolve("n0002"))).isEqualTo("52:54:00:00:00:02,set:wwtftp,10.0.0.12,n0002\n");
    ProcessResult test = run("/usr/sbin/dnsmasq", "--test", "-C", main.toString());
    assertThat(test.exitStatus()).as(test.toString()).isZero();

    // The site's default: every node without its own setting follows, n0003 keeps HTTP; only
    // the host files change (dnsmasq re-reads them), not the main file.
    DhcpUpdate u = new DnsmasqConfig(settings(BootTransport.TFTP), dir.resolve("tftp"), hosts).update(nodes, main);
    assertThat(u.written()).isEqualTo(1);
    assertThat(u.reloadNeeded()).isFalse();
    assertThat(Files.readString(hosts.resolve("n0001"))).isEqualTo("52:54:00:00:00:01,set:wwtftp,10.0.0.11,n0001\n");
    assertThat(Files.readString(hosts.resolve("n0003"))).isEqualTo("52:54:00:00:00:03,10.0.0.13,n0003\n");
  }

  @Test
  void dhcpd_tftpBootNodes_getTheTftpChainInTheirHostBlock() throws Exception {
    Prerequisites.require(Path.of("/usr/sbin/dhcpd"), "isc-dhcp-server");
    Path file = dir.resolve("dhcpd.conf");
    List<ProvisionNode> nodes = nodes(3);
    nodes.set(1, ProvisionNode.builder("n0002").bootTransport(BootTransport.TFTP)
        .netdev(NetDev.of("eth0", HwAddr.parse("52:54:00:00:00:02"), InetAddress.getByName("10.0.0.12"), null)).build());
    new IscDhcpdConfig(settings()).update(nodes, file);
    String text = Files.readString(file);
    assertThat(text).contains("host n0002-eth0 {\n  hardware ethernet 52:54:00:00:00:02;\n  fixed-address 10.0.0.12;\n"
        + "  option host-name \"n0002\";\n  if exists ipxe-marker {\n    filename \"ww/tftp-chain.ipxe\";\n  }\n}\n");
    assertThat(text.split("tftp-chain", -1)).as("only n0002's block").hasSize(2);
    ProcessResult test = run("/usr/sbin/dhcpd", "-t", "-cf", file.toString());
    assertThat(test.exitStatus()).as(test.toString()).isZero();
  }

  @Test
  void dhcpd_configPassesTestAndIsRewrittenOnlyWhenChanged() throws Exception {
    Prerequisites.require(Path.of("/usr/sbin/dhcpd"), "isc-dhcp-server");
    Path file = dir.resolve("dhcpd.conf");
    IscDhcpdConfig config = new IscDhcpdConfig(settings());
    List<ProvisionNode> nodes = nodes(20);
    assertThat(config.update(nodes, file).reloadNeeded()).isTrue();
    String text = Files.readString(file);
    assertThat(text).contains("host n0003-eth0 {\n  hardware ethernet 52:54:00:00:00:03;\n  fixed-address 10.0.0.13;");
    assertThat(text).contains("# left out: off: disabled");
    ProcessResult test = run("/usr/sbin/dhcpd", "-t", "-cf", file.toString());
    assertThat(test.exitStatus()).as(test.toString()).isZero();
    assertThat(config.update(nodes, file).reloadNeeded()).isFalse();
    nodes.set(2, node(3, "10.0.0.98"));
    assertThat(config.update(nodes, file).reloadNeeded()).isTrue();
  }

  @Test
  void tftpRoot_getsTheDistributionsIpxeLoaders() throws Exception {
    Prerequisites.require(TftpRoot.DEBIAN_IPXE.resolve("undionly.kpxe"), "ipxe");
    Path tftp = dir.resolve("tftp");
    assertThat(TftpRoot.populate(tftp, settings(), TftpRoot.DEBIAN_IPXE)).isEqualTo(4);
    assertThat(tftp.resolve("ww/undionly.kpxe")).hasSameBinaryContentAs(TftpRoot.DEBIAN_IPXE.resolve("undionly.kpxe"));
    assertThat(tftp.resolve("ww/ipxe.efi")).hasSameBinaryContentAs(TftpRoot.DEBIAN_IPXE.resolve("ipxe.efi"));
    assertThat(Files.readString(tftp.resolve("ww/chain.ipxe"))).contains("chain http://10.0.0.1:8080/WW/ipxe/${net0/mac:hexhyp}");
    assertThat(Files.readString(tftp.resolve("ww/tftp-chain.ipxe"))).contains("chain tftp://10.0.0.1/ww/node/${net0/mac:hexhyp}.ipxe");
    assertThat(TftpRoot.populate(tftp, settings(), TftpRoot.DEBIAN_IPXE)).isZero();
  }
}
