package dev.ww.capsule;

import java.io.IOException;
import java.io.InputStream;

/** Opens the bytes of an earlier capsule, from its start (a file, a datastore blob, ...). */
@FunctionalInterface
public interface CapsuleSource {
  InputStream open() throws IOException;
}
