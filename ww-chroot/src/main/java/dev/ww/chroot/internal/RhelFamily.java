package dev.ww.chroot.internal;

import dev.ww.chroot.BuildContext;
import dev.ww.chroot.ChrootSession;
import dev.ww.chroot.ChrootTemplate;
import dev.ww.chroot.DistributionFamily;
import dev.ww.chroot.PackageManager;
import dev.ww.core.UserException;
import dev.ww.core.os.ConfinedFiles;
import dev.ww.core.process.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RHEL family (Rocky, AlmaLinux, CentOS, Scientific Linux, ...): dnf or yum on the host
 * installs into the root with {@code --installroot}. The package manager's configuration and
 * repository files for the build live outside the root, so nothing in the root can redirect
 * it; the root gets its own repository files for later changes.
 */
public final class RhelFamily implements DistributionFamily {

  public static final String MIRROR_VARIABLE = "YUM_MIRROR";

  private static final List<String> RELEASE_FILES =
      List.of("/etc/redhat-release", "/etc/centos-release", "/etc/rocky-release", "/etc/almalinux-release", "/etc/system-release");

  @Override
  public String name() {
    return "rhel";
  }

  @Override
  public Map<String, String> variables() {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put(MIRROR_VARIABLE, "comma-separated repository URLs (replace the template's)");
    return variables;
  }

  @Override
  public String mirrorVariable() {
    return MIRROR_VARIABLE;
  }

  @Override
  public void build(BuildContext context) throws IOException {
    ChrootTemplate template = context.template();
    List<String> repositories = new ArrayList<>(context.mirrors());
    for (Path repository : InstallImages.repositories(context.imageTrees())) {
      repositories.add(repository.toUri().toString());
    }
    if (repositories.isEmpty()) {
      throw new UserException(
          (context.imageTrees().isEmpty()
                  ? "template " + template.name() + " names no mirror"
                  : "INSTALL_ISO: no repository (repodata/) found on the images")
              + "; give one with --mirror URL or " + MIRROR_VARIABLE + "=URL, or install media with INSTALL_ISO=a.iso");
    }
    String manager = manager(template, context.host().environment());
    Path executable = new ProgramLocator(context.host().environment())
        .require(manager, manager.equals("dnf") ? "dnf" : "yum (or use dnf)", "to build RHEL-family roots");
    Path work = context.workDirectory();
    Path repoDirectory = Files.createDirectories(work.resolve("repos.d"));
    for (int i = 0; i < repositories.size(); i++) {
      Files.writeString(repoDirectory.resolve("ww-" + i + ".repo"), repoFile(i, repositories.get(i), template, context.verifySignatures()));
    }
    Path home = rpmHome(work);
    Path cache = context.packageCache().map(c -> c.toAbsolutePath().resolve(manager)).orElse(work.resolve("cache"));
    Files.createDirectories(cache);
    Path config = work.resolve(manager + ".conf");
    Files.writeString(config, mainConfig(manager, repoDirectory, cache, context.packageCache().isPresent(), context.verifySignatures()));

    List<String> argv = new ArrayList<>();
    argv.add(executable.toString());
    argv.add("-y");
    argv.add("--installroot=" + context.root());
    argv.add("--config=" + config);
    argv.add("--releasever=" + template.release());
    if (!context.verifySignatures()) {
      argv.add("--nogpgcheck");
    }
    argv.add("install");
    argv.addAll(template.packages());
    context.host().events().info(
        "Building " + template.name() + " (release " + template.release() + ") in " + context.root() + " with " + manager
            + " from " + String.join(", ", repositories));
    Commands.run(
        context.host(),
        Command.builder(argv).env("HOME", home.toString()).env("LC_ALL", "C.UTF-8")
            .streamTo(new PackageOutput(manager, context.host().events())).build());

    // The root's own repository files: the mirrors named for the build (image paths vanish).
    RootFiles files = new RootFiles(context.files(), context.host().os());
    List<String> kept = context.mirrors().isEmpty() ? template.mirrors() : context.mirrors();
    for (int i = 0; i < kept.size(); i++) {
      files.write("/etc/yum.repos.d/ww-" + i + ".repo", repoFile(i, kept.get(i), template, context.verifySignatures()), "rw-r--r--");
    }
  }

  static String manager(ChrootTemplate template, Map<String, String> environment) {
    String chosen = template.packageManager().orElse("");
    if (chosen.isEmpty()) {
      ProgramLocator programs = new ProgramLocator(environment);
      // dnf unless only yum is there; when neither is, ask for dnf (yum is not in Debian 12).
      chosen = programs.find("dnf").isEmpty() && programs.find("yum").isPresent() ? "yum" : "dnf";
    }
    if (!chosen.equals("dnf") && !chosen.equals("yum")) {
      throw new UserException(template.source() + ": package manager '" + chosen + "' is not one the rhel family knows (dnf, yum)");
    }
    return chosen;
  }

  /**
   * A HOME for rpm whose macros put the package database where the distribution expects it:
   * Debian's rpm keeps it under {@code ~/.rpmdb} by default, which inside an installroot would
   * be {@code /root/.rpmdb}, where the image's own rpm never looks.
   */
  static Path rpmHome(Path work) throws IOException {
    Path home = Files.createDirectories(work.resolve("rpm-home"));
    Files.writeString(home.resolve(".rpmmacros"), "%_dbpath /var/lib/rpm\n");
    return home;
  }

  static String mainConfig(String manager, Path repoDirectory, Path cache, boolean keepCache, boolean verify) {
    return "[main]\n"
        + "gpgcheck=" + (verify ? 1 : 0) + "\n"
        + "keepcache=" + (keepCache ? 1 : 0) + "\n"
        + "cachedir=" + cache + "\n"
        + "reposdir=" + repoDirectory + "\n"
        + "debuglevel=2\n"
        + "obsoletes=1\n"
        + "plugins=0\n"
        + (manager.equals("dnf") ? "install_weak_deps=False\n" : "")
        + "tsflags=nodocs\n";
  }

  static String repoFile(int index, String url, ChrootTemplate template, boolean verify) {
    StringBuilder text = new StringBuilder();
    text.append("[ww-").append(index).append("]\n");
    text.append("name=").append(template.name()).append(" repository ").append(index).append('\n');
    text.append("baseurl=").append(url).append('\n');
    text.append("enabled=1\n");
    boolean check = verify && !template.signingKeys().isEmpty();
    text.append("gpgcheck=").append(check ? 1 : 0).append('\n');
    if (check) {
      text.append("gpgkey=").append(String.join(" ", template.signingKeys())).append('\n');
    }
    return text.toString();
  }

  @Override
  public void cleanCaches(ConfinedFiles root) throws IOException {
    RootFiles files = new RootFiles(root, null);
    files.deleteEntries("/var/cache/dnf", name -> true);
    files.deleteEntries("/var/cache/yum", name -> true);
  }

  @Override
  public boolean recognizes(ConfinedFiles root) throws IOException {
    RootFiles files = new RootFiles(root, null);
    for (String file : RELEASE_FILES) {
      if (files.isFile(file)) {
        return true;
      }
    }
    String osRelease = files.read("/etc/os-release").orElse(files.read("/usr/lib/os-release").orElse(""));
    return osRelease.lines().anyMatch(line -> line.startsWith("ID_LIKE=") && line.matches(".*(rhel|fedora|centos).*"));
  }

  @Override
  public PackageManager packageManager(ChrootSession session) {
    return new DnfPackageManager(session);
  }
}
