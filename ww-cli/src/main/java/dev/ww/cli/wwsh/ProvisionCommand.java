package dev.ww.cli.wwsh;

import dev.ww.core.UserException;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.Modification;
import dev.ww.datastore.Node;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredObject;
import dev.ww.provision.DatastoreCatalog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wwsh provision set|print}: what nodes boot and receive. */
@Command(
    name = "provision",
    description = "What nodes boot (VNFS, bootstrap) and receive (files, scripts, kernel arguments).",
    subcommands = {ProvisionCommand.SetProvision.class, ProvisionCommand.Print.class})
final class ProvisionCommand {

  /** The members {@code provision print} shows, in order. */
  static final List<String> MEMBERS = List.of(
      Node.BOOTSTRAP, Node.VNFS, Node.FILES, Node.KARGS, Node.CONSOLE, Node.BOOTLOCAL, Node.PRESHELL, Node.POSTSHELL,
      Node.POSTREBOOT, Node.POSTNETDOWN, Node.PRESCRIPT, Node.POSTSCRIPT, Node.RUNTIMESCRIPT, Node.NORUNTIMESERVICES,
      DatastoreCatalog.PRIVILEGED_PORT, DatastoreCatalog.BOOT_TRANSPORT);

  @Command(name = "set", description = "Set provisioning members of nodes (an empty value or UNDEF unsets).")
  static final class SetProvision extends StoreCommand {
    @Mixin NodeCommand.Targets targets;

    @Option(names = {"-b", "--bootstrap"}, paramLabel = "NAME") String bootstrap;
    @Option(names = {"-V", "--vnfs"}, paramLabel = "NAME") String vnfs;
    @Option(names = "--files", split = ",", paramLabel = "FILE", description = "Set the files (comma-separated).") List<String> files;
    @Option(names = "--fileadd", split = ",", paramLabel = "FILE", description = "Add files.") List<String> fileAdd;
    @Option(names = "--filedel", split = ",", paramLabel = "FILE", description = "Remove files.") List<String> fileDel;
    @Option(names = "--kargs", paramLabel = "ARGS", description = "Kernel arguments (quote them as one argument).") String kargs;
    @Option(names = "--console", paramLabel = "CONSOLE", description = "Console, e.g. ttyS0,115200.") String console;
    @Option(names = "--bootlocal", paramLabel = "0|1|EXIT", description = "Boot from the local disk instead of provisioning.") String bootlocal;
    @Option(names = "--preshell", paramLabel = "0|1", description = "Start a shell before provisioning.") String preshell;
    @Option(names = "--postshell", paramLabel = "0|1", description = "Start a shell after provisioning.") String postshell;
    @Option(names = "--postreboot", paramLabel = "0|1", description = "Reboot after provisioning.") String postreboot;
    @Option(names = "--postnetdown", paramLabel = "0|1", description = "Take the network down after provisioning.") String postnetdown;
    @Option(names = "--prescript", paramLabel = "SCRIPT", description = "Script run before provisioning.") String prescript;
    @Option(names = "--postscript", paramLabel = "SCRIPT", description = "Script run after provisioning.") String postscript;
    @Option(names = "--runtimescript", paramLabel = "SCRIPT", description = "Script run on the running node.") String runtimescript;
    @Option(names = "--privileged-port", paramLabel = "yes|no|UNDEF", description =
        "yes: the node's requests (config, capsule, files, scripts, reports) must come from a source "
            + "port below 1024; no: not even when wwprovisiond runs with --privileged-port; UNDEF: as the "
            + "server says.") String privilegedPort;
    @Option(names = "--boot-transport", paramLabel = "http|tftp|UNDEF", description =
        "How the node's iPXE script, kernel and initramfs reach it: http (from wwprovisiond) or tftp "
            + "(placed in the TFTP root by wwsh pxe update); UNDEF: the site's --boot-transport. Run wwsh "
            + "dhcp update and pxe update after.")
    String bootTransport;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected void run(Datastore store) throws IOException {
      List<Modification> modifications = new ArrayList<>();
      NodeOptions.scalar(modifications, Node.BOOTSTRAP, bootstrap);
      NodeOptions.scalar(modifications, Node.VNFS, vnfs);
      if (files != null) {
        modifications.add(new Modification.Set(Node.FILES, files.stream().filter(f -> !f.equals("UNDEF")).toList()));
      }
      if (fileAdd != null) {
        modifications.add(new Modification.Add(Node.FILES, fileAdd));
      }
      if (fileDel != null) {
        modifications.add(new Modification.Delete(Node.FILES, fileDel));
      }
      NodeOptions.scalar(modifications, Node.KARGS, kargs);
      NodeOptions.scalar(modifications, Node.CONSOLE, console);
      NodeOptions.scalar(modifications, Node.BOOTLOCAL, bootlocal);
      NodeOptions.scalar(modifications, Node.PRESHELL, preshell);
      NodeOptions.scalar(modifications, Node.POSTSHELL, postshell);
      NodeOptions.scalar(modifications, Node.POSTREBOOT, postreboot);
      NodeOptions.scalar(modifications, Node.POSTNETDOWN, postnetdown);
      NodeOptions.scalar(modifications, Node.PRESCRIPT, prescript);
      NodeOptions.scalar(modifications, Node.POSTSCRIPT, postscript);
      NodeOptions.scalar(modifications, Node.RUNTIMESCRIPT, runtimescript);
      NodeOptions.scalar(modifications, DatastoreCatalog.PRIVILEGED_PORT, yesNo("--privileged-port", privilegedPort));
      NodeOptions.scalar(modifications, DatastoreCatalog.BOOT_TRANSPORT,
          bootTransport == null || bootTransport.isEmpty() || bootTransport.equals("UNDEF")
              ? bootTransport : PxeCommand.bootTransport(bootTransport).word());
      if (modifications.isEmpty()) {
        throw new UserException("nothing to change; see wwsh provision set --help");
      }
      if (targets.targets.isEmpty()) {
        throw new UserException("name the nodes to change");
      }
      ObjectCommand.applyConfirmed(this, editor(store), targets.query(ObjectTypes.NODE), modifications, yes, false);
    }
  }

