package dev.ww.capsule;

/**
 * What an extraction did.
 *
 * @param entries archive entries extracted
 * @param dataBytes file data written
 * @param xattrs extended attributes applied from the manifest
 */
public record ExtractResult(long entries, long dataBytes, long xattrs) {}
