package io.creditlake.jobs.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.profile.GoldFixture;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Lookup on the gold fixture: registry, the profile of a day, the abnormal-list history. */
class LookupJobTest {

  @Test
  void aBusinessAsTheLakeKnowsIt() throws Exception {
    TestLake lake = GoldFixture.lake();
    LookupResult u2 = new LookupJob(lake.settings.lake(), 0.25).run(lake.spark(), GoldFixture.U2.toLowerCase(), null);
    assertThat(u2.registered()).isTrue();
    assertThat(u2.registry()).containsEntry("name", "深圳市腾达贸易有限公司").containsEntry("status", "OPERATING");
    assertThat(u2.registryEvents()).extracting(e -> e.get("event_type"))
        .containsExactly("REGISTERED", "ABNORMAL_ADDED", "ABNORMAL_REMOVED");
    assertThat(u2.snapshot()).isEqualTo(GoldFixture.LATEST);
    assertThat(u2.profile()).containsEntry("abnormal_times_listed", 1L).containsEntry("abnormal_on_list", false);
    assertThat(u2.abnormalList()).extracting(a -> a.get("action") + " " + a.get("event_date") + " " + a.get("days_listed"))
        .containsExactly("ADDED 2026-07-03 33", "REMOVED 2026-08-05 null");

    LookupResult u1July = new LookupJob(lake.settings.lake(), 0.25).run(lake.spark(), GoldFixture.U1, LocalDate.of(2026, 8, 1));
    assertThat(u1July.snapshot()).as("the snapshot on or before the day asked").isEqualTo(LocalDate.of(2026, 7, 31));
    assertThat(u1July.profile()).containsEntry("tax_paid_12m", new BigDecimal("1000.00"));

    LookupResult unknown = new LookupJob(lake.settings.lake(), 0.25).run(lake.spark(), GoldFixture.U3, null);
    assertThat(unknown.registered()).as("U3 filed taxes but is not in the registry").isFalse();
    assertThat(unknown.profile()).isNull();
  }
}
