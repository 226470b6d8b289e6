package dev.ww.capsule.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * Inode numbers for newc's 32-bit field, derived from entry names: a hash of the name, and on
 * a collision the next free number, in archive order. A clean build and an incremental build of
 * the same tree assign the same numbers; adding a file changes no other entry's number (unless
 * it takes a number another name would have collided into, which is rare and still
 * deterministic). Zero is never used: it is the trailer's.
 */
final class InodeNumbers {

  private final Set<Long> used = new HashSet<>();

  long assign(byte[] name) {
    long number = NameHash.hash32(name);
    while (number == 0 || !used.add(number)) {
      number = (number + 1) & 0xFFFF_FFFFL;
    }
    return number;
  }
}
