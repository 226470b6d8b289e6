package dev.ww.chroot.internal;

import dev.ww.chroot.HostServices;
import dev.ww.core.process.Command;
import dev.ww.core.process.ProcessResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs programs for the engine, announcing each one as a debug event first. */
public final class Commands {

  /** The {@code PATH} programs see inside a root. */
  public static final String ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private Commands() {}

  public static ProcessResult run(HostServices host, Command command) throws IOException {
    host.events().debug("running: " + command.display());
    return host.runner().run(command);
  }

  /** The argument vector that runs {@code argv} inside {@code root} with chroot(8). */
  public static List<String> inRoot(Path chroot, Path root, List<String> argv) {
    List<String> all = new ArrayList<>();
    all.add(chroot.toString());
    all.add(root.toString());
    all.addAll(argv);
    return all;
  }
}
