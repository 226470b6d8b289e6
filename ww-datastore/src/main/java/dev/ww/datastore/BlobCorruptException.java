package dev.ww.datastore;

import dev.ww.core.WwException;

/** A stored blob whose bytes no longer match its digest. */
public class BlobCorruptException extends WwException {
  private static final long serialVersionUID = 1L;

  public BlobCorruptException(String message) {
    super(message);
  }
}
