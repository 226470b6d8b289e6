package dev.ww.provision;

import dev.ww.datastore.Attributes;
import dev.ww.datastore.Change;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.Node;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredFile;
import dev.ww.datastore.StoredObject;
import dev.ww.provision.internal.BlobCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provisioning catalog over the ww datastore. Every call reads the store (a change made by
 * any process, or by another server on the same PostgreSQL store, is served by the next
 * request); blobs are served from a local cache directory filled from the store's blob store.
 *
 * <p>Mapping: nodes are {@code node} objects (devices from {@code NETDEV.<DEV>.*}, {@code
 * VNFS}, {@code BOOTSTRAP}, {@code FILES}, {@code KARGS}, {@code CONSOLE}, {@code BOOTLOCAL},
 * {@code ENABLED}); capsule, bootstrap and file ids are object names. A {@code vnfs} object's
 * content is its {@code _BLOB}. A {@code bootstrap} object's initramfs is its {@code _BLOB} and
 * its kernel the blob named by {@code _BLOB.KERNEL} (with {@code KERNEL_SIZE}). A {@code file}
 * object needs a {@code PATH}; its {@code FILETYPE} says what it is (a regular file when unset),
 * a symlink's target is its content, a device has {@code MAJOR} and {@code MINOR}. Private
 * members ({@code _…}) and members whose name contains {@code PASSWORD}/{@code PASSWD} are
 * secrets: served in the node config only when the node's {@code NODE_SECRETS} member lists
 * them.
 */
public final class DatastoreCatalog implements ProvisioningCatalog {

  /** Member of a bootstrap object naming the kernel's blob. */
  public static final String KERNEL_BLOB = "_BLOB.KERNEL";
  /** Size of that kernel blob. */
  public static final String KERNEL_SIZE = "KERNEL_SIZE";
  /** Node member listing the secret members meant for the node itself. */
  public static final String NODE_SECRETS = "NODE_SECRETS";
  /**
   * Node member: {@code yes} requires a privileged source port of this node, {@code no} waives
   * the server's requirement for it; unset, the server's setting applies (see {@link
   * PrivilegedPort#parse}).
   */
  public static final String PRIVILEGED_PORT = "PRIVILEGEDPORT";
  /**
   * Node member: {@code tftp} or {@code http}, how the node's boot stage is delivered (see
   * {@link BootTransport}); unset (or another value), the site's default applies.
   */
  public static final String BOOT_TRANSPORT = "BOOTTRANSPORT";
  /**
   * File member: what the node creates, a {@link NodeFile.Kind#word()} ({@code regular} when
   * unset; Warewulf 3's numbers are read too, see {@link NodeFile.Kind#parse}).
   */
  public static final String FILE_TYPE = "FILETYPE";
  /** File member: a device's major number. */
  public static final String FILE_MAJOR = "MAJOR";
  /** File member: a device's minor number. */
  public static final String FILE_MINOR = "MINOR";

  private static final Set<String> NOT_ATTRIBUTES = Set.of(NODE_SECRETS);

  private final Datastore store;
  private final BlobCache cache;
  /** Per object id: when it last changed, as of one version (one entry per object). */
  private final Map<Long, Versioned<Instant>> changeTimes = new ConcurrentHashMap<>();
  /**
   * Per node object id: the node as last built, as of one version. A request reads the node
   * from the store every time, but an unchanged node is not parsed and validated again.
   */
  private final Map<Long, Versioned<ProvisionNode>> builtNodes = new ConcurrentHashMap<>();
  private final StoredBootReports reports;

  /**
   * @param cacheDir where local copies of blobs are kept (e.g. {@code <cache>/provision/blobs})
   */
  public DatastoreCatalog(Datastore store, Path cacheDir) throws IOException {
    this.store = store;
    this.cache = new BlobCache(store.blobs(), cacheDir);
    this.reports = new StoredBootReports(store);
  }

