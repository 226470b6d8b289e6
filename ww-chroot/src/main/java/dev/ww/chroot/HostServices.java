package dev.ww.chroot;

import dev.ww.core.Layout;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.os.LinuxOs;
import dev.ww.core.process.ProcessRunner;
import java.util.Map;
import java.util.Objects;

/**
 * What the chroot engine uses of the host: the OS calls, the process runner, where events go,
 * the installation's directories, the mount table, and the environment (for {@code PATH}
 * lookups and variables such as {@code DEB_MIRROR}).
 */
public record HostServices(
    LinuxOs os,
    ProcessRunner runner,
    EventHandlers events,
    Layout layout,
    MountTable mountTable,
    Map<String, String> environment) {

  public HostServices {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(mountTable, "mountTable");
    environment = Map.copyOf(environment);
  }

  /** The real host: JNA system calls, child processes, {@code /proc/self/mountinfo}. */
  public static HostServices system(
      Layout layout, EventHandlers events, Map<String, String> environment) {
    return new HostServices(
        dev.ww.core.os.JnaLinuxOs.load(),
        new dev.ww.core.process.SystemProcessRunner(environment),
        events,
        layout,
        new dev.ww.chroot.internal.ProcMountTable(),
        environment);
  }
}
