package dev.ww.node;

import dev.ww.core.UserException;
import dev.ww.core.os.LinuxOs;
import dev.ww.node.internal.FileListEntry;
import dev.ww.node.internal.FilePlacer;
import dev.ww.node.internal.FileRemover;
import dev.ww.node.internal.FileState;
import dev.ww.node.internal.MasterClient;
import dev.ww.node.internal.RunLock;
import dev.ww.node.internal.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * {@code wwgetfiles}: brings the node's files up to date with what the master lists for it. The
 * whole list is read every run; a file whose record (etag, type, mode, owner, path) is the one
 * placed last time and that is still there is skipped, {@code force} places everything. Files
 * placed by earlier runs that the list no longer holds (unassigned, deleted, moved) are removed
 * while they are still what was placed. One failed file does not stop the others, but the run
 * fails, and what failed keeps its old record, so the next run retries it.
 */
public final class FileSync {

  /**
   * @param force ignore what earlier runs remember and place every listed file
   * @param maxDelay wait a random time up to this long first, so a cluster's cron runs spread
   */
  public record Options(boolean force, Duration maxDelay) {
    public Options {
      Objects.requireNonNull(maxDelay, "maxDelay");
      if (maxDelay.isNegative()) {
        throw new IllegalArgumentException("negative delay");
      }
    }
  }

  /**
   * What a run did.
   *
   * @param removals files placed by earlier runs that are no longer listed (or moved): removed,
   *     already gone, or kept because they changed on the node
   */
  public record Result(int listed, int placed, int unchanged, List<FileRemoval> removals) {
    public Result {
      removals = List.copyOf(removals);
    }

    /** How many were removed. */
    public int removed() {
      int n = 0;
      for (FileRemoval r : removals) {
        if (r.outcome() == FileRemoval.Outcome.REMOVED) {
          n++;
        }
      }
      return n;
    }
  }

  private final NodePaths paths;
  private final NodeIdentity node;
  private final MasterClient client;
  private final Sleeper sleeper;
  private final Supplier<LinuxOs> os;

  public FileSync(NodePaths paths, NodeIdentity node) {
    this(paths, node, MasterClient.Settings.defaults(), Sleeper.REAL, FilePlacer.nativeOs());
  }

  FileSync(
      NodePaths paths, NodeIdentity node, MasterClient.Settings settings, Sleeper sleeper,
      Supplier<LinuxOs> os) {
    this.paths = paths;
    this.node = node;
    this.client = new MasterClient(node, settings, sleeper);
    this.sleeper = sleeper;
    this.os = os;
  }

  public Result run(Options options) throws IOException {
    try (RunLock lock = RunLock.acquire(paths.lockFile("wwgetfiles"), "wwgetfiles")) {
      if (!options.maxDelay().isZero()) {
        long ms = ThreadLocalRandom.current().nextLong(options.maxDelay().toMillis() + 1);
        try {
          sleeper.sleep(Duration.ofMillis(ms));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted during the start delay");
        }
      }
      return sync(options.force());
    }
  }

