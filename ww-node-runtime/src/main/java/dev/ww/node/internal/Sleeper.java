package dev.ww.node.internal;

import java.time.Duration;

/** Waits; a seam so that tests can see the delays without waiting for them. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  Sleeper REAL =
      new Sleeper() {
        @Override
        public void sleep(Duration d) throws InterruptedException {
          Thread.sleep(d.toMillis());
        }
      };
}
