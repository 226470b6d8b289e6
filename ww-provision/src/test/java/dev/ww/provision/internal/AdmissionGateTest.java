package dev.ww.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdmissionGateTest {

  @Test
  void tryAcquire_admitsUpToCapacityAndAgainAfterRelease() {
    AdmissionGate gate = new AdmissionGate(2, 3, 0);
    assertThat(gate.tryAcquire()).isTrue();
    assertThat(gate.tryAcquire()).isTrue();
    assertThat(gate.tryAcquire()).isFalse();
    gate.release();
    assertThat(gate.tryAcquire()).isTrue();
    assertThat(gate.inFlight()).isEqualTo(2);
  }

  @Test
  void retryAfter_staysWithinBasePlusJitter() {
    AdmissionGate gate = new AdmissionGate(1, 2, 5);
    for (int i = 0; i < 200; i++) {
      assertThat(gate.retryAfterSeconds()).isBetween(2, 7);
    }
  }
}
