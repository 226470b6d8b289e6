package dev.ww.cli.vnfs;

import dev.ww.capsule.CapsuleWriteResult;
import dev.ww.capsule.CapsuleWriter;
import dev.ww.core.Layout;
import dev.ww.core.concurrent.Results;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.ObjectEditor;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.StoredObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a capsule straight into the datastore: the writer's output goes through a pipe into
 * the blob store on a second thread, so the capsule is written once, not first to a file and
 * then copied. The blob store keeps a blob only when its stream ends normally; this stream
 * ends with an error unless the build finished, so a failed build stores nothing.
 */
final class StreamedImport {

  private static final int PIPE_BUFFER = 4 * 1024 * 1024;

  private StreamedImport() {}

  record Imported(CapsuleWriteResult result, StoredObject object, String store) {}

  static Imported build(Layout layout, String vnfsName, Path chroot, CapsuleWriter writer)
      throws IOException {
    ExecutorService importer =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "capsule-import");
              thread.setDaemon(true);
              return thread;
            });
    try (Datastore store = Datastore.open(layout)) {
      PipedInputStream pipe = new PipedInputStream(PIPE_BUFFER);
      CompletionAware content = new CompletionAware(pipe);
      PipedOutputStream capsule = new PipedOutputStream(pipe);
      Attributes extra = Attributes.empty().set("ARCH", arch()).set("CHROOT", chroot.toString());
      Future<StoredObject> imported =
          importer.submit(
              () -> {
                try (InputStream in = content) {
                  return new ObjectEditor(store, System.getProperty("user.name", "wwvnfs"))
                      .importContent(ObjectTypes.VNFS, vnfsName, in, extra, true);
                }
              });
      CapsuleWriteResult result;
      try {
        result = writer.writeTo(capsule);
        content.complete();
      } catch (IOException | RuntimeException buildFailure) {
        capsule.close();
        waitQuietly(imported);
        throw buildFailure;
      } finally {
        capsule.close();
      }
      return new Imported(result, Results.await(imported, "importing the capsule"), store.description());
    } finally {
      importer.shutdownNow();
    }
  }

  private static String arch() {
    String arch = System.getProperty("os.arch");
    return arch.equals("amd64") ? "x86_64" : arch;
  }

  private static void waitQuietly(Future<StoredObject> imported) {
    try {
      imported.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException expected) {
      // the import fails because the build did: the build's error is the one to report
    }
  }

  /** Ends with an error instead of a normal end unless {@link #complete()} was called first. */
  private static final class CompletionAware extends FilterInputStream {
    private volatile boolean complete;

    CompletionAware(InputStream in) {
      super(in);
    }

    void complete() {
      complete = true;
    }

    @Override
    public int read() throws IOException {
      return checked(super.read());
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return checked(super.read(buffer, offset, length));
    }

    private int checked(int result) throws IOException {
      if (result < 0 && !complete) {
        throw new IOException("the capsule build stopped before the end; nothing was imported");
      }
      return result;
    }
  }
}
