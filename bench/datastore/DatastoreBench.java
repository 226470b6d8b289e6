import dev.ww.core.Layout;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.NetDev;
import dev.ww.datastore.Node;
import dev.ww.datastore.ObjectEditor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * In-process datastore benchmark: creates N nodes (one transaction per 10,000), then times
 * hardware-address lookups through the library against the baseline of a bare indexed
 * {@code SELECT} on the same database over plain JDBC (the floor any lookup pays).
 *
 * <p>Usage: java -cp 'DIST/lib/*' DatastoreBench.java ROOT NODES LOOKUPS [JDBC_URL for the
 * baseline]. The store is the one ROOT/etc/warewulf.yaml names (embedded by default).
 */
public class DatastoreBench {

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int nodes = Integer.parseInt(args[1]);
    int lookups = Integer.parseInt(args[2]);
    String baselineUrl = args[3];
    Layout layout = Layout.under(root);
    try (Datastore store = Datastore.open(layout)) {
      System.out.println("store: " + store.description());
      long start = System.nanoTime();
      ObjectEditor editor = new ObjectEditor(store, "bench");
      for (int from = 0; from < nodes; from += 10_000) {
        List<Attributes> batch = new ArrayList<>();
        for (int i = from; i < Math.min(nodes, from + 10_000); i++) {
          batch.add(node(i));
        }
        editor.createAll("node", batch);
      }
      double createSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("create %d nodes: %.1f s (%.0f nodes/s)%n", nodes, createSeconds, nodes / createSeconds);

      Random random = new Random(42);
      // Warm up (JIT) before measuring: 30,000 lookups.
      for (int i = 0; i < 30_000; i++) {
        store.nodeByHwaddr(hwaddr(random.nextInt(nodes)));
      }
      long[] library = new long[lookups];
      for (int i = 0; i < lookups; i++) {
        int n = random.nextInt(nodes);
        long t = System.nanoTime();
        Node node = store.nodeByHwaddr(hwaddr(n)).orElseThrow();
        library[i] = System.nanoTime() - t;
        if (!node.name().equals(name(n))) {
          throw new IllegalStateException("wrong node for " + hwaddr(n));
        }
      }
      long[] baseline = baseline(baselineUrl, nodes, lookups, random);
      report("hwaddr lookup (library)", library);
      report("baseline: bare indexed SELECT over JDBC", baseline);
      System.out.printf("ratio library/baseline: p50 %.2f, p99 %.2f%n",
          percentile(library, 50) / (double) percentile(baseline, 50),
          percentile(library, 99) / (double) percentile(baseline, 99));
    }
  }

  private static long[] baseline(String url, int nodes, int lookups, Random random) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "postgres", "");
        PreparedStatement query = connection.prepareStatement(
            "SELECT object_id FROM ww_lookups WHERE field = 'HWADDR' AND value = ?")) {
      for (int i = 0; i < 30_000; i++) {
        query.setString(1, hwaddr(random.nextInt(nodes)));
        try (ResultSet rs = query.executeQuery()) {
          rs.next();
        }
      }
      long[] times = new long[lookups];
      for (int i = 0; i < lookups; i++) {
        query.setString(1, hwaddr(random.nextInt(nodes)));
        long t = System.nanoTime();
        try (ResultSet rs = query.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("baseline found nothing");
          }
        }
        times[i] = System.nanoTime() - t;
      }
      return times;
    }
  }

  static Attributes node(int i) {
    return Attributes.empty()
        .set("NAME", name(i))
        .set(NetDev.key("eth0", "HWADDR"), hwaddr(i))
        .set(NetDev.key("eth0", "IPADDR"), "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
        .set(NetDev.key("eth0", "NETMASK"), "255.0.0.0")
        .set("GROUPS", List.of("compute", "rack" + (i / 40)))
        .set("CLUSTER", "c" + (i / 10_000));
  }

  static String name(int i) {
    return String.format("n%06d", i);
  }

  static String hwaddr(int i) {
    return String.format("52:54:00:%02x:%02x:%02x", i >> 16 & 255, i >> 8 & 255, i & 255);
  }

  static long percentile(long[] times, int p) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  static void report(String what, long[] times) {
    System.out.printf("%-42s p50 %7.1f us  p99 %7.1f us  (n=%d)%n", what,
        percentile(times, 50) / 1e3, percentile(times, 99) / 1e3, times.length);
  }
}
