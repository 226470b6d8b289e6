package dev.ww.cli.chroot;

import dev.ww.chroot.BuildRequest;
import dev.ww.chroot.ChrootBuilder;
import dev.ww.chroot.ChrootTemplate;
import dev.ww.chroot.HostServices;
import dev.ww.chroot.TemplateCatalog;
import dev.ww.cli.GlobalOptions;
import dev.ww.cli.ToolEnvironment;
import dev.ww.cli.VersionProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wwmkchroot [-d] [-h [TEMPLATE]] TEMPLATE PATH}: builds a node root from a template. */
@Command(
    name = "wwmkchroot",
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Builds a node root (chroot) in PATH from TEMPLATE.",
      "Without arguments, lists the templates. Environment: DEB_MIRROR / YUM_MIRROR replace the"
          + " template's mirrors, INSTALL_ISO=a.iso,b.iso installs from media."
    })
public final class MkChrootCommand implements Callable<Integer> {

  private final ToolEnvironment environment;

  @Spec private CommandLine.Model.CommandSpec spec;

  @Mixin private GlobalOptions global;

  @Option(
      names = {"-h", "--help"},
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "TEMPLATE",
      description = "Show this help, or TEMPLATE's context help (what it installs, from where, which variables it reads).")
  private String help;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
  private boolean version;

  @Option(
      names = {"-m", "--mirror"},
      split = ",",
      paramLabel = "URL",
      description = "Mirror(s) to build from instead of the template's (comma-separated; overrides DEB_MIRROR/YUM_MIRROR).")
  private List<String> mirrors = List.of();

  @Option(names = "--reuse", description = "Build into PATH even if it is not empty.")
  private boolean reuse;

  @Option(names = {"-g", "--no-gpg-check"}, description = "Do not check package signatures.")
  private boolean noSignatureCheck;

  @Option(
      names = "--package-cache",
      paramLabel = "DIR",
      description = "Keep downloaded packages in DIR and reuse them in later builds.")
  private Path packageCache;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TEMPLATE", description = "Template name.")
  private String template;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Directory to build the root in.")
  private Path path;

  public MkChrootCommand(ToolEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    TemplateCatalog catalog = TemplateCatalog.load(global.layout());
    if (help != null && !help.isEmpty()) {
      out.print(catalog.contextHelp(help));
      out.flush();
      return 0;
    }
    if (help != null || template == null) {
      spec.commandLine().usage(out);
      out.println();
      out.println("Templates (wwmkchroot -h TEMPLATE for details):");
      for (ChrootTemplate each : catalog.templates()) {
        out.printf("   * %-20s %s%n", each.name(), each.description());
      }
      out.flush();
      return 0;
    }
    if (path == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "missing PATH: name the directory to build the root in");
    }
    catalog.template(template);
    HostServices host = HostServices.system(global.layout(), global.events(), environment.variables());
    BuildRequest request =
        new BuildRequest(template, path, mirrors, List.of(), reuse, noSignatureCheck, Optional.ofNullable(packageCache));
    new ChrootBuilder(host, catalog).build(request);
    return 0;
  }
}
