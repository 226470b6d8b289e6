package dev.ww.bootstrap.internal;

import dev.ww.capsule.Capsule;
import dev.ww.capsule.CapsuleSource;
import dev.ww.core.UserException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.StepTimer;
import dev.ww.core.os.LinuxOs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A kernel taken out of a capsule: the capsule is listed once to choose the kernel and find
 * what it needs, then read again and only those entries are extracted, confined, by the
 * capsule reader into a private temporary directory, which {@link #close()} removes.
 */
public final class CapsuleKernel implements AutoCloseable {

  private final Path directory;
  private final Path root;
  private final String version;

  private CapsuleKernel(Path directory, Path root, String version) {
    this.directory = directory;
    this.root = root;
    this.version = version;
  }

  /**
   * Extracts the kernel {@code requested} (or the capsule's only one) with its modules,
   * firmware and modprobe.d files under a new private directory in {@code workDirectory}.
   *
   * @param description what the capsule is, for messages
   */
  public static CapsuleKernel extract(
      CapsuleSource source, String description, Optional<String> requested, String prefix,
      Path workDirectory, LinuxOs os, EventHandlers events) throws IOException {
    CapsuleContents contents = new CapsuleContents(description);
    try (StepTimer timer = events.time("Listing the capsule");
        InputStream in = source.open()) {
      Capsule.reader(in).list(contents::add);
    }
    String version = contents.chooseVersion(requested, prefix);
    CapsuleContents.Needed needed = contents.needed(version, prefix);
    Files.createDirectories(workDirectory);
    Path directory = Files.createTempDirectory(workDirectory, "ww-bootstrap-kernel-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      Path spool = Files.createDirectory(directory.resolve("spool"));
      Path root = directory.resolve("root");
      try (StepTimer timer = events.time("Extracting kernel " + version + " from the capsule")) {
        extractNeeded(source, description, needed, spool, root, os);
      }
      events.debug("Kernel " + version + " of " + description + " extracted to " + root);
      return new CapsuleKernel(directory, root, version);
    } catch (IOException | RuntimeException e) {
      PrivateDirectory.delete(directory);
      throw e;
    }
  }

  /** Filters the capsule in a second thread and extracts the result here, through a pipe. */
  private static void extractNeeded(
      CapsuleSource source, String description, CapsuleContents.Needed needed, Path spool, Path root, LinuxOs os)
      throws IOException {
    PipedInputStream pipeIn = new PipedInputStream(1 << 20);
    PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
    AtomicReference<Throwable> filterFailure = new AtomicReference<>();
    NewcFilter filter = new NewcFilter(needed, needed.linkedInodes(), spool, description);
    Thread thread = new Thread(() -> {
      try (OutputStream out = pipeOut; InputStream in = NewcFilter.decompressed(source.open(), description)) {
        filter.copy(in, out);
      } catch (Throwable e) {
        filterFailure.set(e);
      }
    }, "capsule-kernel-filter");
    thread.setDaemon(true);
    thread.start();
    IOException readFailure = null;
    RuntimeException refused = null;
    try (pipeIn) {
      Capsule.reader(pipeIn).os(os).owners(false).extractTo(root);
    } catch (IOException e) {
      readFailure = e;
    } catch (UserException e) {
      refused = e;
    } finally {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while extracting the kernel from " + description, e);
      }
    }
    // A corrupt capsule stops the filter first (the reader then only sees the pipe end early);
    // an entry the reader refuses stops the reader first (the filter then only sees the pipe
    // closed): report the cause, not its echo.
    Throwable failure = filterFailure.get();
    if (failure instanceof UserException user) {
      throw user;
    }
    if (refused != null) {
      throw new UserException("Could not extract the kernel from the capsule " + description + ": " + refused.getMessage(), refused);
    }
    if (readFailure != null) {
      throw readFailure;
    }
    if (failure instanceof IOException io) {
      throw new UserException("Could not read the capsule " + description + ": " + io.getMessage(), io);
    }
    if (failure != null) {
      throw new IllegalStateException("reading " + description + " failed", failure);
    }
  }

  /** The extracted root: {@code boot/}, {@code lib/modules/VERSION}, firmware. */
  public Path root() {
    return root;
  }

  public String version() {
    return version;
  }

  @Override
  public void close() throws IOException {
    PrivateDirectory.delete(directory);
  }
}
