package dev.ww.chroot;

import dev.ww.core.UserException;
import dev.ww.core.event.StepTimer;
import java.io.IOException;
import java.util.List;

/**
 * Changes an existing root as {@code wwmngchroot} does: inside a {@link ChrootSession}, the
 * package manager the root's release files call for removes packages, then installs packages,
 * then (if asked) the user gets a shell. The session is closed in every case.
 */
public final class ChrootManager {

  private final HostServices host;
  private final List<DistributionFamily> families;

  public ChrootManager(HostServices host, List<DistributionFamily> families) {
    this.host = host;
    this.families = List.copyOf(families);
  }

  public void change(ChangeRequest request) throws IOException {
    try (ChrootSession session = ChrootSession.open(host, request.root())) {
      IOException failure = null;
      RuntimeException error = null;
      try {
        if (!request.remove().isEmpty() || !request.install().isEmpty()) {
          PackageManager packages = familyOf(session).packageManager(session);
          if (!request.remove().isEmpty()) {
            try (StepTimer timer = host.events().time("Removing packages")) {
              packages.remove(request.remove(), request.assumeYes());
            }
          }
          if (!request.install().isEmpty()) {
            try (StepTimer timer = host.events().time("Installing packages")) {
              packages.install(request.install(), request.assumeYes());
            }
          }
        }
      } catch (IOException e) {
        failure = e;
      } catch (RuntimeException e) {
        error = e;
      }
      if (request.shell()) {
        if (failure != null || error != null) {
          host.events().error("the package changes failed; the shell lets you look at the root before it is cleaned up");
        }
        session.shell();
      }
      if (failure != null) {
        throw failure;
      }
      if (error != null) {
        throw error;
      }
    }
  }

  private DistributionFamily familyOf(ChrootSession session) throws IOException {
    for (DistributionFamily family : families) {
      if (family.recognizes(session.files())) {
        host.events().debug(session.root() + " belongs to the " + family.name() + " family");
        return family;
      }
    }
    throw new UserException(
        "cannot tell which distribution " + session.root()
            + " holds (no /etc/debian_version, /etc/redhat-release or similar release file); is it a node root?");
  }
}
