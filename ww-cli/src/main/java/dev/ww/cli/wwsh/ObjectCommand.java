package dev.ww.cli.wwsh;

import dev.ww.core.UserException;
import dev.ww.datastore.Change;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.Modification;
import dev.ww.datastore.ObjectEditor;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wwsh object modify|print|delete|history|undo}: any object type, any member. */
@Command(
    name = "object",
    description = "Work on objects of any type by their members.",
    subcommands = {
      ObjectCommand.Modify.class, ObjectCommand.Print.class, ObjectCommand.Delete.class,
      ObjectCommand.History.class, ObjectCommand.Undo.class, ObjectCommand.Export.class, ObjectCommand.Import.class
    })
final class ObjectCommand {

  static final class TypedTargets {
    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", description = "Object type (default: node).")
    String type = "node";

    @Mixin NodeCommand.Targets targets;

    Query query() {
      return targets.query(type);
    }
  }

  @Command(name = "modify", description = "Set (-s), add (-a) or delete (-D) members: -s KEY=v1,v2, -a KEY=v, -D KEY[=v].")
  static final class Modify extends StoreCommand {
    @Mixin TypedTargets targets;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "Set a member (an empty value unsets it).")
    List<String> set = new ArrayList<>();

    @Option(names = {"-a", "--add"}, paramLabel = "KEY=VALUE", description = "Add values to a member.")
    List<String> add = new ArrayList<>();

