package io.creditlake.jobs.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The snapshot index of a date in Java, as the sweep computes it; {@link ProfilesJobTest} covers the Spark one. */
class SnapshotsTest {

  private static final Snapshots SNAPS = Snapshots.of(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 8, 20));

  private static int index(String date) {
    return SNAPS.indexOf((int) LocalDate.parse(date).toEpochDay());
  }

  @Test
  void theFirstSnapshotOnOrAfterADate() {
    assertThat(SNAPS.dates()).containsExactly(LocalDate.of(2026, 6, 30), LocalDate.of(2026, 7, 31),
        LocalDate.of(2026, 8, 20));
    assertThat(Stream.of("2025-12-31", "2026-06-01", "2026-06-30", "2026-07-01", "2026-07-31", "2026-08-01",
        "2026-08-20", "2026-08-21", "2027-01-01").map(SnapshotsTest::index))
        .as("before the first month: 0; within a month: that month's; after the last day: never")
        .containsExactly(0, 0, 0, 1, 1, 2, 2, 3, 3);
  }
}
