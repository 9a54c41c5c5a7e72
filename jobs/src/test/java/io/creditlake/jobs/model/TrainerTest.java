package io.creditlake.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many partitions the rows of a fit get: one per 100,000 rows, never more than the cores. */
class TrainerTest {

  @Test
  void smallSetsTakeOnePartitionAndLargeOnesOnePerCore() {
    assertThat(Trainer.partitions(0, 2)).isEqualTo(1);
    assertThat(Trainer.partitions(10_494, 2)).as("the sample's training rows").isEqualTo(1);
    assertThat(Trainer.partitions(100_000, 2)).isEqualTo(1);
    assertThat(Trainer.partitions(100_001, 2)).isEqualTo(2);
    assertThat(Trainer.partitions(2_000_000, 2)).as("the sample cap on a laptop").isEqualTo(2);
    assertThat(Trainer.partitions(2_000_000, 64)).as("the sample cap on a cluster").isEqualTo(20);
    assertThat(Trainer.partitions(2_000_000, 0)).as("no cores reported").isEqualTo(1);
  }
}