  /** {@code yes}/{@code no} in any case (also 1/0, true/false, on/off), or UNDEF or empty to unset. */
  static String yesNo(String option, String value) {
    if (value == null || value.isEmpty() || value.equals("UNDEF")) {
      return value;
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "yes", "1", "true", "on" -> "yes";
      case "no", "0", "false", "off" -> "no";
      default -> throw new UserException(option + " must be yes, no or UNDEF, not '" + value + "'");
    };
  }

  @Command(name = "print", description = "Print nodes' provisioning members.")
  static final class Print extends StoreCommand {
    @Mixin NodeCommand.Targets targets;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    protected void run(Datastore store) throws IOException {
      List<StoredObject> nodes = targets.selected(store, ObjectTypes.NODE);
      if (json) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StoredObject node : nodes) {
          Map<String, Object> map = new LinkedHashMap<>();
          map.put("name", node.name());
          for (String member : MEMBERS) {
            List<String> values = node.attributes().list(member);
            map.put(member, values.isEmpty() ? null : member.equals(Node.FILES) ? values : String.join(",", values));
          }
          out.add(map);
        }
        Printer.write(out(), out);
        return;
      }
      for (StoredObject node : nodes) {
        out().println("#### " + node.name() + " " + "#".repeat(Math.max(3, 70 - node.name().length())));
        for (String member : MEMBERS) {
          List<String> values = node.attributes().list(member);
          out().printf("%15s: %-16s = %s%n", node.name(), member, values.isEmpty() ? "UNDEF" : String.join(",", values));
        }
      }
    }
  }
}
