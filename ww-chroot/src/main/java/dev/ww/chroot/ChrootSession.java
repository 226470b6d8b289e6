package dev.ww.chroot;

import dev.ww.chroot.internal.Commands;
import dev.ww.chroot.internal.ProgramLocator;
import dev.ww.chroot.internal.RootFiles;
import dev.ww.chroot.internal.RootGuard;
import dev.ww.core.os.ConfinedFiles;
import dev.ww.core.os.Confinement;
import dev.ww.core.os.MountFlag;
import dev.ww.core.os.OsException;
import dev.ww.core.process.Command;
import dev.ww.core.process.ProcessResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A root prepared for running programs inside it: {@code /proc}, {@code /sys}, {@code /dev} and
 * {@code /dev/pts} mounted, the host's resolver configuration in place. Closing it undoes all
 * of that, and it is closed in every case: normally, on an exception, and from a shutdown hook
 * when the JVM is stopped (Ctrl-C). Mounts that appeared under the root during the session
 * (left by a crashed package manager, say) are unmounted too.
 *
 * <p>Mount points are resolved inside the root ({@link Confinement#IN_ROOT}): a root whose
 * {@code /proc} is a symlink to the host's never gets a mount on the host's tree.
 */
public final class ChrootSession implements AutoCloseable {

  static final String RESOLV_CONF = "/etc/resolv.conf";
  static final String RESOLV_SAVED = "/etc/resolv.conf.ww-saved";

  private final HostServices host;
  private final RootFiles files;
  private final Path chroot;
  private final Path hostResolvConf;
  private final List<Path> mountsBefore;
  private final Deque<Path> mounted = new ArrayDeque<>();
  private final Thread shutdownHook;
  private boolean resolvReplaced;
  private boolean closed;

  private ChrootSession(HostServices host, Path root, Path chroot, Path hostResolvConf, List<Path> mountsBefore) {
    this.host = host;
    this.files = new RootFiles(new ConfinedFiles(host.os(), root, Confinement.IN_ROOT), host.os());
    this.chroot = chroot;
    this.hostResolvConf = hostResolvConf;
    this.mountsBefore = List.copyOf(mountsBefore);
    this.shutdownHook = new Thread(this::closeFromHook, "chroot-session-cleanup");
  }

  /** Opens a session on the root with the host's {@code /etc/resolv.conf}. */
  public static ChrootSession open(HostServices host, Path root) throws IOException {
    return open(host, root, Path.of("/etc/resolv.conf"));
  }

  /** Opens a session on the root, copying {@code hostResolvConf} into it. */
  public static ChrootSession open(HostServices host, Path root, Path hostResolvConf) throws IOException {
    Path absolute = RootGuard.checkNotHostRoot(root);
    if (!Files.isDirectory(absolute)) {
      throw new dev.ww.core.UserException("'" + root + "' is not a directory; name an existing node root");
    }
    Path real = absolute.toRealPath();
    RootGuard.checkNoEscapingLinks(real);
    Path chroot = new ProgramLocator(host.environment()).require("chroot", "coreutils", "to run programs inside the root");
    ChrootSession session =
        new ChrootSession(host, real, chroot, hostResolvConf, host.mountTable().mountsUnder(real));
    Runtime.getRuntime().addShutdownHook(session.shutdownHook);
    try {
      session.mountAll();
      session.installResolvConf();
    } catch (IOException | RuntimeException e) {
      session.close();
      throw e;
    }
    return session;
  }

  public Path root() {
    return files.root();
  }

  public HostServices host() {
    return host;
  }

  /** The root, for files written into it during the session. */
  public ConfinedFiles files() {
    return files.confined();
  }

  /**
   * Runs a program inside the root.
   *
   * @param argv the program (as seen inside the root) and its arguments
   * @param environment variables to set
   * @param output receives each output line, or {@code null} to share the terminal
   */
  public ProcessResult runInside(List<String> argv, Map<String, String> environment, Consumer<String> output)
      throws IOException {
    Command.Builder builder = Command.builder(Commands.inRoot(chroot, root(), argv)).env("PATH", Commands.ROOT_PATH);
    environment.forEach(builder::env);
    if (output == null) {
      builder.inheritIo();
    } else {
      builder.streamTo(output);
    }
    return Commands.run(host, builder.build());
  }

  /** An interactive shell inside the root; returns when the user leaves it. */
  public void shell() throws IOException {
    String shell = files.isFile("/bin/bash") ? "/bin/bash" : "/bin/sh";
    host.events().info("Starting a shell inside " + root() + "; leave it with 'exit'");
    runInside(List.of(shell, "-l"), Map.of("PS1", "[chroot " + root().getFileName() + "] \\w# "), null);
  }

  private void mountAll() throws IOException {
    try {
      mountFileSystems();
    } catch (OsException e) {
      if (e.errno() == dev.ww.core.os.Errno.EPERM || e.errno() == dev.ww.core.os.Errno.EACCES) {
        throw new dev.ww.core.UserException(
            "cannot mount inside " + root() + " (" + e.getMessage() + "): changing a root needs root privileges", e);
      }
      throw e;
    }
  }

  private void mountFileSystems() throws IOException {
    mount("proc", "/proc", "proc", Set.of(MountFlag.NO_SUID, MountFlag.NO_DEV, MountFlag.NO_EXEC));
    mount("sysfs", "/sys", "sysfs", Set.of(MountFlag.NO_SUID, MountFlag.NO_DEV, MountFlag.NO_EXEC, MountFlag.READ_ONLY));
    bind(Path.of("/dev"), "/dev");
    bind(Path.of("/dev/pts"), "/dev/pts");
  }

  private void mount(String source, String path, String type, Set<MountFlag> flags) throws IOException {
    Path target = mountPoint(path);
    host.events().debug("mounting " + type + " on " + target);
    host.os().mount(source, target, type, flags, null);
    mounted.push(target);
  }

  private void bind(Path source, String path) throws IOException {
    Path target = mountPoint(path);
    host.events().debug("bind-mounting " + source + " on " + target);
    host.os().bindMount(source, target, false);
    mounted.push(target);
  }

  /** The mount point inside the root, created if missing, never through a symlink. */
  private Path mountPoint(String path) throws IOException {
    Path target = files.createDirectories(path);
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || !target.startsWith(root())) {
      throw new IOException("cannot mount on " + target + ": not a directory inside " + root());
    }
    return target;
  }

  private void installResolvConf() throws IOException {
    if (!Files.isRegularFile(hostResolvConf) || !files.exists("/etc")) {
      return;
    }
    String content = Files.readString(hostResolvConf, StandardCharsets.UTF_8);
    Path current = files.confined().resolve(RESOLV_CONF);
    Path saved = files.confined().resolve(RESOLV_SAVED);
    if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(saved, LinkOption.NOFOLLOW_LINKS)) {
        // Left by an interrupted session: the saved one is the original.
        files.delete(RESOLV_CONF);
      } else {
        files.rename(RESOLV_CONF, RESOLV_SAVED);
      }
    }
    resolvReplaced = true;
    files.write(RESOLV_CONF, content, "rw-r--r--");
  }

  private void restoreResolvConf() throws IOException {
    if (!resolvReplaced) {
      return;
    }
    resolvReplaced = false;
    files.delete(RESOLV_CONF);
    if (Files.exists(files.confined().resolve(RESOLV_SAVED), LinkOption.NOFOLLOW_LINKS)) {
      files.rename(RESOLV_SAVED, RESOLV_CONF);
    }
  }

  private void closeFromHook() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      host.events().error("cleaning up " + root() + " failed: " + e.getMessage());
    }
  }

  /** Unmounts everything mounted under the root since the session opened; restores resolv.conf. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    List<String> problems = new ArrayList<>();
    try {
      restoreResolvConf();
    } catch (IOException | RuntimeException e) {
      problems.add("restoring " + RESOLV_CONF + ": " + e.getMessage());
    }
    while (!mounted.isEmpty()) {
      unmount(mounted.pop(), problems);
    }
    try {
      for (Path leftover : host.mountTable().mountsUnder(root())) {
        if (!mountsBefore.contains(leftover)) {
          host.events().warn("unmounting " + leftover + ", left behind inside the root");
          unmount(leftover, problems);
        }
      }
    } catch (IOException e) {
      problems.add("reading the mount table: " + e.getMessage());
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs or has run; close() is idempotent
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException("cleaning up the session on " + root() + " failed: " + String.join("; ", problems));
    }
  }

  private void unmount(Path target, List<String> problems) {
    host.events().debug("unmounting " + target);
    try {
      host.os().unmount(target, false);
    } catch (OsException busy) {
      try {
        host.os().unmount(target, true);
        host.events().warn(target + " was busy; detached it (lazy unmount)");
      } catch (OsException e) {
        problems.add("unmounting " + target + ": " + e.getMessage());
      }
    }
  }
}
