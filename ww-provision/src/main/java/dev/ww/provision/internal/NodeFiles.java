package dev.ww.provision.internal;

import dev.ww.provision.Blob;
import dev.ww.provision.HwAddr;
import dev.ww.provision.NodeFile;
import dev.ww.provision.ProvisionNode;
import dev.ww.provision.ProvisioningCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves the files assigned to a node into what is served: text content templated for the
 * node, binary content as stored, a device's numbers as {@code MAJOR:MINOR}, {@code
 * dynamic_hosts} generated from the catalog.
 */
public final class NodeFiles {

  private final ProvisioningCatalog catalog;
  private final long maxTemplated;
  private final java.time.Clock clock;
  /** The hosts file content last served and since when: its time moves on removals too. */
  private final java.util.concurrent.atomic.AtomicReference<HostsVersion> hosts =
      new java.util.concurrent.atomic.AtomicReference<>(new HostsVersion("", Instant.EPOCH));

  private record HostsVersion(String sha256, Instant since) {}

  public NodeFiles(ProvisioningCatalog catalog, long maxTemplated, java.time.Clock clock) {
    this.catalog = catalog;
    this.maxTemplated = maxTemplated;
    this.clock = clock;
  }

  /** The assigned file {@code id}, or empty when it is not assigned or does not exist. */
  public Optional<ServedFile> assigned(ProvisionNode node, HwAddr hwaddr, String id)
      throws IOException {
    if (!node.fileIds().contains(id)) {
      return Optional.empty();
    }
    return serve(node, hwaddr, id);
  }

  /** Every assigned file that exists, in assignment order; {@code missing} gets the rest. */
  public List<ServedFile> all(ProvisionNode node, HwAddr hwaddr, List<String> missing)
      throws IOException {
    List<ServedFile> out = new ArrayList<>();
    for (String id : node.fileIds()) {
      Optional<ServedFile> f = serve(node, hwaddr, id);
      if (f.isPresent()) {
        out.add(f.get());
      } else {
        missing.add(id);
      }
    }
    return out;
  }

  private Optional<ServedFile> serve(ProvisionNode node, HwAddr hwaddr, String id)
      throws IOException {
    Optional<NodeFile> stored = catalog.file(id);
    if (id.equals(HostsFile.ID)) {
      List<ProvisionNode> nodes = catalog.nodes();
      byte[] text = HostsFile.render(nodes).getBytes(StandardCharsets.UTF_8);
      String sha = Sha256.hex(text);
      Instant latestNode = HostsFile.modified(nodes);
      HostsVersion v =
          hosts.updateAndGet(
              old -> old.sha256().equals(sha)
                  ? old
                  : new HostsVersion(sha, max(latestNode, old.since().plusSeconds(1), clock.instant())));
      Instant mod = v.since();
      NodeFile meta =
          stored.orElse(
              new NodeFile(
                  HostsFile.ID, HostsFile.ID, "/etc/hosts", 0, 0, 0644, NodeFile.Kind.REGULAR,
                  "data", mod, Optional.empty()));
      return Optional.of(new ServedFile(meta, mod, sha, Optional.of(text), Optional.empty()));
    }
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    NodeFile f = stored.get();
    if (f.kind().device()) {
      // The numbers are the content, so the etag changes when they do (as a symlink's target).
      byte[] numbers = f.deviceNumbers();
      return Optional.of(new ServedFile(f, f.modified(), Sha256.hex(numbers), Optional.of(numbers), Optional.empty()));
    }
    if (f.content().isEmpty()) {
      return Optional.of(new ServedFile(f, f.modified(), Sha256.hex(new byte[0]), Optional.of(new byte[0]), Optional.empty()));
    }
    Blob blob = f.content().get();
    if (f.binary() || blob.size() > maxTemplated) {
      return Optional.of(new ServedFile(f, f.modified(), blob.sha256(), Optional.empty(), Optional.of(blob)));
    }
    byte[] bytes = Files.readAllBytes(blob.path());
    if (looksBinary(bytes)) {
      return Optional.of(new ServedFile(f, f.modified(), blob.sha256(), Optional.empty(), Optional.of(blob)));
    }
    byte[] out =
        new Templater(node, hwaddr)
            .apply(new String(bytes, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    Instant mod = node.modified().isAfter(f.modified()) ? node.modified() : f.modified();
    return Optional.of(new ServedFile(f, mod, Sha256.hex(out), Optional.of(out), Optional.empty()));
  }

  private static Instant max(Instant a, Instant b, Instant c) {
    Instant m = a.isAfter(b) ? a : b;
    return m.isAfter(c) ? m : c;
  }

  /** A NUL byte, or bytes that are not UTF-8, mean binary: never templated. */
  static boolean looksBinary(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return true;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(bytes));
      return false;
    } catch (java.nio.charset.CharacterCodingException e) {
      return true;
    }
  }
}
