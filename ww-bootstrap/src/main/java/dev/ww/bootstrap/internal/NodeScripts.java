package dev.ww.bootstrap.internal;

import dev.ww.bootstrap.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node-side scripts shipped as resources of this module, where each goes in the initramfs,
 * and which capability brings it (none: always included).
 */
public final class NodeScripts {

  /** One script: resource name under {@code node/}, path in the initramfs, capability. */
  public record Script(String resource, String path, int permissions, Optional<Capability> capability) {}

  private static final List<Script> SCRIPTS =
      List.of(
          base("init", "init", 0755),
          base("functions", "etc/ww/functions", 0644),
          base("detect", "etc/ww/detect", 0755),
          base("network", "etc/ww/network", 0644),
          base("udhcpc.script", "etc/ww/udhcpc.script", 0755),
          of(Capability.TRANSPORT_HTTP, "transport-http", "warewulf/transports/http/functions", 0644),
          of(Capability.PROVISION_ADHOC, "05-adhoc-pre", "warewulf/provision/05-adhoc-pre", 0755),
          of(Capability.SETUP_FILESYSTEMS, "20-filesystems", "warewulf/provision/20-filesystems", 0755),
          of(Capability.PROVISION_VNFS, "30-getvnfs", "warewulf/provision/30-getvnfs", 0755),
          of(Capability.PROVISION_VNFS, "60-runtimesupport", "warewulf/provision/60-runtimesupport", 0755),
          of(Capability.PROVISION_FILES, "80-files", "warewulf/provision/80-files", 0755),
          of(Capability.PROVISION_ADHOC, "90-adhoc-post", "warewulf/provision/90-adhoc-post", 0755));

  private NodeScripts() {}

  /** Every script, in a fixed order. */
  public static List<Script> all() {
    return SCRIPTS;
  }

  /** The scripts a bootstrap with these capabilities carries. */
  public static List<Script> forCapabilities(Set<Capability> capabilities) {
    return SCRIPTS.stream()
        .filter(s -> s.capability().isEmpty() || capabilities.contains(s.capability().get()))
        .toList();
  }

  /** The bytes of a script resource. */
  public static byte[] read(Script script) throws IOException {
    return read(script.resource());
  }

  public static byte[] read(String resource) throws IOException {
    try (InputStream in = NodeScripts.class.getResourceAsStream("/dev/ww/bootstrap/node/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("node script missing from the jar: " + resource);
      }
      return in.readAllBytes();
    }
  }

  private static Script base(String resource, String path, int permissions) {
    return new Script(resource, path, permissions, Optional.empty());
  }

  private static Script of(Capability capability, String resource, String path, int permissions) {
    return new Script(resource, path, permissions, Optional.of(capability));
  }
}
