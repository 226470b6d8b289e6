package dev.ww.provision;

import dev.ww.core.UserException;
import dev.ww.provision.internal.AtomicFiles;
import dev.ww.provision.internal.IpxeScripts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The boot stage over TFTP, as in Warewulf 3's seed, for nodes that cannot use HTTP before
 * their kernel runs ({@link BootTransport#TFTP}, per node or as the site's default). Places,
 * under the loader directory of the TFTP root ({@code ww}):
 *
 * <ul>
 *   <li>{@code ww/node/<aa-bb-cc-dd-ee-ff>.ipxe}: one iPXE script per device of each such node,
 *       loading kernel and initramfs with {@code tftp://}; its kernel arguments still name the
 *       HTTP server, which serves everything after the boot stage;
 *   <li>{@code ww/bootstrap/<sha256>}: the kernels and initramfs images those scripts load,
 *       named by their content, so a re-imported bootstrap never mixes old and new halves and
 *       an image is copied once however many nodes use it.
 * </ul>
 *
 * <p>Only what changed is written (through a temporary file and a rename, world-readable:
 * dnsmasq reads as an unprivileged user); images are copied with their SHA-256 checked against
 * the store's; scripts and images nothing uses any more are deleted. What DHCP hands these
 * nodes, {@code ww/tftp-chain.ipxe}, is written by {@link TftpRoot#populate}.
 */
public final class TftpBoot {

  public static final String NODE_DIR = "node";
  public static final String IMAGE_DIR = "bootstrap";

  private static final Pattern SCRIPT_NAME = Pattern.compile("[0-9a-f]{2}(-[0-9a-f]{2}){5,19}\\.ipxe");
  private static final Pattern IMAGE_NAME = Pattern.compile("[0-9a-f]{64}");
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

  private final Path loaderDir;
  private final Path nodeDir;
  private final Path imageDir;
  private final DhcpSettings settings;
  private final String defaultKargs;
  private final IpxeScripts ipxe;

  /**
   * @param defaultKargs kernel arguments for nodes without their own (as {@code wwprovisiond
   *     --kargs})
   */
  public TftpBoot(Path tftpRoot, DhcpSettings settings, String defaultKargs) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.defaultKargs = Objects.requireNonNull(defaultKargs, "defaultKargs");
    Path root = tftpRoot.toAbsolutePath().normalize();
    this.loaderDir = root.resolve(settings.loaderDir()).normalize();
    if (!loaderDir.startsWith(root)) {
      throw new UserException("loader directory " + settings.loaderDir() + " leaves the TFTP root");
    }
    this.nodeDir = loaderDir.resolve(NODE_DIR);
    this.imageDir = loaderDir.resolve(IMAGE_DIR);
    this.ipxe = new IpxeScripts(settings.server().getHostAddress(), settings.httpPort());
  }

  /** Where the nodes' scripts are, as iPXE reaches them: {@code tftp://SERVER/ww/node}. */
  public static String nodeDirUrl(DhcpSettings settings) {
    return "tftp://" + settings.server().getHostAddress() + "/" + settings.loaderDir() + "/" + NODE_DIR;
  }

  private String imageUrl(Blob image) {
    return "tftp://" + settings.server().getHostAddress() + "/" + settings.loaderDir() + "/" + IMAGE_DIR + "/"
        + image.sha256();
  }

  /** A node's scripts (file name → content) and the images they load. */
  private record Plan(String node, Map<String, String> scripts, List<Blob> images) {}

  /** Brings the TFTP root in line with the catalog's nodes and bootstraps. */
  public TftpBootUpdate update(ProvisioningCatalog catalog) throws IOException {
    List<String> skipped = new ArrayList<>();
    List<Plan> plans = plan(catalog, skipped);
    // Images first, so a script never names an image that is not there yet.
    Map<String, Blob> images = new TreeMap<>();
    plans.forEach(p -> p.images().forEach(b -> images.put(b.sha256(), b)));
    Map<String, String> failedImages = new LinkedHashMap<>();
    int imagesWritten = 0;
    int imagesUnchanged = 0;
    for (Blob b : images.values()) {
      try {
        if (place(b)) {
          imagesWritten++;
        } else {
          imagesUnchanged++;
        }
      } catch (ImageMismatch e) {
        failedImages.put(b.sha256(), e.getMessage());
      }
    }
    Map<String, String> scripts = new TreeMap<>();
    Set<String> used = new HashSet<>();
    for (Plan p : plans) {
      Optional<String> failure =
          p.images().stream().map(b -> failedImages.get(b.sha256())).filter(Objects::nonNull).findFirst();
      if (failure.isPresent()) {
        skipped.add(p.node() + ": " + failure.get());
        continue;
      }
      scripts.putAll(p.scripts());
      p.images().forEach(b -> used.add(b.sha256()));
    }
    int written = 0;
    int unchanged = 0;
    if (!scripts.isEmpty()) {
      directory(loaderDir);
      directory(nodeDir);
    }
    for (Map.Entry<String, String> e : scripts.entrySet()) {
      if (AtomicFiles.writeIfChanged(nodeDir.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8),
          AtomicFiles.WORLD_READABLE)) {
        written++;
      } else {
        unchanged++;
      }
    }
    int scriptsRemoved = removeStale(nodeDir, SCRIPT_NAME, scripts.keySet());
    int imagesRemoved = removeStale(imageDir, IMAGE_NAME, used);
    return new TftpBootUpdate(plans.size(), written, unchanged, scriptsRemoved, imagesWritten, imagesUnchanged,
        imagesRemoved, skipped);
  }

  private List<Plan> plan(ProvisioningCatalog catalog, List<String> skipped) {
    List<Plan> plans = new ArrayList<>();
    Set<HwAddr> seen = new HashSet<>();
    for (ProvisionNode n : catalog.nodes()) {
      if (settings.bootTransportOf(n) != BootTransport.TFTP) {
        continue;
      }
      if (!n.enabled()) {
        skipped.add(n.name() + ": disabled");
        continue;
      }
      Optional<BootstrapImage> bootstrap = Optional.empty();
      if (n.bootLocal() == BootLocal.NO) {
        bootstrap = n.bootstrapId().flatMap(catalog::bootstrap);
        if (bootstrap.isEmpty()) {
          skipped.add(n.name() + ": no bootstrap assigned (or it does not exist, or has no kernel)");
          continue;
        }
      }
      Map<String, String> scripts = new LinkedHashMap<>();
      for (NetDev d : n.netdevs()) {
        if (d.hwaddr().isEmpty()) {
          continue;
        }
        HwAddr hw = d.hwaddr().get();
        if (!seen.add(hw)) {
          skipped.add(n.name() + "/" + d.name() + ": hardware address " + hw + " used twice");
          continue;
        }
        try {
          String script = bootstrap.isEmpty()
              ? ipxe.bootLocal(n)
              : ipxe.boot(n, hw, n.kargs().orElse(defaultKargs),
                  imageUrl(bootstrap.get().kernel()), imageUrl(bootstrap.get().initramfs()));
          scripts.put(hw.hyphenated() + ".ipxe", script);
        } catch (IllegalArgumentException e) {
          skipped.add(n.name() + "/" + d.name() + ": " + e.getMessage());
        }
      }
      if (scripts.isEmpty()) {
        if (n.netdevs().stream().noneMatch(d -> d.hwaddr().isPresent())) {
          skipped.add(n.name() + ": no device with a hardware address");
        }
        continue;
      }
      List<Blob> images = bootstrap.map(b -> List.of(b.kernel(), b.initramfs())).orElse(List.of());
      plans.add(new Plan(n.name(), scripts, images));
    }
    return plans;
  }

  /** An image whose bytes are not what the store says. */
  private static final class ImageMismatch extends Exception {
    ImageMismatch(String message) {
      super(message);
    }
  }

  /**
   * Copies {@code image} to {@code bootstrap/<sha256>} unless it is there; true when copied.
   * A present file of the right size is taken as complete: it only ever appears by a rename
   * after its digest was checked.
   */
  private boolean place(Blob image) throws IOException, ImageMismatch {
    directory(loaderDir);
    directory(imageDir);
    Path target = imageDir.resolve(image.sha256());
    if (Files.isRegularFile(target) && Files.size(target) == image.size()) {
      if (!Files.getPosixFilePermissions(target).equals(AtomicFiles.WORLD_READABLE)) {
        Files.setPosixFilePermissions(target, AtomicFiles.WORLD_READABLE);
      }
      return false;
    }
    Path tmp = AtomicFiles.temporary(target);
    try {
      MessageDigest sha = sha256();
      long copied = 0;
      try (FileChannel in = FileChannel.open(image.path(), StandardOpenOption.READ);
          FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        while (in.read(buf) >= 0) {
          buf.flip();
          sha.update(buf.duplicate());
          copied += buf.remaining();
          while (buf.hasRemaining()) {
            out.write(buf);
          }
          buf.clear();
        }
        out.force(true);
      }
      String digest = HexFormat.of().formatHex(sha.digest());
      if (copied != image.size() || !digest.equals(image.sha256())) {
        throw new ImageMismatch("image " + image.path() + " is " + copied + " bytes with SHA-256 " + digest
            + ", the store says " + image.size() + " bytes with " + image.sha256()
            + " (a damaged local copy: delete it and run again)");
      }
      Files.setPosixFilePermissions(tmp, AtomicFiles.WORLD_READABLE);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return true;
  }

  /** Deletes the files in {@code dir} named like {@code ours} that are not in {@code keep}. */
  private static int removeStale(Path dir, Pattern ours, Set<String> keep) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (ours.matcher(name).matches() && !keep.contains(name) && Files.isRegularFile(p)) {
          stale.add(p);
        }
      }
    }
    for (Path p : stale) {
      Files.deleteIfExists(p);
    }
    return stale.size();
  }

  /** Creates {@code dir} if needed, readable and searchable by everyone (the TFTP server). */
  private static void directory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, DIRECTORY);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
