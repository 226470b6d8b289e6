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
import java.util.Optional;

/** Debian and derivatives: debootstrap (or mmdebstrap) builds the root, apt-get changes it. */
public final class DebianFamily implements DistributionFamily {

  public static final String MIRROR_VARIABLE = "DEB_MIRROR";

  @Override
  public String name() {
    return "debian";
  }

  @Override
  public Map<String, String> variables() {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put(MIRROR_VARIABLE, "the Debian mirror to build from (replaces the template's)");
    return variables;
  }

  @Override
  public String mirrorVariable() {
    return MIRROR_VARIABLE;
  }

  @Override
  public void build(BuildContext context) throws IOException {
    ChrootTemplate template = context.template();
    String mirror = mirror(context);
    List<String> argv = bootstrapCommand(context, mirror);
    PackageOutput output = new PackageOutput(Path.of(argv.get(0)).getFileName().toString(), context.host().events());
    context.host().events().info(
        "Building " + template.name() + " (" + template.release() + ") in " + context.root() + " from " + mirror);
    Commands.run(context.host(), Command.builder(argv).streamTo(output).env("LC_ALL", "C.UTF-8").build());
    writeSources(context);
  }

  List<String> bootstrapCommand(BuildContext context, String mirror) throws IOException {
    ChrootTemplate template = context.template();
    ProgramLocator programs = new ProgramLocator(context.host().environment());
    String arch = template.arch().orElse("amd64");
    List<String> components = template.components().isEmpty() ? List.of("main") : template.components();
    String tool = template.packageManager().orElse("");
    boolean empty = isEmpty(context.root());
    if (tool.isEmpty()) {
      tool = programs.find("mmdebstrap").isPresent() && context.verifySignatures() && empty ? "mmdebstrap" : "debootstrap";
    }
    List<String> argv = new ArrayList<>();
    switch (tool) {
      case "mmdebstrap" -> {
        argv.add(programs.require("mmdebstrap", "mmdebstrap", "to build Debian roots").toString());
        argv.add("--variant=minbase");
        argv.add("--arch=" + arch);
        argv.add("--components=" + String.join(",", components));
        argv.add("--include=" + String.join(",", template.packages()));
        if (!context.verifySignatures()) {
          argv.add("--aptopt=Acquire::AllowInsecureRepositories \"true\"");
          argv.add("--aptopt=APT::Get::AllowUnauthenticated \"true\"");
        }
      }
      case "debootstrap" -> {
        argv.add(programs.require("debootstrap", "debootstrap", "to build Debian roots").toString());
        argv.add("--arch=" + arch);
        argv.add("--variant=minbase");
        argv.add("--components=" + String.join(",", components));
        argv.add("--include=" + String.join(",", template.packages()));
        if (!context.verifySignatures()) {
          argv.add("--no-check-gpg");
        }
        Optional<Path> cache = context.packageCache();
        if (cache.isPresent()) {
          Path directory = Files.createDirectories(cache.get().toAbsolutePath().resolve("debootstrap"));
          argv.add("--cache-dir=" + directory);
        }
      }
      default -> throw new UserException(
          template.source() + ": package manager '" + tool + "' is not one the debian family knows (debootstrap, mmdebstrap)");
    }
    argv.add(template.release());
    argv.add(context.root().toString());
    argv.add(mirror);
    return argv;
  }

  private static boolean isEmpty(Path root) throws IOException {
    try (var entries = Files.list(root)) {
      return entries.findAny().isEmpty();
    }
  }

  private static String mirror(BuildContext context) {
    if (!context.mirrors().isEmpty()) {
      return context.mirrors().get(0);
    }
    List<Path> archives = InstallImages.debianArchives(context.imageTrees());
    if (!archives.isEmpty()) {
      return archives.get(0).toUri().toString();
    }
    if (!context.imageTrees().isEmpty()) {
      throw new UserException("INSTALL_ISO: none of the images is a Debian archive (no dists/ directory)");
    }
    throw new UserException(
        "template " + context.template().name() + " names no mirror; give one with --mirror URL or "
            + MIRROR_VARIABLE + "=URL");
  }

  /** The apt sources the finished root uses: the mirrors named for the build (not image paths). */
  private static void writeSources(BuildContext context) throws IOException {
    List<String> mirrors = context.mirrors().isEmpty() ? context.template().mirrors() : context.mirrors();
    if (mirrors.isEmpty()) {
      return;
    }
    List<String> components = context.template().components().isEmpty() ? List.of("main") : context.template().components();
    StringBuilder text = new StringBuilder("# Written when the root was built; change freely.\n");
    for (String mirror : mirrors) {
      text.append("deb ").append(mirror).append(' ').append(context.template().release()).append(' ')
          .append(String.join(" ", components)).append('\n');
    }
    new RootFiles(context.files(), context.host().os()).write("/etc/apt/sources.list", text.toString(), "rw-r--r--");
  }

  @Override
  public void cleanCaches(ConfinedFiles root) throws IOException {
    RootFiles files = new RootFiles(root, null);
    files.deleteEntries("/var/cache/apt/archives", name -> name.endsWith(".deb"));
    files.deleteEntries("/var/cache/apt/archives/partial", name -> true);
    files.deleteEntries("/var/cache/apt", name -> name.endsWith(".bin"));
    files.deleteEntries("/var/lib/apt/lists", name -> !name.equals("partial") && !name.equals("lock"));
  }

  @Override
  public boolean recognizes(ConfinedFiles root) {
    return new RootFiles(root, null).isFile("/etc/debian_version");
  }

  @Override
  public PackageManager packageManager(ChrootSession session) {
    return new AptPackageManager(session);
  }
}
