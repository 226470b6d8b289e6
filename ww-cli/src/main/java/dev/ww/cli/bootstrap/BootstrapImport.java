package dev.ww.cli.bootstrap;

import dev.ww.core.UserException;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.BlobRef;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.ObjectEditor;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.StoredObject;
import dev.ww.provision.DatastoreCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stores a bootstrap the way the provisioning server reads it: a {@code bootstrap} object whose
 * content ({@code _BLOB}) is the initramfs and whose kernel is the blob part {@code
 * _BLOB.KERNEL} (with {@code KERNEL_SIZE}). Used by {@code wwbootstrap} and by {@code wwsh
 * bootstrap import}.
 */
public final class BootstrapImport {

  private BootstrapImport() {}

  /** {@code base} plus the kernel image, stored as a blob, as the bootstrap's kernel part. */
  public static Attributes withKernel(Datastore store, Attributes base, Path kernel) throws IOException {
    if (!Files.isRegularFile(kernel)) {
      throw new UserException(kernel + " is not a regular file");
    }
    try (InputStream in = Files.newInputStream(kernel)) {
      BlobRef blob = store.blobs().put(in);
      return base.set(DatastoreCatalog.KERNEL_BLOB, blob.sha256()).set(DatastoreCatalog.KERNEL_SIZE, String.valueOf(blob.size()));
    }
  }

  /**
   * Imports the initramfs and the kernel as the bootstrap {@code name}: the blobs first, then
   * the object in one transaction, so a failure leaves any earlier bootstrap of that name as
   * it was.
   *
   * @param replace replace an existing bootstrap of that name (else it is an error)
   */
  public static StoredObject importBootstrap(
      Datastore store, ObjectEditor editor, String name, Path initramfs, Path kernel, Attributes base, boolean replace)
      throws IOException {
    if (!Files.isRegularFile(initramfs)) {
      throw new UserException(initramfs + " is not a regular file");
    }
    Attributes attributes = withKernel(store, base, kernel);
    try (InputStream in = Files.newInputStream(initramfs)) {
      return editor.importContent(ObjectTypes.BOOTSTRAP, name, in, attributes, replace);
    }
  }

  /** This machine's architecture as Warewulf names it ({@code x86_64}, not {@code amd64}). */
  public static String hostArch() {
    String arch = System.getProperty("os.arch");
    return arch.equals("amd64") ? "x86_64" : arch;
  }
}
