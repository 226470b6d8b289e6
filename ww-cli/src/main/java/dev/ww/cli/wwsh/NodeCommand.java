package dev.ww.cli.wwsh;

import dev.ww.core.UserException;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.Modification;
import dev.ww.datastore.NodeRange;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wwsh node new|set|list|print|delete|clone}. */
@Command(
    name = "node",
    description = "Create, change, list and delete nodes.",
    subcommands = {
      NodeCommand.New.class, NodeCommand.Set.class, NodeCommand.ListNodes.class,
      NodeCommand.Print.class, NodeCommand.Delete.class, NodeCommand.Clone.class,
      NodeStatusCommand.class
    })
final class NodeCommand {

  /** Targets with an optional lookup field, as every wwsh command takes them. */
  static final class Targets {
    @Option(names = {"-l", "--lookup"}, paramLabel = "FIELD", description = "Match targets against FIELD (name, hwaddr, ipaddr, groups, cluster, id, ...).")
    String lookup = "NAME";

    @Parameters(paramLabel = "TARGET", description = "Names, wildcards (* ?) or ranges (n00[00-99]).")
    List<String> targets = new ArrayList<>();

    Query query(String type) {
      return Query.of(type, lookup, targets);
    }

    /** The matching objects of a type; every one of them when no target is given. */
    List<StoredObject> selected(Datastore store, String type) throws IOException {
      return targets.isEmpty() ? store.find(Query.all(type)) : store.require(query(type));
    }
  }

  @Command(name = "new", description = "Create nodes (ranges such as n00[00-09] create several).")
  static final class New extends StoreCommand {
    @Mixin NodeOptions options;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Override
    protected void run(Datastore store) throws IOException {
      List<String> expanded = new ArrayList<>();
      names.forEach(n -> expanded.addAll(NodeRange.expand(n)));
      if (expanded.size() > 1 && options.setsUniqueAddress()) {
        throw new UserException("--hwaddr, --ipaddr and --fqdn name one node; create " + expanded.size() + " nodes without them");
      }
      List<Modification> modifications = options.modifications();
      List<Attributes> nodes = new ArrayList<>();
      for (String name : expanded) {
        Attributes attributes = Attributes.empty().set("NAME", name);
        for (Modification modification : modifications) {
          attributes = modification.applyTo(attributes);
        }
        nodes.add(attributes);
      }
      List<StoredObject> created = editor(store).createAll(ObjectTypes.NODE, nodes);
      if (global.verbose()) {
        created.forEach(o -> out().println("created node " + o.name()));
      }
    }
  }

  @Command(name = "set", description = "Change nodes.")
  static final class Set extends StoreCommand {
    @Mixin NodeOptions options;
    @Mixin Targets targets;

    @Option(names = "--netdel", paramLabel = "DEV", description = "Remove a network device.")
    String netdel;

    @Option(names = "--netrename", paramLabel = "NEWNAME", description = "Rename the --netdev device.")
    String netrename;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Rename the node.")
    String rename;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected void run(Datastore store) throws IOException {
      if (targets.targets.isEmpty()) {
        throw new UserException("name the nodes to change");
      }
      List<Modification> modifications = new ArrayList<>();
      if (netrename != null) {
        if (options.netdev == null) {
          throw new UserException("--netrename needs --netdev naming the device to rename");
        }
        modifications.add(new Modification.RenameNetDev(options.netdev, netrename));
        options.netdev = null;
      }
      modifications.addAll(options.modifications());
      if (netdel != null) {
        modifications.add(new Modification.RemoveNetDev(netdel));
      }
      if (rename != null) {
        modifications.add(new Modification.Set("NAME", List.of(rename)));
      }
      ObjectCommand.applyConfirmed(this, editor(store), targets.query(ObjectTypes.NODE), modifications, yes,
          rename != null || options.setsUniqueAddress());
    }
  }

  @Command(name = "list", description = "List nodes: NAME GROUPS IPADDR HWADDR.")
  static final class ListNodes extends StoreCommand {
    @Mixin Targets targets;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    protected void run(Datastore store) throws IOException {
      List<StoredObject> nodes = targets.selected(store, ObjectTypes.NODE);
      if (json) {
        Printer.json(out(), nodes);
      } else {
        Printer.nodeTable(out(), nodes);
      }
    }
  }

  @Command(name = "print", description = "Print every member of nodes.")
  static final class Print extends StoreCommand {
    @Mixin Targets targets;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    protected void run(Datastore store) throws IOException {
      List<StoredObject> nodes = targets.selected(store, ObjectTypes.NODE);
      if (json) {
        Printer.json(out(), nodes);
      } else {
        Printer.members(out(), nodes);
      }
    }
  }

  @Command(name = "delete", description = "Delete nodes.")
  static final class Delete extends StoreCommand {
    @Mixin Targets targets;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected void run(Datastore store) throws IOException {
      ObjectCommand.deleteConfirmed(this, store, targets.query(ObjectTypes.NODE), targets.targets, yes);
    }
  }

  @Command(name = "clone", description = "Copy a node under a new name (without its addresses).")
  static final class Clone extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "NEWNAME")
    String newName;

    @Override
    protected void run(Datastore store) throws IOException {
      editor(store).cloneNode(source, newName);
    }
  }
}
