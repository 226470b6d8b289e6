package dev.ww.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by every tool's {@code --version}: the one in the jar's manifest. */
public final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {
      "${COMMAND-NAME} (ww) " + (version == null ? "development build" : version),
      "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
    };
  }
}
