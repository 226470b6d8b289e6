package dev.ww.chroot.internal;

import dev.ww.chroot.ChrootSession;
import dev.ww.chroot.PackageManager;
import dev.ww.core.process.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * dnf (or yum) on the host with {@code --installroot}, as Warewulf 3 changed RPM roots: the
 * image need not contain a package manager. It reads the root's own repository files.
 */
final class DnfPackageManager implements PackageManager {

  private final ChrootSession session;
  private final String manager;

  DnfPackageManager(ChrootSession session) {
    this.session = session;
    this.manager = new ProgramLocator(session.host().environment()).find("dnf").isPresent() ? "dnf" : "yum";
  }

  @Override
  public String name() {
    return manager;
  }

  @Override
  public void remove(List<String> packages, boolean assumeYes) throws IOException {
    run("remove", packages, assumeYes);
  }

  @Override
  public void install(List<String> packages, boolean assumeYes) throws IOException {
    run("install", packages, assumeYes);
  }

  private void run(String action, List<String> packages, boolean assumeYes) throws IOException {
    Path executable = new ProgramLocator(session.host().environment())
        .require(manager, manager, "to change RHEL-family roots");
    Path work = Files.createDirectories(session.host().layout().tmpDir());
    Path temporary = Files.createTempDirectory(work, "wwmngchroot-");
    try {
      Path home = RhelFamily.rpmHome(temporary);
      Path repos = session.files().createDirectories("/etc/yum.repos.d");
      Path config = temporary.resolve(manager + ".conf");
      Files.writeString(config, RhelFamily.mainConfig(manager, repos, temporary.resolve("cache"), false, false));
      List<String> argv = new ArrayList<>(List.of(executable.toString()));
      if (assumeYes) {
        argv.add("-y");
      }
      argv.add("--installroot=" + session.root());
      argv.add("--config=" + config);
      argv.add(action);
      argv.addAll(packages);
      session.host().events().info(manager + " " + action + " " + String.join(" ", packages));
      Command.Builder command = Command.builder(argv).env("HOME", home.toString()).env("LC_ALL", "C.UTF-8");
      if (assumeYes) {
        command.streamTo(new PackageOutput(manager, session.host().events()));
      } else {
        command.inheritIo();
      }
      Commands.run(session.host(), command.build());
    } finally {
      RootFiles.deleteTree(temporary);
    }
  }
}
