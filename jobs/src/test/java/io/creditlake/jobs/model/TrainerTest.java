package io.creditlake.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many partitions the rows of a fit get: one per 100,000 rows, at most 64, whatever the cores. */
class TrainerTest {

  @Test
  void onePartitionPerHundredThousandRowsUpToSixtyFour() {
    assertThat(Trainer.partitions(0)).isEqualTo(1);
    assertThat(Trainer.partitions(10_494)).as("the sample's training rows").isEqualTo(1);
    assertThat(Trainer.partitions(100_000)).isEqualTo(1);
    assertThat(Trainer.partitions(100_001)).isEqualTo(2);
    assertThat(Trainer.partitions(2_000_000)).as("the default sample cap").isEqualTo(20);
    assertThat(Trainer.partitions(50_000_000)).as("a cap raised past the limit").isEqualTo(64);
  }
}
