package dev.ww.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * A separate writer process for the concurrency and crash tests:
 *
 * <ul>
 *   <li>{@code update ROOT URL WORKER COUNT NODE...}: COUNT transactions, each setting one
 *       attribute of its own ({@code W<worker>_<i>}) on one of the nodes in turn;
 *   <li>{@code blob ROOT URL}: imports an endless stream as a blob, printing READY once a few
 *       megabytes are in (the test then kills it);
 *   <li>{@code multi ROOT URL STAMP NODE...}: one transaction setting STAMP on every node,
 *       printing READY half-way and then waiting to be killed.
 * </ul>
 */
public final class StoreWriterMain {

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    try (Datastore store = Backend.open(args[1], args[2])) {
      switch (mode) {
        case "update" -> update(store, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
            Arrays.asList(args).subList(5, args.length));
        case "blob" -> blob(store);
        case "multi" -> multi(store, args[3], Arrays.asList(args).subList(4, args.length));
        default -> throw new IllegalArgumentException(mode);
      }
    }
    System.exit(0);
  }

  private static void update(Datastore store, int worker, int count, List<String> nodes) throws IOException {
    for (int i = 0; i < count; i++) {
      String node = nodes.get(i % nodes.size());
      String key = "W" + worker + "_" + i;
      String value = String.valueOf(i);
      store.write("worker" + worker, "set " + key, tx -> {
        StoredObject current = tx.get("node", node).orElseThrow();
        return tx.update(current, current.attributes().set(key, value));
      });
    }
  }

  private static void blob(Datastore store) throws IOException {
    InputStream endless = new InputStream() {
      long count;

      @Override
      public int read() {
        return (int) (count++ & 0xff);
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        if (count > (8 << 20) && count - length <= (8 << 20)) {
          System.out.println("READY");
          System.out.flush();
        }
        if (count > (8 << 20)) {
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        for (int i = 0; i < length; i++) {
          buffer[offset + i] = (byte) (count++ & 0xff);
        }
        return length;
      }
    };
    BlobRef ref = store.blobs().put(endless);
    store.write("crash", "import vnfs", tx -> tx.create("vnfs",
        Attributes.empty().set("NAME", "torn").set("_BLOB", ref.sha256())));
  }

  private static void multi(Datastore store, String stamp, List<String> nodes) throws IOException {
    store.write("crash", "stamp all", tx -> {
      for (int i = 0; i < nodes.size(); i++) {
        StoredObject current = tx.get("node", nodes.get(i)).orElseThrow();
        tx.update(current, current.attributes().set("STAMP", stamp));
        if (i == nodes.size() / 2) {
          System.out.println("READY");
          System.out.flush();
          try {
            Thread.sleep(600_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      return null;
    });
  }
}
