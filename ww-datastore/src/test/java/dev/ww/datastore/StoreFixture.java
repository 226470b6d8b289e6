package dev.ww.datastore;

import dev.ww.core.Layout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A fresh store of one backend under a temporary directory, plus writer processes on it. */
final class StoreFixture implements AutoCloseable {

  final Layout layout;
  final DatastoreSettings settings;
  final Datastore store;

  StoreFixture(Backend backend, Path root) throws Exception {
    this.layout = Layout.under(root);
    this.settings = backend.freshSettings();
    this.store = Datastore.open(layout, settings);
  }

  Datastore reopen() throws Exception {
    return Datastore.open(layout, settings);
  }

  /** Starts {@link StoreWriterMain} in its own JVM on this store. */
  Process startWriter(String mode, List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StoreWriterMain.class.getName());
    command.add(mode);
    command.addAll(Backend.describe(layout, settings));
    command.addAll(args);
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  static void awaitSuccess(Process process) throws Exception {
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("writer process did not finish");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError("writer process failed with status " + process.exitValue());
    }
  }

  /** Waits for the writer to print READY. */
  static void awaitReady(Process process) throws Exception {
    var reader = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.equals("READY")) {
        return;
      }
    }
    throw new AssertionError("writer ended before it was ready (status " + process.waitFor() + ")");
  }

  static Attributes node(String name, String hwaddr) {
    Attributes attributes = Attributes.empty().set("NAME", name);
    return hwaddr == null ? attributes : attributes.set(NetDev.key("eth0", "HWADDR"), hwaddr);
  }

  @Override
  public void close() {
    store.close();
  }
}
