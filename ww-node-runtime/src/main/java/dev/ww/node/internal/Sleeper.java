package dev.ww.node.internal;

import java.time.Duration;

/** Waits; a seam so that tests can see the delays without waiting for them. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  Sleeper REAL = d -> Thread.sleep(d.toMillis());
}
