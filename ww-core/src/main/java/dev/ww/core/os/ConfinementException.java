package dev.ww.core.os;

/** A path that would lead out of the directory it must stay in. */
public final class ConfinementException extends OsException {
  private static final long serialVersionUID = 1L;

  public ConfinementException(String operation) {
    super(operation, Errno.EXDEV, "the path leads outside the root it is confined to");
  }
}
