package dev.ww.cli.bootstrap;

import dev.ww.bootstrap.Bootstrap;
import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.StoredObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code wwbootstrap -V CAPSULE}: the kernel comes from a capsule file, or else from the
 * capsule of the VNFS of that name in this host's datastore (which stays open until {@link
 * #close()}, as the build reads the blob while it runs).
 */
final class VnfsKernelSource implements AutoCloseable {

  private final String description;
  private final Path file;
  private final Datastore store;
  private final String sha256;

  private VnfsKernelSource(String description, Path file, Datastore store, String sha256) {
    this.description = description;
    this.file = file;
    this.store = store;
    this.sha256 = sha256;
  }

  /** A file of that name wins over a VNFS of that name. */
  static VnfsKernelSource resolve(String value, Layout layout) throws IOException {
    Path path = Path.of(value);
    if (Files.isRegularFile(path)) {
      return new VnfsKernelSource(path.toAbsolutePath().normalize().toString(), path, null, null);
    }
    if (!Datastore.isConfigured(layout)) {
      throw new UserException("No capsule file " + path.toAbsolutePath().normalize()
          + ", and this host has no datastore to look up a VNFS named '" + value + "' in");
    }
    Datastore store = Datastore.open(layout);
    try {
      StoredObject vnfs = store.get(ObjectTypes.VNFS, value).orElseThrow(() -> new UserException(
          "No capsule file " + path.toAbsolutePath().normalize() + " and no VNFS named '" + value + "' in "
              + store.description() + " (wwsh vnfs list shows them)"));
      String sha256 = vnfs.attributes().get("_BLOB")
          .orElseThrow(() -> new UserException("The VNFS '" + value + "' has no capsule stored"));
      return new VnfsKernelSource("VNFS '" + value + "'", null, store, sha256);
    } catch (RuntimeException | IOException e) {
      store.close();
      throw e;
    }
  }

  void applyTo(Bootstrap.Builder builder) {
    if (file != null) {
      builder.capsule(file);
    } else {
      builder.capsule(description, () -> store.blobs().open(sha256));
    }
  }

  /** The datastore this source opened, if it came from one. */
  Optional<Datastore> store() {
    return Optional.ofNullable(store);
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
