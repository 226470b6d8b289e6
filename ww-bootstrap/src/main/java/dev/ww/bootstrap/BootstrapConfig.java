package dev.ww.bootstrap;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What goes into a bootstrap besides the kernel.
 *
 * @param drivers module names, globs over names ({@code nls_*}) or path prefixes relative to
 *     {@code lib/modules/KVER} ({@code kernel/drivers/net/}); their dependencies come along
 * @param firmware globs relative to {@code lib/firmware} ({@code bnx2*}, {@code intel/*})
 * @param modprobe modules the node loads at boot, in order (each may carry options)
 * @param capabilities the first-stage capabilities to include
 */
public record BootstrapConfig(
    List<String> drivers, List<String> firmware, List<String> modprobe, Set<Capability> capabilities) {

  public BootstrapConfig {
    drivers = List.copyOf(drivers);
    firmware = List.copyOf(firmware);
    modprobe = List.copyOf(modprobe);
    capabilities =
        capabilities.isEmpty()
            ? Set.of()
            : java.util.Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
    if (capabilities.contains(Capability.PROVISION_VNFS)
        || capabilities.contains(Capability.PROVISION_FILES)
        || capabilities.contains(Capability.PROVISION_ADHOC)) {
      if (!capabilities.contains(Capability.TRANSPORT_HTTP)) {
        throw new IllegalArgumentException(
            "capabilities that fetch from the master need transport-http");
      }
    }
  }

  /** Every capability. */
  public static Set<Capability> allCapabilities() {
    return EnumSet.allOf(Capability.class);
  }

  /** The module names of the {@code modprobe} list (without options). */
  public List<String> modprobeNames() {
    return modprobe.stream().map(line -> line.trim().split("\\s+")[0]).filter(s -> !s.isEmpty()).toList();
  }

  public BootstrapConfig withDrivers(List<String> newDrivers) {
    return new BootstrapConfig(newDrivers, firmware, modprobe, capabilities);
  }
}
