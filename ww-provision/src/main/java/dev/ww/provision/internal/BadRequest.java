package dev.ww.provision.internal;

/** A request the server cannot make sense of: 400 with this message. */
final class BadRequest extends Exception {
  BadRequest(String message) {
    super(message, null, false, false);
  }
}
