package dev.ww.bootstrap;

import dev.ww.core.UserException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A part of the node's first stage that a bootstrap may include or leave out. */
public enum Capability {
  /** Fetches everything from the master over HTTP, with retries and backoff. */
  TRANSPORT_HTTP("transport-http"),
  /** Mounts the new root (a tmpfs). */
  SETUP_FILESYSTEMS("setup-filesystems"),
  /** Downloads the node's capsule, verifies its SHA-256, unpacks it; installs runtime support. */
  PROVISION_VNFS("provision-vnfs"),
  /** Downloads the node's files into the new root. */
  PROVISION_FILES("provision-files"),
  /** Runs the node's pre and post scripts from the master. */
  PROVISION_ADHOC("provision-adhoc");

  private final String configName;

  Capability(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration files and in output. */
  public String configName() {
    return configName;
  }

  public static Capability fromConfigName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (Capability capability : values()) {
      if (capability.configName.equals(wanted)) {
        return capability;
      }
    }
    throw new UserException(
        "Unknown capability '"
            + name
            + "'; known capabilities: "
            + Arrays.stream(values()).map(Capability::configName).collect(Collectors.joining(", ")));
  }
}
