package dev.ww.provision;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;

/**
 * A small cluster in a temp directory: blobs on disk and an in-memory catalog. Node n1 has
 * address 127.0.0.1, n2 127.0.0.3 (both loopback), n3 is disabled, n4 boots locally.
 */
final class TestCluster {

  static final HwAddr N1 = HwAddr.parse("52:54:00:00:00:01");
  static final HwAddr N2 = HwAddr.parse("52:54:00:00:00:02");
  static final HwAddr N3 = HwAddr.parse("52:54:00:00:00:03");
  static final HwAddr N4 = HwAddr.parse("52:54:00:00:00:04");
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final Path dir;
  final InMemoryCatalog catalog = new InMemoryCatalog();
  final Blob capsule1;
  final Blob capsule2;
  final Blob kernel;
  final Blob initramfs;

  TestCluster(Path dir, int capsuleBytes) throws IOException {
    this.dir = dir;
    kernel = blob("kernel", random(100_000, 1));
    initramfs = blob("initramfs", random(200_000, 2));
    capsule1 = blob("capsule1", random(capsuleBytes, 3));
    capsule2 = blob("capsule2", random(capsuleBytes, 4));
    catalog.put(new BootstrapImage("bs1", "x86_64", kernel, initramfs));
    catalog.put(new CapsuleImage("c1", "debian12", capsule1));
    catalog.put(new CapsuleImage("c2", "other", capsule2));
    catalog.put(
        NodeFile.regular("f-motd", "motd", "/etc/motd", 0644, "data",
            blob("motd", "hello %{NAME} at %{NETDEVS::ETH0::IPADDR} in %{CLUSTER} dns %{DNS}[1]\n")));
    catalog.put(
        NodeFile.regular("f-shadow", "shadow", "/etc/shadow", 0600, "data",
            blob("shadow", "root:secret:::\n")));
    byte[] bin = {0x7f, 'E', 'L', 'F', 0, '%', '{', 'N', 'A', 'M', 'E', '}'};
    catalog.put(NodeFile.regular("f-bin", "tool", "/usr/bin/tool", 0755, "binary", blob("bin", bin)));
    catalog.put(NodeFile.regular("s-pre", "pre.sh", "/pre.sh", 0755, "shell", blob("pre", "#!/bin/sh\necho pre\n")));
    catalog.put(NodeFile.regular("s-pre2", "pre2.sh", "/pre2.sh", 0755, "shell", blob("pre2", "#!/bin/sh\necho pre2")));
    catalog.put(NodeFile.regular("s-py", "pre.py", "/pre.py", 0755, "python", blob("py", "print(1)\n")));
    catalog.put(
        node("n1", N1, "127.0.0.1")
            .capsule("c1")
            .file("f-motd")
            .file("f-bin")
            .file("dynamic_hosts")
            .attribute(NodeAttribute.of("cluster", "alpha"))
            .attribute(NodeAttribute.of("dns", "10.0.0.53", "10.0.0.54"))
            .attribute(NodeAttribute.of("evil", "$(touch /tmp/pwned)'; echo x `id`"))
            .attribute(NodeAttribute.secret("ipmi_password", "hunter2", false))
            .attribute(NodeAttribute.secret("root_token", "for-the-node", true))
            .attribute(NodeAttribute.of("prescript", "pre.sh", "pre2.sh", "pre.py", "nonexistent"))
            .console("ttyS0,115200n8")
            .build());
    catalog.put(node("n2", N2, "127.0.0.3").capsule("c2").file("f-shadow").build());
    catalog.put(node("n3", N3, "127.0.0.1").enabled(false).capsule("c1").build());
    catalog.put(node("n4", N4, "127.0.0.1").bootLocal(BootLocal.EXIT).build());
  }

  static ProvisionNode.Builder node(String name, HwAddr hw, String ip) throws IOException {
    return ProvisionNode.builder(name)
        .domain("cluster.test")
        .netdev(
            NetDev.of("eth0", hw, InetAddress.getByName(ip), InetAddress.getByName("255.0.0.0"))
                .withGateway(InetAddress.getByName("127.0.0.254")))
        .bootstrap("bs1")
        .modified(T0);
  }

  Blob blob(String name, String text) throws IOException {
    return blob(name, text.getBytes(StandardCharsets.UTF_8));
  }

  Blob blob(String name, byte[] data) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, data);
    return new Blob(p.toAbsolutePath(), data.length, sha256(data), T0);
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
