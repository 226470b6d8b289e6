package dev.ww.chroot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A recipe for a node root: which distribution family builds it, from which mirrors, which
 * release and packages, and what is configured afterwards. Templates are data (YAML files);
 * see {@link TemplateCatalog}.
 *
 * @param name the template's name (its file name without {@code .yaml})
 * @param description one line for the template list
 * @param family the {@link DistributionFamily} that builds it ({@code debian}, {@code rhel})
 * @param packageManager the bootstrap tool to use, or empty to let the family choose
 * @param release the release or suite ({@code bookworm}, {@code 9})
 * @param arch the architecture, or empty for the family's default
 * @param mirrors package mirrors, tried in order; may be empty when the user must name one
 * @param components archive components (Debian), empty for families without them
 * @param packages what to install besides the family's minimal base
 * @param verifySignatures whether package signatures are checked
 * @param signingKeys key locations the package manager checks signatures against (RHEL)
 * @param postBuild configuration applied after the packages are in
 * @param help context help: what it installs, from where, what to know
 * @param source where the template was read from, for messages
 */
public record ChrootTemplate(
    String name,
    String description,
    String family,
    Optional<String> packageManager,
    String release,
    Optional<String> arch,
    List<String> mirrors,
    List<String> components,
    List<String> packages,
    boolean verifySignatures,
    List<String> signingKeys,
    PostBuild postBuild,
    String help,
    String source) {

  public ChrootTemplate {
    requireText(name, "name");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "template name '" + name + "' may only use letters, digits, '.', '_' and '-'");
    }
    requireText(description, "description");
    requireText(family, "family");
    Objects.requireNonNull(packageManager, "packageManager");
    requireText(release, "release");
    Objects.requireNonNull(arch, "arch");
    mirrors = List.copyOf(mirrors);
    components = List.copyOf(components);
    packages = List.copyOf(packages);
    signingKeys = List.copyOf(signingKeys);
    for (String pkg : packages) {
      if (!pkg.matches("[A-Za-z0-9][A-Za-z0-9.+_:~-]*")) {
        throw new IllegalArgumentException("'" + pkg + "' is not a package name");
      }
    }
    Objects.requireNonNull(postBuild, "postBuild");
    help = help == null ? "" : help;
    Objects.requireNonNull(source, "source");
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + what + "' is required");
    }
  }

  /**
   * What is configured after the packages are installed.
   *
   * @param fstab write {@code /etc/fstab} with the {@code #GENERATED_ENTRIES#} marker
   * @param networking write the basic network configuration
   * @param lockRoot lock the root account's password
   * @param sshHostKeys give the image ssh host keys when ssh is installed
   * @param timezone the time zone ({@code Etc/UTC}, {@code Europe/Berlin}), or empty to leave it
   * @param emptyMachineId leave an empty {@code /etc/machine-id} so each node makes its own
   * @param cleanCaches remove the package manager's downloaded packages
   */
  public record PostBuild(
      boolean fstab,
      boolean networking,
      boolean lockRoot,
      boolean sshHostKeys,
      Optional<String> timezone,
      boolean emptyMachineId,
      boolean cleanCaches) {

    public PostBuild {
      Objects.requireNonNull(timezone, "timezone");
      timezone.ifPresent(
          zone -> {
            if (!zone.matches("[A-Za-z0-9][A-Za-z0-9_+-]*(/[A-Za-z0-9][A-Za-z0-9_+-]*)*")) {
              throw new IllegalArgumentException("'" + zone + "' is not a time zone name");
            }
          });
    }

    /** Everything on, time zone UTC. */
    public static PostBuild defaults() {
      return new PostBuild(true, true, true, true, Optional.of("Etc/UTC"), true, true);
    }
  }
}
