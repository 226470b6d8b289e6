package dev.ww.cli.wwsh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.cli.Prerequisites;
import dev.ww.cli.wwsh.WwshRunner.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wwsh dhcp update / pxe update on a real embedded store; configs checked by dnsmasq and dhcpd. */
class DhcpPxeCommandIT {

  @TempDir Path root;
  private Map<String, String> environment;

  @BeforeEach
  void nodes() {
    environment = WwshRunner.environmentUnder(root);
    ok("node", "new", "n0001", "--hwaddr", "52:54:00:00:00:01", "--ipaddr", "10.99.0.11", "--netmask", "255.255.255.0");
    ok("node", "new", "n0002", "--hwaddr", "52:54:00:00:00:02", "--ipaddr", "10.99.0.12", "--netmask", "255.255.255.0");
    ok("node", "new", "far", "--hwaddr", "52:54:00:00:00:03", "--ipaddr", "10.98.0.13");
  }

  @Test
  void dhcpUpdate_dnsmasq_writesOneHostFilePerNodeInTheSubnetThatDnsmasqAccepts() throws Exception {
    Result r = ok("dhcp", "update", "--server", "10.99.0.1:8080", "--subnet", "10.99.0.0/24");
    Path main = root.resolve("etc/dhcp/dnsmasq.conf");
    assertThat(r.out()).contains(main + ": 3 file(s) written").contains("skipped: far/eth0");
    assertThat(main).content().contains("dhcp-boot=tag:ipxe,tag:!wwtftp,http://10.99.0.1:8080/WW/ipxe/chain")
        .contains("tftp-root=" + root.resolve("state/tftp"));
    assertThat(root.resolve("etc/dhcp/hosts.d/n0001")).hasContent("52:54:00:00:00:01,10.99.0.11,n0001");
    assertThat(root.resolve("etc/dhcp/hosts.d/far")).doesNotExist();
    requireProgram("/usr/sbin/dnsmasq", "dnsmasq-base");
    assertThat(exec("/usr/sbin/dnsmasq", "--test", "-C", main.toString())).isZero();

    assertThat(ok("dhcp", "update", "--server", "10.99.0.1:8080", "--subnet", "10.99.0.0/24").out())
        .contains("0 file(s) written, 2 unchanged, 0 removed");
    ok("node", "delete", "-y", "n0002");
    assertThat(ok("dhcp", "update", "--server", "10.99.0.1:8080", "--subnet", "10.99.0.0/24").out())
        .contains("1 removed").contains("dnsmasq must re-read");
    assertThat(root.resolve("etc/dhcp/hosts.d/n0002")).doesNotExist();
  }

  @Test
  void dhcpUpdate_isc_writesAFileThatDhcpdAccepts() throws Exception {
    Path file = root.resolve("dhcpd.conf");
    Result r = ok("dhcp", "update", "--format", "isc", "--server", "10.99.0.1", "--subnet", "10.99.0.0/24",
        "--router", "10.99.0.254", "--domain", "cluster", "-o", file.toString());
    assertThat(r.out()).contains("dhcpd must be restarted");
    assertThat(file).content().contains("fixed-address 10.99.0.11").doesNotContain("10.98.0.13");
    requireProgram("/usr/sbin/dhcpd", "isc-dhcp-server");
    assertThat(exec("/usr/sbin/dhcpd", "-t", "-cf", file.toString())).isZero();
  }

  @Test
  void dhcpUpdate_badSettings_areUserErrorsAndWriteNothing() {
    fails("the prefix length must be 1 to 32", "dhcp", "update", "--server", "10.99.0.1", "--subnet", "10.99.0.0/33");
    fails("give NET/BITS", "dhcp", "update", "--server", "10.99.0.1", "--subnet", "10.99.0.0");
    fails("is not in --subnet", "dhcp", "update", "--server", "10.1.0.1", "--subnet", "10.99.0.0/24");
    fails("give an IPv4 address", "dhcp", "update", "--server", "master", "--subnet", "10.99.0.0/24");
    fails("the port must be 1 to 65535", "dhcp", "update", "--server", "10.99.0.1:0", "--subnet", "10.99.0.0/24");
    fails("--format must be dnsmasq or isc", "dhcp", "update", "--format", "kea", "--server", "10.99.0.1", "--subnet", "10.99.0.0/24");
    assertThat(root.resolve("etc/dhcp")).doesNotExist();
  }

  @Test
  void pxeUpdate_copiesTheLoadersAndWritesTheChainScriptOnce() throws Exception {
    Path ipxe = Files.createDirectories(root.resolve("ipxe"));
    Files.writeString(ipxe.resolve("undionly.kpxe"), "bios loader");
    Files.writeString(ipxe.resolve("ipxe.efi"), "efi loader");
    Path tftp = root.resolve("tftp");
    assertThat(ok("pxe", "update", "--server", "10.99.0.1:8080", "--tftp-root", tftp.toString(), "--ipxe-dir", ipxe.toString()).out())
        .contains("4 file(s) written");
    assertThat(tftp.resolve("ww/undionly.kpxe")).hasContent("bios loader");
    assertThat(tftp.resolve("ww/chain.ipxe")).content().contains("http://10.99.0.1:8080/WW/ipxe/");
    assertThat(ok("pxe", "update", "--server", "10.99.0.1:8080", "--tftp-root", tftp.toString(), "--ipxe-dir", ipxe.toString()).out())
        .contains("0 file(s) written");
    fails("install the distribution's ipxe package", "pxe", "update", "--server", "10.99.0.1", "--ipxe-dir", root.resolve("none").toString());
  }

