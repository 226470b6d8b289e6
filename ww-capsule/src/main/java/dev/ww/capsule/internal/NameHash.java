package dev.ww.capsule.internal;

/**
 * Stable hashes of entry names (FNV-1a, then a 64-bit finalizer so that every bit depends on
 * every byte). Stable across JVMs and versions: capsule bytes depend on them.
 */
final class NameHash {

  private NameHash() {}

  static long hash64(byte[] name) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : name) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return hash;
  }

  static long hash32(byte[] name) {
    return hash64(name) >>> 32;
  }
}
