package dev.ww.chroot;

import dev.ww.chroot.internal.TemplateParser;
import dev.ww.core.Layout;
import dev.ww.core.UserException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The templates and distribution families available: the built-in templates shipped with this
 * module, overridden or extended by the site's templates in {@code
 * <configDir>/chroot-templates/NAME.yaml}, and the families found through {@link
 * ServiceLoader}.
 */
public final class TemplateCatalog {

  /** Directory under the configuration directory that holds site templates. */
  public static final String SITE_DIRECTORY = "chroot-templates";

  private static final String BUILT_IN = "/dev/ww/chroot/templates/";

  private final Map<String, ChrootTemplate> templates;
  private final Map<String, DistributionFamily> families;

  private TemplateCatalog(
      Map<String, ChrootTemplate> templates, Map<String, DistributionFamily> families) {
    this.templates = templates;
    this.families = families;
  }

  /** Built-in templates, the layout's site templates, and the families on the class path. */
  public static TemplateCatalog load(Layout layout) throws IOException {
    List<DistributionFamily> found = new ArrayList<>();
    ServiceLoader.load(DistributionFamily.class, TemplateCatalog.class.getClassLoader())
        .forEach(found::add);
    return load(layout, found);
  }

  /** Like {@link #load(Layout)} with the given families instead of the service loader's. */
  public static TemplateCatalog load(Layout layout, List<DistributionFamily> families)
      throws IOException {
    Map<String, DistributionFamily> byName = new TreeMap<>();
    for (DistributionFamily family : families) {
      byName.put(family.name(), family);
    }
    Map<String, ChrootTemplate> templates = new TreeMap<>();
    for (String name : builtInNames()) {
      String resource = BUILT_IN + name + ".yaml";
      try (InputStream in = TemplateCatalog.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("built-in template resource missing: " + resource);
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        templates.put(name, TemplateParser.parse(name, text, "built-in template " + name));
      }
    }
    Path siteDirectory = layout.configDir().resolve(SITE_DIRECTORY);
    if (Files.isDirectory(siteDirectory)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(siteDirectory, "*.yaml")) {
        for (Path file : files) {
          String fileName = file.getFileName().toString();
          String name = fileName.substring(0, fileName.length() - ".yaml".length());
          templates.put(name, TemplateParser.parse(file, name));
        }
      }
    }
    for (ChrootTemplate template : templates.values()) {
      if (!byName.containsKey(template.family())) {
        throw new UserException(
            template.source()
                + ": unknown family '"
                + template.family()
                + "'; known families: "
                + String.join(", ", byName.keySet()));
      }
    }
    return new TemplateCatalog(templates, byName);
  }

  private static List<String> builtInNames() throws IOException {
    List<String> names = new ArrayList<>();
    try (InputStream in = TemplateCatalog.class.getResourceAsStream(BUILT_IN + "index");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.strip());
        }
      }
    }
    return names;
  }

  /** Every template, by name. */
  public List<ChrootTemplate> templates() {
    return List.copyOf(templates.values());
  }

  public Optional<ChrootTemplate> find(String name) {
    return Optional.ofNullable(templates.get(name));
  }

  /** The template called {@code name}, or a user error listing the known ones. */
  public ChrootTemplate template(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new UserException(
                    "unknown template '"
                        + name
                        + "'; known templates: "
                        + String.join(", ", templates.keySet())
                        + " (site templates go in <config dir>/"
                        + SITE_DIRECTORY
                        + "/NAME.yaml)"));
  }

  public List<DistributionFamily> families() {
    return List.copyOf(families.values());
  }

  /** The family that builds {@code template}. */
  public DistributionFamily family(ChrootTemplate template) {
    return families.get(template.family());
  }

  /**
   * Context help for a template: what it installs, from where, and which variables it reads.
   */
  public String contextHelp(String name) {
    ChrootTemplate template = template(name);
    DistributionFamily family = family(template);
    StringBuilder text = new StringBuilder();
    text.append(template.name()).append(": ").append(template.description()).append("\n\n");
    text.append("Family:          ").append(template.family()).append('\n');
    text.append("Package manager: ").append(template.packageManager().orElse("chosen by the family")).append('\n');
    text.append("Release:         ").append(template.release()).append('\n');
    template.arch().ifPresent(arch -> text.append("Architecture:    ").append(arch).append('\n'));
    text.append("Mirrors:         ")
        .append(template.mirrors().isEmpty() ? "(none: name one)" : String.join(", ", template.mirrors()))
        .append('\n');
    if (!template.components().isEmpty()) {
      text.append("Components:      ").append(String.join(", ", template.components())).append('\n');
    }
    text.append("Signatures:      ").append(template.verifySignatures() ? "checked" : "not checked").append('\n');
    text.append("Packages:        ").append(String.join(" ", template.packages())).append('\n');
    ChrootTemplate.PostBuild post = template.postBuild();
    List<String> steps = new ArrayList<>();
    if (post.fstab()) {
      steps.add("fstab");
    }
    if (post.networking()) {
      steps.add("networking");
    }
    if (post.lockRoot()) {
      steps.add("root account locked");
    }
    if (post.sshHostKeys()) {
      steps.add("ssh host keys");
    }
    post.timezone().ifPresent(zone -> steps.add("time zone " + zone));
    if (post.emptyMachineId()) {
      steps.add("empty machine-id");
    }
    if (post.cleanCaches()) {
      steps.add("package caches cleaned");
    }
    text.append("After the build: ").append(String.join(", ", steps)).append('\n');
    text.append("Defined in:      ").append(template.source()).append("\n\nVariables read:\n");
    family.variables().forEach((variable, meaning) ->
        text.append(String.format("  %-14s %s%n", variable, meaning)));
    text.append(String.format("  %-14s %s%n", "INSTALL_ISO", "comma-separated ISO images to install from (all of them are used)"));
    if (!template.help().isBlank()) {
      text.append('\n').append(template.help().strip()).append('\n');
    }
    return text.toString();
  }
}
