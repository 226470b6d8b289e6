package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BootReportLogTest {

  @Test
  void add_keepsTheNewestReportsPerNode() {
    BootReportLog log = new BootReportLog(2);
    for (String stage : new String[] {"ipxe", "init", "capsule"}) {
      log.add(new BootReport("n1", stage, BootReport.Status.OK, "", Instant.EPOCH));
    }
    log.add(new BootReport("n2", "init", BootReport.Status.FAILED, "no network", Instant.EPOCH));
    assertThat(log.forNode("n1")).extracting(BootReport::stage).containsExactly("init", "capsule");
    assertThat(log.latest("n2")).hasValueSatisfying(r -> assertThat(r.message()).isEqualTo("no network"));
    assertThat(log.forNode("n3")).isEmpty();
  }

  @Test
  void report_rejectsStageNamesThatAreNotWords() {
    assertThatThrownBy(() -> new BootReport("n1", "../x", BootReport.Status.OK, "", Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