  /** Stores the report as a {@value StoredBootReports#TYPE} object (see {@link StoredBootReports}). */
  @Override
  public void recordBootReport(BootReport report) {
    try {
      reports.record(report);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<ProvisionNode> nodeByHwaddr(HwAddr hwaddr) {
    try {
      return store.nodeByHwaddr(hwaddr.value()).map(this::node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<ProvisionNode> nodes() {
    try {
      List<ProvisionNode> out = new ArrayList<>();
      Set<Long> present = new java.util.HashSet<>();
      for (StoredObject o : store.find(Query.all(ObjectTypes.NODE))) {
        out.add(node(new Node(o)));
        present.add(o.id());
      }
      builtNodes.keySet().retainAll(present);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<BootstrapImage> bootstrap(String id) {
    try {
      Optional<StoredObject> o = store.get(ObjectTypes.BOOTSTRAP, id);
      if (o.isEmpty()) {
        return Optional.empty();
      }
      Attributes a = o.get().attributes();
      Optional<String> kernel = a.get(KERNEL_BLOB);
      Optional<String> initramfs = a.get(StoredFile.BLOB);
      if (kernel.isEmpty() || initramfs.isEmpty()) {
        return Optional.empty();
      }
      Instant at = changed(o.get());
      return Optional.of(
          new BootstrapImage(
              id,
              a.get("ARCH").orElse("x86_64"),
              blob(kernel.get(), size(a, KERNEL_SIZE), at),
              blob(initramfs.get(), size(a, StoredFile.SIZE), at)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<CapsuleImage> capsule(String id) {
    try {
      Optional<StoredObject> o = store.get(ObjectTypes.VNFS, id);
      if (o.isEmpty() || o.get().attributes().get(StoredFile.BLOB).isEmpty()) {
        return Optional.empty();
      }
      Attributes a = o.get().attributes();
      return Optional.of(
          new CapsuleImage(id, id, blob(a.get(StoredFile.BLOB).get(), size(a, StoredFile.SIZE), changed(o.get()))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<NodeFile> file(String id) {
    try {
      Optional<StoredObject> o = store.get(ObjectTypes.FILE, id);
      if (o.isEmpty()) {
        return Optional.empty();
      }
      StoredFile f = new StoredFile(o.get());
      if (f.path().isEmpty() || !f.path().get().startsWith("/")) {
        return Optional.empty();
      }
      Attributes a = o.get().attributes();
      NodeFile.Kind kind = a.get(FILE_TYPE).map(DatastoreCatalog::fileKind).orElse(NodeFile.Kind.REGULAR);
      Instant at = changed(o.get());
      Optional<Blob> content = Optional.empty();
      if (f.checksum().isPresent() && kind.hasContent() && !kind.device()) {
        content = Optional.of(blob(f.checksum().get(), size(a, StoredFile.SIZE), at));
      }
      int major = kind.device() ? Integer.parseInt(a.get(FILE_MAJOR).orElse("")) : 0;
      int minor = kind.device() ? Integer.parseInt(a.get(FILE_MINOR).orElse("")) : 0;
      return Optional.of(
          new NodeFile(id, f.name(), f.path().get(), (int) f.uid(), (int) f.gid(), f.mode(),
              kind, f.format(), at, content, major, minor));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      // A file object whose members do not parse (a bad id or mode) cannot be served.
      return Optional.empty();
    }
  }

  @Override
  public Optional<NodeFile> fileByName(String name) {
    return file(name);
  }

  private static NodeFile.Kind fileKind(String fileType) {
    return NodeFile.Kind.parse(fileType)
        .orElseThrow(() -> new IllegalArgumentException("unknown FILETYPE " + fileType));
  }

  private Blob blob(String sha256, long size, Instant at) throws IOException {
    return new Blob(cache.locate(sha256, size), size, sha256, at);
  }

  private static long size(Attributes a, String key) throws IOException {
    try {
      return Long.parseLong(a.get(key).orElseThrow(() -> new IOException("object has no " + key)).trim());
    } catch (NumberFormatException e) {
      throw new IOException(key + " is not a number", e);
    }
  }

  /** A value derived from one version of a stored object. */
  private record Versioned<T>(long version, T value) {}

  /** When the object last changed (from the store's history), cached per object version. */
  private Instant changed(StoredObject o) throws IOException {
    Versioned<Instant> cached = changeTimes.get(o.id());
    if (cached != null && cached.version() == o.version()) {
      return cached.value();
    }
    List<Change> history = store.history(o.type(), o.name());
    Instant at = history.isEmpty() ? Instant.EPOCH : history.get(history.size() - 1).at();
    changeTimes.put(o.id(), new Versioned<>(o.version(), at));
    return at;
  }

  /** The node built from this version of its object, built once per version. */
  private ProvisionNode node(Node n) {
    StoredObject o = n.object();
    Versioned<ProvisionNode> cached = builtNodes.get(o.id());
    if (cached != null && cached.version() == o.version()) {
      return cached.value();
    }
    ProvisionNode built = toNode(n);
    builtNodes.put(o.id(), new Versioned<>(o.version(), built));
    return built;
  }

  private ProvisionNode toNode(Node n) {
    try {
      ProvisionNode.Builder b = ProvisionNode.builder(n.name()).enabled(n.enabled());
      n.domain().ifPresent(b::domain);
      for (dev.ww.datastore.NetDev d : n.netDevs()) {
        b.netdev(
            new NetDev(
                d.name(),
                d.hwaddr().map(HwAddr::parse),
                d.ipaddr().map(DatastoreCatalog::literal),
                d.netmask().map(DatastoreCatalog::literal),
                d.gateway().map(DatastoreCatalog::literal),
                d.mtu()));
      }
      Attributes all = n.object().attributes();
      Set<String> forNode = Set.copyOf(
          all.list(NODE_SECRETS).stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).toList());
      Map<String, NodeAttribute> attrs = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : all.asMap().entrySet()) {
        String key = e.getKey();
        if (key.startsWith("NETDEV.") || NOT_ATTRIBUTES.contains(key)) {
          continue;
        }
        boolean secret = Attributes.isPrivate(key) || key.contains("PASSWORD") || key.contains("PASSWD");
        String name = key.startsWith("_") ? key.substring(1) : key;
        if (name.isEmpty()) {
          continue;
        }
        b.attribute(new NodeAttribute(name, e.getValue(), secret, secret && forNode.contains(key)));
      }
      n.bootstrap().ifPresent(b::bootstrap);
      n.vnfs().ifPresent(b::capsule);
      b.files(n.files());
      n.kargs().ifPresent(b::kargs);
      n.console().ifPresent(b::console);
      String bootLocal = n.get(Node.BOOTLOCAL).orElse("").trim().toLowerCase(Locale.ROOT);
      if (bootLocal.equals("exit") || bootLocal.equals("-1")) {
        b.bootLocal(BootLocal.EXIT);
      } else if (n.bootLocal()) {
        b.bootLocal(BootLocal.NORMAL);
      }
      b.privilegedPort(PrivilegedPort.parse(n.get(PRIVILEGED_PORT)));
      n.get(BOOT_TRANSPORT).flatMap(BootTransport::parse).ifPresent(b::bootTransport);
      b.modified(changed(n.object()));
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + ip, e);
    }
  }
}
