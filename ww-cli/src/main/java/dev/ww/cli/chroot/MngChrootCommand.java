package dev.ww.cli.chroot;

import dev.ww.chroot.ChangeRequest;
import dev.ww.chroot.ChrootManager;
import dev.ww.chroot.HostServices;
import dev.ww.chroot.TemplateCatalog;
import dev.ww.cli.LongVerboseOptions;
import dev.ww.cli.Tools;
import dev.ww.cli.ToolEnvironment;
import dev.ww.cli.VersionProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wwmngchroot -c PATH [-r PKG...] [-i PKG...] [-s] [-y] [-v NAME]}: changes a node root
 * safely, then optionally builds and imports its capsule.
 */
@Command(
    name = "wwmngchroot",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Changes a node root: removes packages, then installs packages, then optionally opens a shell inside it.",
      "/proc, /sys, /dev and /dev/pts are mounted inside for the duration and always unmounted;"
          + " the host's resolv.conf is used meanwhile and the root's own restored after."
    })
public final class MngChrootCommand implements Callable<Integer> {

  private final ToolEnvironment environment;

  @Spec private CommandLine.Model.CommandSpec spec;

  @Mixin private LongVerboseOptions global;

  @Option(names = {"-c", "--chroot"}, required = true, paramLabel = "PATH", description = "The node root to change.")
  private Path root;

  @Option(names = {"-r", "--remove"}, arity = "1..*", paramLabel = "PKG", description = "Packages to remove (before installing).")
  private List<String> remove = List.of();

  @Option(names = {"-i", "--install"}, arity = "1..*", paramLabel = "PKG", description = "Packages to install.")
  private List<String> install = List.of();

  @Option(names = {"-s", "--shell"}, description = "Open a shell inside the root afterwards.")
  private boolean shell;

  @Option(
      names = {"-y", "--assume-yes"},
      description = "Answer yes to the package manager's questions (otherwise it asks on the terminal).")
  private boolean assumeYes;

  @Option(
      names = {"-v", "--vnfs"},
      paramLabel = "NAME",
      description = "Afterwards, build the VNFS capsule NAME from the root and import it (as 'wwvnfs --chroot PATH NAME').")
  private String vnfsName;

  public MngChrootCommand(ToolEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    if (remove.isEmpty() && install.isEmpty() && !shell && vnfsName == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "nothing to do: give -i PKG..., -r PKG..., -s or -v NAME");
    }
    TemplateCatalog catalog = TemplateCatalog.load(global.layout());
    HostServices host = HostServices.system(global.layout(), global.events(), environment.variables());
    if (!remove.isEmpty() || !install.isEmpty() || shell) {
      new ChrootManager(host, catalog.families())
          .change(new ChangeRequest(root, remove, install, shell, assumeYes));
    }
    return vnfsName == null ? 0 : buildVnfs();
  }

  /** Runs wwvnfs on the changed root, with this run's installation directories. */
  private int buildVnfs() {
    String[] args = {
      "--config-dir", global.layout().configDir().toString(),
      "--state-dir", global.layout().stateDir().toString(),
      "--chroot", root.toString(),
      vnfsName
    };
    return Tools.find("wwvnfs")
        .orElseThrow()
        .run(args, environment.variables(), spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