  @Test
  void bootOverTftp_perNodeAndSiteWide_placesScriptsAndImagesAndTagsTheDhcpHosts() throws Exception {
    Path ipxe = Files.createDirectories(root.resolve("ipxe"));
    Files.writeString(ipxe.resolve("undionly.kpxe"), "bios loader");
    Files.writeString(ipxe.resolve("ipxe.efi"), "efi loader");
    Path kernel = Files.write(root.resolve("vmlinuz"), "kernel bytes".getBytes(StandardCharsets.UTF_8));
    Path initramfs = Files.write(root.resolve("initfs.gz"), "initramfs bytes".getBytes(StandardCharsets.UTF_8));
    ok("bootstrap", "import", initramfs.toString(), "--kernel", kernel.toString(), "-n", "6.1.0");
    ok("provision", "set", "-y", "n0001", "n0002", "--bootstrap", "6.1.0");
    ok("provision", "set", "-y", "n0001", "--boot-transport", "TFTP");
    assertThat(ok("provision", "print", "n0001").out()).contains("BOOTTRANSPORT    = tftp");
    Path tftp = root.resolve("tftp");
    String[] pxe = {"pxe", "update", "--server", "10.99.0.1:8080", "--tftp-root", tftp.toString(), "--ipxe-dir", ipxe.toString()};

    assertThat(ok(pxe).out()).contains("boot over TFTP: 1 node(s); scripts 1 written, 0 unchanged, 0 removed; "
        + "kernel/initramfs images 2 written, 0 unchanged, 0 removed");
    Path script = tftp.resolve("ww/node/52-54-00-00-00-01.ipxe");
    String sha = sha256(initramfs);
    assertThat(script).content().contains("initrd --name initrd.img tftp://10.99.0.1/ww/bootstrap/" + sha)
        .contains("wwmaster=10.99.0.1 wwport=8080").contains("net.ifnames=0 biosdevname=0 quiet");
    assertThat(tftp.resolve("ww/bootstrap/" + sha)).hasSameBinaryContentAs(initramfs);
    assertThat(tftp.resolve("ww/bootstrap/" + sha256(kernel))).hasSameBinaryContentAs(kernel);
    assertThat(tftp.resolve("ww/node/52-54-00-00-00-02.ipxe")).doesNotExist();
    assertThat(ok(pxe).out()).contains("scripts 0 written, 1 unchanged").contains("images 0 written, 2 unchanged");

    // Site-wide: every node without its own BOOTTRANSPORT ("far" has no bootstrap: said so).
    List<String> siteWide = new ArrayList<>(List.of(pxe));
    siteWide.addAll(List.of("--boot-transport", "tftp", "--kargs", "quiet panic=1"));
    Result r = ok(siteWide.toArray(String[]::new));
    assertThat(r.out()).contains("boot over TFTP: 2 node(s); scripts 2 written").contains("skipped: far: no bootstrap");
    assertThat(tftp.resolve("ww/node/52-54-00-00-00-02.ipxe")).content().endsWith(" quiet panic=1\ninitrd --name initrd.img tftp://10.99.0.1/ww/bootstrap/" + sha + "\nboot\n");
    ok("dhcp", "update", "--server", "10.99.0.1:8080", "--subnet", "10.99.0.0/24");
    assertThat(root.resolve("etc/dhcp/hosts.d/n0001")).hasContent("52:54:00:00:00:01,set:wwtftp,10.99.0.11,n0001");
    assertThat(root.resolve("etc/dhcp/hosts.d/n0002")).hasContent("52:54:00:00:00:02,10.99.0.12,n0002");
    ok("dhcp", "update", "--server", "10.99.0.1:8080", "--subnet", "10.99.0.0/24", "--boot-transport", "tftp");
    assertThat(root.resolve("etc/dhcp/hosts.d/n0002")).hasContent("52:54:00:00:00:02,set:wwtftp,10.99.0.12,n0002");

    // Back to HTTP: scripts and images are removed.
    ok("provision", "set", "-y", "n0001", "--boot-transport", "UNDEF");
    assertThat(ok(pxe).out()).contains("boot over TFTP: 0 node(s); scripts 0 written, 0 unchanged, 2 removed; "
        + "kernel/initramfs images 0 written, 0 unchanged, 2 removed");
    assertThat(tftp.resolve("ww/node")).isEmptyDirectory();
    fails("--boot-transport must be http or tftp, not 'ftp'", "provision", "set", "-y", "n0001", "--boot-transport", "ftp");
    fails("--boot-transport must be http or tftp", "dhcp", "update", "--server", "10.99.0.1", "--subnet", "10.99.0.0/24", "--boot-transport", "nfs");
  }

  private static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void pxeUpdate_default_usesTheDistributionsLoadersUnderTheStateDirectory() {
    requireProgram("/usr/lib/ipxe/undionly.kpxe", "ipxe");
    ok("pxe", "update", "--server", "10.99.0.1");
    assertThat(root.resolve("state/tftp/ww/undionly.kpxe")).exists();
    assertThat(root.resolve("state/tftp/ww/ipxe.efi")).exists();
  }

  private Result wwsh(String... args) {
    return WwshRunner.run(environment, args);
  }

  private Result ok(String... args) {
    return WwshRunner.ok(environment, args);
  }

  private void fails(String message, String... args) {
    WwshRunner.fails(environment, message, args);
  }

  private static void requireProgram(String path, String pkg) {
    Prerequisites.require(Files.exists(Path.of(path)), path + " (" + pkg + ")");
  }

  private static int exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    if (p.exitValue() != 0) {
      System.err.println(output);
    }
    return p.exitValue();
  }
}
