package dev.ww.datastore;

import dev.ww.core.UserException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operations the command line offers, as library calls: each is one transaction recorded
 * under {@code who}. A front-end previews a change with {@link #preview}, asks, then applies it;
 * the apply step reads the objects again inside its transaction.
 */
public final class ObjectEditor {

  private final Datastore store;
  private final String who;

  public ObjectEditor(Datastore store, String who) {
    this.store = store;
    this.who = who;
  }

  /** What a modification would do to one object, as lines for a confirmation prompt. */
  public record Planned(StoredObject object, List<String> changes) {}

  public List<Planned> preview(Query query, List<Modification> modifications) throws IOException {
    List<Planned> plan = new ArrayList<>();
    for (StoredObject object : store.require(query)) {
      plan.add(new Planned(object, modifications.stream().map(Modification::describe).toList()));
    }
    return plan;
  }

  /** Applies modifications to every object the query names, all in one transaction. */
  public List<StoredObject> modify(Query query, List<Modification> modifications) throws IOException {
    return store.write(who, summary("modify", query, modifications), tx -> {
      List<StoredObject> updated = new ArrayList<>();
      for (StoredObject object : tx.require(query)) {
        Attributes attributes = object.attributes();
        for (Modification modification : modifications) {
          attributes = modification.applyTo(attributes);
        }
        updated.add(tx.update(object, attributes));
      }
      return updated;
    });
  }

  /** Creates an object. */
  public StoredObject create(String type, Attributes attributes) throws IOException {
    return store.write(who, "create " + type + " " + attributes.get("NAME").orElse(""), tx -> tx.create(type, attributes));
  }

  /** Creates several objects in one transaction (all or none). */
  public List<StoredObject> createAll(String type, List<Attributes> objects) throws IOException {
    return store.write(who, "create " + objects.size() + " " + type + " objects", tx -> {
      List<StoredObject> created = new ArrayList<>();
      for (Attributes attributes : objects) {
        created.add(tx.create(type, attributes));
      }
      return created;
    });
  }

  /**
   * Deletes the objects a query names. Deleting files also removes them from every node that
   * lists them (as Warewulf 3 did); a VNFS or bootstrap that nodes still use is refused.
   */
  public List<StoredObject> delete(Query query) throws IOException {
    return store.write(who, summary("delete", query, List.of()), tx -> {
      List<StoredObject> deleted = tx.require(query);
      for (StoredObject object : deleted) {
        String referencingKey = switch (object.type()) {
          case ObjectTypes.FILE -> Node.FILES;
          case ObjectTypes.VNFS -> Node.VNFS;
          case ObjectTypes.BOOTSTRAP -> Node.BOOTSTRAP;
          default -> null;
        };
        if (referencingKey != null) {
          List<StoredObject> users = tx.find(new Query(ObjectTypes.NODE, referencingKey, List.of(object.name())));
          if (!users.isEmpty() && !object.type().equals(ObjectTypes.FILE)) {
            throw new UserException(object.label() + " is used by " + users.size() + " node(s) ("
                + users.get(0).name() + (users.size() > 1 ? ", ..." : "") + "); assign another first");
          }
          for (StoredObject node : users) {
            tx.update(node, node.attributes().delete(Node.FILES, List.of(object.name())));
          }
        }
        tx.delete(object);
      }
      return deleted;
    });
  }

  /**
   * Copies a node under a new name. Hardware and IP addresses are not copied: they belong to
   * the original machine.
   */
  public StoredObject cloneNode(String source, String newName) throws IOException {
    return store.write(who, "clone node " + source + " as " + newName, tx -> {
      StoredObject original = tx.get(ObjectTypes.NODE, source)
          .orElseThrow(() -> new UserException("no node named " + source + " found"));
      Attributes copy = original.attributes().set("NAME", newName);
      for (String key : original.attributes().asMap().keySet()) {
        if (key.startsWith("NETDEV.") && (key.endsWith(".HWADDR") || key.endsWith(".IPADDR") || key.endsWith(".FQDN"))) {
          copy = copy.delete(key);
        }
      }
      return tx.create(ObjectTypes.NODE, copy);
    });
  }

  /**
   * Imports content (a capsule, a bootstrap, a file's bytes) as a blob and creates or replaces
   * the object that names it. The blob is stored first; the object refers to it only once it
   * is complete, so a crash leaves the old object.
   *
   * @param replace replace an existing object of that name (else it is an error)
   */
  public StoredObject importContent(String type, String name, InputStream content, Attributes extra, boolean replace)
      throws IOException {
    BlobRef blob = store.blobs().put(content);
    Attributes attributes = extra.set("NAME", name).set("_BLOB", blob.sha256()).set("SIZE", String.valueOf(blob.size()));
    return store.write(who, "import " + type + " " + name, tx -> {
      var existing = tx.get(type, name);
      if (existing.isPresent()) {
        if (!replace) {
          throw new UserException(type + " " + name + " already exists; pass --overwrite (or -y) to replace it");
        }
        Attributes merged = existing.get().attributes();
        for (var entry : attributes.asMap().entrySet()) {
          merged = merged.set(entry.getKey(), entry.getValue());
        }
        return tx.update(existing.get(), merged);
      }
      return tx.create(type, attributes);
    });
  }

  /** Imports a host file as a {@code file} object: name, path, mode, owner and detected format. */
  public StoredObject importFile(
      String name, String nodePath, int mode, long uid, long gid, InputStream content, boolean replace)
      throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(content, 4096);
    buffered.mark(256);
    byte[] head = buffered.readNBytes(256);
    buffered.reset();
    String format = StoredFile.detectFormat(nodePath, head);
    Attributes extra = Attributes.empty()
        .set(StoredFile.PATH, nodePath)
        .set(StoredFile.MODE, StoredFile.formatMode(mode))
        .set(StoredFile.UID, String.valueOf(uid))
        .set(StoredFile.GID, String.valueOf(gid))
        .set(StoredFile.FORMAT, format);
    return importContent(ObjectTypes.FILE, name, buffered, extra, replace);
  }

  /** Writes an object's content to a file, verified, atomically. */
  public void exportContent(String type, String name, Path destination) throws IOException {
    StoredObject object = store.get(type, name)
        .orElseThrow(() -> new UserException("no " + type + " named " + name + " found"));
    String sha256 = object.attributes().get("_BLOB")
        .orElseThrow(() -> new UserException(object.label() + " has no content"));
    store.blobs().exportTo(sha256, destination);
  }

  private static String summary(String verb, Query query, List<Modification> modifications) {
    String targets = query.patterns().size() <= 3 ? String.join(",", query.patterns()) : query.patterns().size() + " targets";
    String what = modifications.stream().map(Modification::describe).reduce((a, b) -> a + "; " + b).orElse("");
    return verb + " " + query.type() + " " + targets + (what.isEmpty() ? "" : ": " + what);
  }
}
