package dev.ww.provision.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps concurrent capsule transfers. A refused caller is told to retry after a base delay plus
 * random jitter, so a boot storm spreads out instead of returning in lock-step.
 */
public final class AdmissionGate {

  private final int capacity;
  private final int retryAfter;
  private final int jitter;
  private final AtomicInteger inFlight = new AtomicInteger();

  public AdmissionGate(int capacity, int retryAfterSeconds, int jitterSeconds) {
    this.capacity = capacity;
    this.retryAfter = retryAfterSeconds;
    this.jitter = jitterSeconds;
  }

  /** Takes a slot when one is free. Every successful call must be followed by one release. */
  public boolean tryAcquire() {
    while (true) {
      int now = inFlight.get();
      if (now >= capacity) {
        return false;
      }
      if (inFlight.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  public void release() {
    inFlight.decrementAndGet();
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Seconds for the Retry-After header. */
  public int retryAfterSeconds() {
    return retryAfter + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextInt(jitter + 1));
  }
}
