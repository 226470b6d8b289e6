package dev.ww.node.internal;

import dev.ww.capsule.CapsuleEntry;
import dev.ww.core.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first reading of a capsule: its entries, as the tree is compared with them, and, when the
 * capsule is read from the master twice instead of from a verified local copy, the SHA-256 of
 * each entry exactly as stored (header, name, data). The second reading, which hands entries to
 * the capsule reader, checks every entry it passes on against these digests before anything of
 * it is moved into place: so nothing on the node changes that is not part of the capsule whose
 * SHA-256 the first reading verified.
 */
public final class CapsuleIndex {

  private static final int MAX_LINK_TARGET = 65536;
  static final int DIGEST = 32;

  private final List<CapsuleEntry> entries;
  private final byte[] digests;

  private CapsuleIndex(List<CapsuleEntry> entries, byte[] digests) {
    this.entries = List.copyOf(entries);
    this.digests = digests;
  }

  /**
   * Reads a whole capsule (any compression) up to its trailer.
   *
   * @param digests record each entry's SHA-256 (for a second reading that comes from the master
   *     again); without, {@link #matches} accepts anything: the second reading is of the same
   *     verified local copy
   */
  public static CapsuleIndex read(InputStream compressed, boolean digests) throws IOException {
    NewcScanner scanner = new NewcScanner(Decompression.open(compressed));
    MessageDigest md = digests ? FilePlacer.sha256() : null;
    List<CapsuleEntry> entries = new ArrayList<>();
    byte[] sums = digests ? new byte[DIGEST * 1024] : null;
    byte[] buf = new byte[1 << 16];
    for (NewcScanner.Entry e; (e = scanner.next()) != null; ) {
      if (md != null) {
        md.reset();
        md.update(e.prefix());
      }
      String target = "";
      if ((e.mode() & 0170000) == 0120000) {
        if (e.size() > MAX_LINK_TARGET) {
          throw new UserException("the capsule is corrupt: symlink " + e.nameText() + " claims " + e.size() + " bytes");
        }
        byte[] t = new byte[(int) e.size()];
        int got = 0;
        while (got < t.length) {
          got += scanner.read(t, got, t.length - got);
        }
        if (md != null) {
          md.update(t);
        }
        target = new String(t, StandardCharsets.UTF_8);
      } else if (md != null) {
        for (int n; (n = scanner.read(buf, 0, buf.length)) > 0; ) {
          md.update(buf, 0, n);
        }
      }
      int i = entries.size();
      entries.add(e.toCapsuleEntry(target));
      if (md != null) {
        if (sums.length < (i + 1) * DIGEST) {
          sums = Arrays.copyOf(sums, sums.length * 2);
        }
        System.arraycopy(md.digest(), 0, sums, i * DIGEST, DIGEST);
      }
    }
    return new CapsuleIndex(entries, sums);
  }

  /** Whether the second reading must check each entry it passes on. */
  public boolean hasDigests() {
    return digests != null;
  }

  public List<CapsuleEntry> entries() {
    return entries;
  }

  /** Whether {@code digest} is the SHA-256 the first reading found for entry {@code i}. */
  public boolean matches(int i, byte[] digest) {
    return i < entries.size()
        && (digests == null || Arrays.equals(digests, i * DIGEST, (i + 1) * DIGEST, digest, 0, DIGEST));
  }
}
