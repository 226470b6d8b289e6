package dev.ww.chroot;

import java.io.IOException;
import java.util.List;

/**
 * Installs and removes packages in a root during a {@link ChrootSession}. With {@code
 * assumeYes} the package manager asks nothing and its output becomes events; without it, it
 * talks to the terminal so the user can answer its questions.
 */
public interface PackageManager {

  /** A short name for messages ({@code apt-get}, {@code dnf}). */
  String name();

  void remove(List<String> packages, boolean assumeYes) throws IOException;

  void install(List<String> packages, boolean assumeYes) throws IOException;
}
