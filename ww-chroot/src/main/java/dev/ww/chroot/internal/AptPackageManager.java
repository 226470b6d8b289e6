package dev.ww.chroot.internal;

import dev.ww.chroot.ChrootSession;
import dev.ww.chroot.PackageManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * apt-get run inside the root. While it installs, {@code /usr/sbin/policy-rc.d} keeps package
 * scripts from starting services in the chroot.
 */
final class AptPackageManager implements PackageManager {

  private static final String POLICY = "/usr/sbin/policy-rc.d";

  private final ChrootSession session;
  private final RootFiles files;

  AptPackageManager(ChrootSession session) {
    this.session = session;
    this.files = new RootFiles(session.files(), session.host().os());
  }

  @Override
  public String name() {
    return "apt-get";
  }

  @Override
  public void remove(List<String> packages, boolean assumeYes) throws IOException {
    run("remove", packages, assumeYes);
  }

  @Override
  public void install(List<String> packages, boolean assumeYes) throws IOException {
    boolean ownPolicy = !files.exists(POLICY);
    if (ownPolicy) {
      files.write(POLICY, "#!/bin/sh\n# Services are not started while the image is changed.\nexit 101\n", "rwxr-xr-x");
    }
    try {
      session.runInside(List.of("apt-get", "update"), environment(true), new PackageOutput("apt-get", session.host().events()));
      run("install", packages, assumeYes);
    } finally {
      if (ownPolicy) {
        files.delete(POLICY);
      }
    }
  }

  private void run(String action, List<String> packages, boolean assumeYes) throws IOException {
    List<String> argv = new ArrayList<>(List.of("apt-get"));
    if (assumeYes) {
      argv.add("-y");
      argv.add("-o");
      argv.add("Dpkg::Options::=--force-confold");
    }
    argv.add(action);
    argv.addAll(packages);
    session.host().events().info("apt-get " + action + " " + String.join(" ", packages));
    session.runInside(argv, environment(assumeYes), assumeYes ? new PackageOutput("apt-get", session.host().events()) : null);
  }

  private static Map<String, String> environment(boolean assumeYes) {
    return assumeYes
        ? Map.of("DEBIAN_FRONTEND", "noninteractive", "LC_ALL", "C.UTF-8")
        : Map.of("LC_ALL", "C.UTF-8");
  }
}