  private Result sync(boolean force) throws IOException {
    Path stateFile = paths.stateDir().resolve("wwgetfiles.state");
    FileState state = FileState.load(stateFile);
    // The whole list every time: only the whole list says which files are no longer assigned.
    byte[] listBytes = client.getBytes(client.path("/WW/file", ""), 16 << 20, "the file list");
    List<FileListEntry> entries;
    try {
      entries = FileListEntry.parseList(new String(listBytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new UserException("The master's file list is not understood: " + e.getMessage());
    }
    FilePlacer placer = new FilePlacer(paths.root(), client, os);
    List<String> failures = new ArrayList<>();
    List<Stale> stale = new ArrayList<>();
    Set<String> listedIds = new HashSet<>();
    Set<String> listedPaths = new HashSet<>();
    int placed = 0;
    int unchanged = 0;
    for (FileListEntry e : entries) {
      listedIds.add(e.id());
      listedPaths.add(normalized(e.path()));
      FileState.Placed before = state.get(e.id());
      if (!force && before != null && before.listedAs(e) && placer.present(e)) {
        unchanged++;
        continue;
      }
      try {
        String check = placer.place(e);
        state.placed(e.id(), FileState.Placed.of(e, check));
        placed++;
        if (before != null && !normalized(before.path()).equals(normalized(e.path()))) {
          stale.add(new Stale(e.id(), before, "moved to " + e.path()));
        }
      } catch (UserException x) {
        failures.add(x.getMessage());
      } catch (IOException x) {
        failures.add("file " + e.name() + " (" + e.path() + "): " + x);
      }
    }
    placer.syncDirectories();
    for (String id : state.ids()) {
      if (!listedIds.contains(id)) {
        stale.add(new Stale(id, state.get(id), "no longer assigned to this node"));
      }
    }
    List<FileRemoval> removals = remove(stale, listedIds, listedPaths, state, failures);
    if (state.changed()) {
      state.save(stateFile); // an idle run writes (and fsyncs) nothing
    }
    Result result = new Result(entries.size(), placed, unchanged, removals);
    if (!failures.isEmpty()) {
      throw new FilesFailedException(
          failures.size() + " of " + (entries.size() + stale.size())
              + " file(s) failed, previous versions kept: " + String.join("; ", failures),
          result);
    }
    return result;
  }

  /** Some files failed; the others were placed or removed as {@link #result()} says. */
  public static final class FilesFailedException extends UserException {
    private static final long serialVersionUID = 1L;

    private final transient Result result;

    FilesFailedException(String message, Result result) {
      super(message);
      this.result = result;
    }

    public Result result() {
      return result;
    }
  }

  /** A placed file no longer listed at that path. */
  private record Stale(String id, FileState.Placed placed, String why) {}

  /**
   * Removes what earlier runs placed and the list no longer holds, deepest paths first (so a
   * placed directory can be emptied of placed files first); a path that a listed file now
   * occupies is left to that file.
   */
  private List<FileRemoval> remove(
      List<Stale> stale, Set<String> listedIds, Set<String> listedPaths, FileState state,
      List<String> failures) throws IOException {
    if (stale.isEmpty()) {
      return List.of();
    }
    stale.sort(new java.util.Comparator<Stale>() {
      @Override
      public int compare(Stale a, Stale b) {
        String pa = normalized(a.placed().path());
        String pb = normalized(b.placed().path());
        int depth = Integer.compare(depth(pb), depth(pa));
        return depth != 0 ? depth : pb.compareTo(pa);
      }
    });
    FileRemover remover = new FileRemover(paths.root());
    List<FileRemoval> out = new ArrayList<>();
    for (Stale s : stale) {
      boolean stillListed = listedIds.contains(s.id());
      if (listedPaths.contains(normalized(s.placed().path()))) {
        if (!stillListed) {
          state.forget(s.id()); // another listed file is placed there now
        }
        continue;
      }
      FileRemoval r;
      try {
        r = remover.remove(s.id(), s.placed());
      } catch (IOException x) {
        failures.add("removing " + s.placed().path() + " (file " + s.id() + ", " + s.why() + "): " + x);
        continue;
      }
      if (!stillListed) {
        state.forget(s.id());
      }
      out.add(new FileRemoval(
          r.id(), r.path(), r.outcome(), r.reason().isEmpty() ? s.why() : r.reason() + " (" + s.why() + ")"));
    }
    remover.syncDirectories();
    return out;
  }

  private static int depth(String path) {
    int n = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }

  /**
   * A node path without doubled slashes or {@code .} components, for comparisons (list paths
   * never hold {@code ..}). Plain string work: this runs for every listed file on every run.
   */
  static String normalized(String path) {
    if (path.indexOf("//") < 0 && path.indexOf("/.") < 0 && !path.endsWith("/")) {
      return path;
    }
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < path.length()) {
      int j = path.indexOf('/', i);
      if (j < 0) {
        j = path.length();
      }
      String c = path.substring(i, j);
      if (!c.isEmpty() && !c.equals(".")) {
        b.append('/').append(c);
      }
      i = j + 1;
    }
    return b.length() == 0 ? "/" : b.toString();
  }
}
