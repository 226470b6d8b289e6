package dev.ww.cli.vnfs;

import dev.ww.capsule.BuildIndex;
import dev.ww.capsule.CapsuleFormatException;
import dev.ww.capsule.CapsuleSource;
import dev.ww.core.Layout;
import dev.ww.core.event.EventHandlers;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.StoredObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last build of a VNFS, for an incremental rebuild: its build index, kept under the state
 * directory as {@code vnfs/NAME.index.json}, and its capsule, found as the datastore's {@code
 * vnfs} object NAME (when its content is that capsule) or as the output file of the last build.
 */
final class PreviousBuild {

  private PreviousBuild() {}

  /** The index and capsule of the last build, when both are still there. */
  record Found(BuildIndex index, CapsuleSource capsule, String where) {}

  static Path indexFile(Layout layout, String vnfsName) {
    return layout.statePath("vnfs/" + vnfsName + ".index.json");
  }

  static Optional<Found> find(Layout layout, String vnfsName, Path outputFile, EventHandlers events)
      throws IOException {
    Path file = indexFile(layout, vnfsName);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    BuildIndex index;
    try (InputStream in = Files.newInputStream(file)) {
      index = BuildIndex.read(in);
    } catch (CapsuleFormatException e) {
      events.info("Ignoring " + file + " (" + e.getMessage() + "); building everything");
      return Optional.empty();
    }
    if (Datastore.isConfigured(layout)) {
      try (Datastore store = Datastore.open(layout)) {
        Optional<String> blob =
            store.get(ObjectTypes.VNFS, vnfsName).flatMap(o -> o.attributes().get("_BLOB"));
        if (blob.isPresent() && blob.get().equals(index.sha256())) {
          return Optional.of(new Found(index, () -> openBlob(layout, index.sha256()), store.description()));
        }
      }
    }
    if (Files.isRegularFile(outputFile) && Files.size(outputFile) == index.size()) {
      return Optional.of(new Found(index, () -> Files.newInputStream(outputFile), outputFile.toString()));
    }
    return Optional.empty();
  }

  /** Saves the index of a finished build, replacing the last one atomically. */
  static void save(Layout layout, String vnfsName, BuildIndex index) throws IOException {
    Path file = indexFile(layout, vnfsName);
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), "." + vnfsName, ".index.tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        index.write(out);
      }
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** A blob stream that also closes the store it came from. */
  private static InputStream openBlob(Layout layout, String sha256) throws IOException {
    Datastore store = Datastore.open(layout);
    try {
      return new FilterInputStream(store.blobs().open(sha256)) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            store.close();
          }
        }
      };
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }
}
