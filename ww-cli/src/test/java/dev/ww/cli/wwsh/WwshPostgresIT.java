package dev.ww.cli.wwsh;

import dev.ww.datastore.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Every wwsh test again, on a real PostgreSQL named in warewulf.yaml. */
class WwshPostgresIT extends WwshIT {

  @Override
  void configure(Path configDir) throws Exception {
    String url = PostgresServer.get().newDatabase();
    Files.createDirectories(configDir);
    Files.writeString(configDir.resolve("warewulf.yaml"),
        "datastore:\n  backend: postgresql\n  url: " + url + "\n  user: postgres\n");
  }
}
