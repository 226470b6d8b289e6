package dev.ww.chroot;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Changes to an existing root: packages removed first, then packages installed, then
 * optionally an interactive shell inside it.
 */
public record ChangeRequest(
    Path root, List<String> remove, List<String> install, boolean shell, boolean assumeYes) {

  public ChangeRequest {
    Objects.requireNonNull(root, "root");
    remove = List.copyOf(remove);
    install = List.copyOf(install);
    for (String pkg : remove) {
      checkPackage(pkg);
    }
    for (String pkg : install) {
      checkPackage(pkg);
    }
    if (remove.isEmpty() && install.isEmpty() && !shell) {
      throw new dev.ww.core.UserException(
          "nothing to do: name packages to install (-i) or remove (-r), or ask for a shell (-s)");
    }
  }

  private static void checkPackage(String pkg) {
    // Package names and version/arch qualifiers; never an option for the package manager.
    if (!pkg.matches("[A-Za-z0-9][A-Za-z0-9.+_:~=*@/-]*")) {
      throw new dev.ww.core.UserException("'" + pkg + "' is not a package name");
    }
  }
}
