package dev.ww.datastore;

import dev.ww.core.Layout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The two real backends, for parameterised integration tests and writer processes. */
enum Backend {
  EMBEDDED,
  POSTGRESQL;

  /** Settings for a fresh, empty store of this kind. */
  DatastoreSettings freshSettings() throws Exception {
    return this == EMBEDDED
        ? DatastoreSettings.embedded()
        : DatastoreSettings.postgresql(PostgresServer.get().newDatabase(), "postgres", null);
  }

  /** Arguments that {@link StoreWriterMain} turns back into the same store. */
  static List<String> describe(Layout layout, DatastoreSettings settings) {
    List<String> args = new ArrayList<>();
    args.add(layout.configDir().getParent().toString());
    args.add(settings.backend() == DatastoreSettings.Backend.EMBEDDED ? "embedded" : settings.url());
    return args;
  }

  static Datastore open(String root, String url) throws Exception {
    Layout layout = Layout.under(Path.of(root));
    return Datastore.open(layout,
        url.equals("embedded") ? DatastoreSettings.embedded() : DatastoreSettings.postgresql(url, "postgres", null));
  }
}