    @Option(names = {"-D", "--del"}, paramLabel = "KEY[=VALUE]", description = "Delete a member, or some of its values.")
    List<String> delete = new ArrayList<>();

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected void run(Datastore store) throws IOException {
      List<Modification> modifications = new ArrayList<>();
      set.forEach(s -> modifications.add(Modification.parseSet(s)));
      add.forEach(a -> modifications.add(Modification.parseAdd(a)));
      delete.forEach(d -> modifications.add(Modification.parseDelete(d)));
      if (modifications.isEmpty()) {
        throw new UserException("nothing to change; give -s, -a or -D");
      }
      Modification.refusePrivate(modifications);
      if (targets.targets.targets.isEmpty()) {
        throw new UserException("name the objects to modify");
      }
      applyConfirmed(this, editor(store), targets.query(), modifications, yes, false);
    }
  }

  @Command(name = "print", description = "Print every member of objects.")
  static final class Print extends StoreCommand {
    @Mixin TypedTargets targets;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    protected void run(Datastore store) throws IOException {
      List<StoredObject> objects = targets.targets.targets.isEmpty()
          ? store.find(Query.all(targets.type))
          : store.require(targets.query());
      if (json) {
        Printer.json(out(), objects);
      } else {
        Printer.members(out(), objects);
      }
    }
  }

  @Command(name = "delete", description = "Delete objects.")
  static final class Delete extends StoreCommand {
    @Mixin TypedTargets targets;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected void run(Datastore store) throws IOException {
      deleteConfirmed(this, store, targets.query(), targets.targets.targets, yes);
    }
  }

  @Command(name = "history", description = "Show every recorded change of an object: who, when, before and after.")
  static final class History extends StoreCommand {
    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", description = "Object type (default: node).")
    String type = "node";

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    protected void run(Datastore store) throws IOException {
      List<Change> changes = store.history(type, name);
      if (changes.isEmpty()) {
        throw new UserException("no history for " + type + " " + name);
      }
      if (json) {
        Printer.write(out(), changes.stream().map(c -> java.util.Map.of(
            "change", c.changeId(), "who", c.who(), "at", c.at().toString(), "action", c.action(),
            "summary", c.summary(),
            "before", c.before().map(a -> (Object) a.asMap()).orElse(java.util.Map.of()),
            "after", c.after().map(a -> (Object) a.asMap()).orElse(java.util.Map.of()))).toList());
      } else {
        Printer.history(out(), changes);
      }
    }
  }

  @Command(name = "undo", description = "Revert a recorded change (see history), as a new change.")
  static final class Undo extends StoreCommand {
    @Parameters(paramLabel = "CHANGE")
    long change;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected void run(Datastore store) throws IOException {
      List<Change> entries = store.change(change);
      if (entries.isEmpty()) {
        throw new UserException("there is no change " + change);
      }
      List<String> lines = new ArrayList<>();
      lines.add("Undo change " + change + " (" + entries.get(0).summary() + ", by " + entries.get(0).who() + "):");
      entries.forEach(e -> lines.add("  " + e.action() + " " + e.type() + " " + e.name()));
      if (confirm(yes, lines)) {
        long undo = store.undo(change, who());
        out().println("Recorded as change " + undo + ".");
      }
    }
  }

  @Command(name = "export", description = "Write objects as YAML (all types, or -t TYPE and targets), for review and import.")
  static final class Export extends StoreCommand {
    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", description = "Only this type (default: every type).")
    String type;

    @Mixin NodeCommand.Targets targets;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (default: standard output).")
    java.nio.file.Path output;

    @Override
    protected void run(Datastore store) throws IOException {
      List<StoredObject> objects = new ArrayList<>();
      if (type == null) {
        if (!targets.targets.isEmpty()) {
          throw new UserException("targets need -t TYPE");
        }
        for (String t : store.types()) {
          objects.addAll(store.find(Query.all(t)));
        }
      } else {
        objects.addAll(targets.targets.isEmpty() ? store.find(Query.all(type)) : store.require(targets.query(type)));
      }
      if (output == null) {
        dev.ww.datastore.StoreYaml.export(objects, out());
        out().flush();
        return;
      }
      java.nio.file.Path absolute = output.toAbsolutePath();
      java.nio.file.Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
      try (java.io.Writer writer = java.nio.file.Files.newBufferedWriter(temp)) {
        dev.ww.datastore.StoreYaml.export(objects, writer);
      }
      java.nio.file.Files.move(temp, absolute, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  @Command(name = "import", description = "Create or update the objects in a YAML export (or a Warewulf 3 jsondump), in one transaction.")
  static final class Import extends StoreCommand {
    @Parameters(paramLabel = "FILE")
    java.nio.file.Path file;

    @Option(names = "--jsondump", description = "FILE is the output of Warewulf 3's 'wwsh object jsondump'.")
    boolean jsondump;

    @Option(names = "--dry-run", description = "Only print what would change.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected void run(Datastore store) throws IOException {
      String text = java.nio.file.Files.readString(file);
      List<dev.ww.datastore.StoreYaml.Entry> entries = jsondump
          ? dev.ww.datastore.Warewulf3Dump.parse(file, text)
          : dev.ww.datastore.StoreYaml.parse(global.layout(), file, text);
      List<String> diff = dev.ww.datastore.StoreYaml.diff(store, entries);
      if (diff.isEmpty()) {
        out().println("Nothing to change.");
        return;
      }
      if (dryRun) {
        diff.forEach(out()::println);
        return;
      }
      if (confirm(yes, diff)) {
        int changed = dev.ww.datastore.StoreYaml.apply(store, who(), entries);
        out().println("Imported: " + changed + " object(s) created or changed.");
      }
    }
  }

  /** Shows what will change, asks, applies. */
  static void applyConfirmed(
      StoreCommand command, ObjectEditor editor, Query query, List<Modification> modifications, boolean yes, boolean single)
      throws IOException {
    List<ObjectEditor.Planned> plan = editor.preview(query, modifications);
    if (single && plan.size() > 1) {
      throw new UserException("this change names one object, but the targets match " + plan.size());
    }
    List<String> lines = new ArrayList<>();
    for (ObjectEditor.Planned planned : plan) {
      planned.changes().forEach(c -> lines.add(String.format("%15s: %s", planned.object().name(), c)));
    }
    if (command.confirm(yes, lines)) {
      editor.modify(query, modifications);
    }
  }

  static void deleteConfirmed(StoreCommand command, Datastore store, Query query, List<String> targets, boolean yes)
      throws IOException {
    if (targets.isEmpty()) {
      throw new UserException("name the objects to delete");
    }
    List<StoredObject> objects = store.require(query);
    List<String> lines = new ArrayList<>();
    objects.forEach(o -> lines.add("DEL: " + o.label()));
    if (command.confirm(yes, lines)) {
      command.editor(store).delete(query);
    }
  }
}
