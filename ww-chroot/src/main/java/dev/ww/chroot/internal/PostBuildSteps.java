package dev.ww.chroot.internal;

import dev.ww.chroot.ChrootTemplate;
import dev.ww.chroot.DistributionFamily;
import dev.ww.chroot.HostServices;
import dev.ww.core.process.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The configuration applied to a freshly built root, as Warewulf 3 did where it still makes
 * sense: fstab with the generated-entries marker, networking, a locked root account, ssh host
 * keys, the time zone, an empty machine-id, and clean package caches. Every file goes through
 * {@link RootFiles}.
 */
public final class PostBuildSteps {

  /** The marker the provisioning side replaces with the node's own mounts. */
  public static final String FSTAB_MARKER = "#GENERATED_ENTRIES#";

  static final String FSTAB =
      FSTAB_MARKER
          + "\n"
          + "tmpfs /dev/shm tmpfs defaults 0 0\n"
          + "devpts /dev/pts devpts gid=5,mode=620 0 0\n"
          + "sysfs /sys sysfs defaults 0 0\n"
          + "proc /proc proc defaults 0 0\n";

  private static final List<String> KEY_TYPES = List.of("rsa", "ecdsa", "ed25519");

  private final RootFiles files;
  private final HostServices host;
  private final Path workDirectory;

  public PostBuildSteps(RootFiles files, HostServices host, Path workDirectory) {
    this.files = files;
    this.host = host;
    this.workDirectory = workDirectory;
  }

  public void apply(ChrootTemplate.PostBuild steps, DistributionFamily family) throws IOException {
    if (steps.fstab()) {
      files.write("/etc/fstab", FSTAB, "rw-r--r--");
    }
    if (steps.networking()) {
      configureNetworking(family.name().equals("rhel"));
    }
    if (steps.lockRoot()) {
      lockRoot();
    }
    if (steps.sshHostKeys()) {
      sshHostKeys();
    }
    if (steps.timezone().isPresent()) {
      timezone(steps.timezone().get());
    }
    if (steps.emptyMachineId()) {
      files.write("/etc/machine-id", "", "r--r--r--");
    }
    if (steps.cleanCaches()) {
      family.cleanCaches(files.confined());
    }
  }

  void configureNetworking(boolean sysconfigFamily) throws IOException {
    if (sysconfigFamily || files.exists("/etc/sysconfig")) {
      files.write("/etc/sysconfig/network", "NETWORKING=yes\n", "rw-r--r--");
    }
    if (files.exists("/etc/network") && !files.exists("/etc/network/interfaces")) {
      files.write(
          "/etc/network/interfaces",
          "# The node's interfaces are configured at boot; see interfaces.d.\n"
              + "source /etc/network/interfaces.d/*\n\n"
              + "auto lo\niface lo inet loopback\n",
          "rw-r--r--");
    }
  }

  void lockRoot() throws IOException {
    Optional<String> shadow = files.read("/etc/shadow");
    if (shadow.isEmpty()) {
      host.events().warn("no /etc/shadow in the root; the root account was not locked");
      return;
    }
    StringBuilder text = new StringBuilder();
    for (String line : shadow.get().split("\n", -1)) {
      if (line.startsWith("root:")) {
        String[] fields = line.split(":", -1);
        if (fields.length > 1) {
          fields[1] = "*";
        }
        line = String.join(":", fields);
      }
      text.append(line).append('\n');
    }
    String content = text.substring(0, text.length() - 1);
    files.rewrite("/etc/shadow", content);
  }

  void sshHostKeys() throws IOException {
    if (!files.isFile("/usr/sbin/sshd") && !files.isFile("/sbin/sshd")) {
      return;
    }
    Path shared = host.layout().configDir().resolve("vnfs/ssh");
    Path keyDirectory;
    if (Files.isDirectory(shared)) {
      host.events().info("Installing the site's ssh host keys from " + shared);
      keyDirectory = shared;
    } else {
      keyDirectory = Files.createDirectories(workDirectory.resolve("ssh"));
      Path keygen =
          new ProgramLocator(host.environment())
              .require("ssh-keygen", "openssh-client", "to make the image's ssh host keys");
      for (String type : KEY_TYPES) {
        Path key = keyDirectory.resolve("ssh_host_" + type + "_key");
        Commands.run(
            host,
            Command.of(keygen.toString(), "-q", "-t", type, "-N", "", "-C", "root@node", "-f", key.toString()));
      }
    }
    for (String type : KEY_TYPES) {
      Path key = keyDirectory.resolve("ssh_host_" + type + "_key");
      Path pub = keyDirectory.resolve("ssh_host_" + type + "_key.pub");
      if (Files.isRegularFile(key) && Files.isRegularFile(pub)) {
        files.write("/etc/ssh/" + key.getFileName(), Files.readString(key), "rw-------");
        files.write("/etc/ssh/" + pub.getFileName(), Files.readString(pub), "rw-r--r--");
      }
    }
  }

  void timezone(String zone) throws IOException {
    String zoneFile = "/usr/share/zoneinfo/" + zone;
    if (!files.exists(zoneFile)) {
      host.events().warn("time zone " + zone + " is not installed in the root (no " + zoneFile + "); linking it anyway");
    }
    files.symlink("/etc/localtime", zoneFile);
    if (files.exists("/etc/timezone") || files.exists("/etc/debian_version")) {
      files.write("/etc/timezone", zone + "\n", "rw-r--r--");
    }
  }
}
