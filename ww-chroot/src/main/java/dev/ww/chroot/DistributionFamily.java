package dev.ww.chroot;

import dev.ww.core.os.ConfinedFiles;
import java.io.IOException;
import java.util.Map;

/**
 * A family of distributions that build the same way (Debian and its derivatives, the RHEL
 * family, ...). Families are found with {@link java.util.ServiceLoader}: a jar adds one by
 * naming its implementation in {@code META-INF/services/dev.ww.chroot.DistributionFamily}, and
 * templates refer to it by {@link #name()}.
 */
public interface DistributionFamily {

  /** The name templates use in their {@code family} key. */
  String name();

  /**
   * The environment variables this family reads, with what each means; shown in context help.
   */
  Map<String, String> variables();

  /** The variable holding a comma-separated mirror override ({@code DEB_MIRROR}). */
  String mirrorVariable();

  /**
   * Installs the template's packages into the (empty or reused) root and writes the family's
   * own package configuration (sources, repositories). Every file written by Java goes through
   * {@code context.files()}.
   */
  void build(BuildContext context) throws IOException;

  /** Removes downloaded packages and package-manager caches from a finished root. */
  void cleanCaches(ConfinedFiles root) throws IOException;

  /** Whether the root's release files show that it belongs to this family. */
  boolean recognizes(ConfinedFiles root) throws IOException;

  /** The package manager that changes a root of this family inside a session. */
  PackageManager packageManager(ChrootSession session);
}
