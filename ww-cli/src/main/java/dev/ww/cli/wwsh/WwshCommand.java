package dev.ww.cli.wwsh;

import dev.ww.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code wwsh}: the datastore shell, with Warewulf 3's command tree. */
@Command(
    name = "wwsh",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Manage nodes, files, VNFS capsules, bootstraps and provisioning in the datastore.",
    subcommands = {
      NodeCommand.class, ObjectCommand.class, FileCommand.class, VnfsCommand.class,
      BootstrapCommand.class, ProvisionCommand.class, DhcpCommand.class, PxeCommand.class
    })
public final class WwshCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "give a command: node, object, file, vnfs, bootstrap or provision");
  }
}
