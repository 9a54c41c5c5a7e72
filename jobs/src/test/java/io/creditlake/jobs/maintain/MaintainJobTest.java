package io.creditlake.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.TestLake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OPTIMIZE and VACUUM on a lake of many small appends: the dry run lists and changes nothing;
 * the real run compacts (Z-ordered where the table has a business code), removes the files no
 * longer used once retention allows it, and leaves every row; a short retention needs force.
 */
class MaintainJobTest {

  @Test
  void compactsVacuumsAndKeepsEveryRow(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    SparkSession spark = lake.spark();
    String silver = lake.settings.lake().root() + "/silver/tax";
    String runs = lake.settings.lake().root() + "/ops/runs";
    for (int i = 0; i < 3; i++) {
      spark.range(i * 100, i * 100 + 100).selectExpr("CAST(id AS STRING) AS uscc", "id AS amount")
          .repartition(2).write().format("delta").mode("append").save(silver);
    }
    for (int i = 0; i < 2; i++) {
      spark.range(i, i + 1).selectExpr("id AS n").coalesce(1).write().format("delta").mode("append").save(runs);
    }
    JobContext ctx = lake.day(LocalDate.of(2026, 11, 20));
    long parquetBefore = parquetFiles(tmp.resolve("lake/silver/tax"));
    assertThat(parquetBefore).isEqualTo(6);

    MaintainResult dry = new MaintainJob(0, true, true).run(spark, ctx);
    assertThat(dry.tables()).extracting(MaintainResult.TableResult::table).containsExactly("ops/runs", "silver/tax");
    MaintainResult.TableResult dryTax = dry.tables().get(1);
    assertThat(dryTax.files()).isEqualTo(6);
    assertThat(dryTax.filesAfter()).as("dry run: nothing compacted").isEqualTo(6);
    assertThat(dryTax.vacuumFiles()).as("every file is still in use").isZero();
    assertThat(parquetFiles(tmp.resolve("lake/silver/tax"))).isEqualTo(parquetBefore);

    MaintainResult done = new MaintainJob(0, false, true).run(spark, ctx);
    MaintainResult.TableResult tax = done.tables().get(1);
    assertThat(tax.filesAfter()).isLessThan(tax.files());
    assertThat(tax.zorderedBy()).isEqualTo("uscc");
    assertThat(done.tables().get(0).zorderedBy()).as("no business code in ops/runs").isNull();
    assertThat(tax.vacuumFiles()).as("the six small files, replaced by the compaction").isEqualTo(6);
    assertThat(parquetFiles(tmp.resolve("lake/silver/tax"))).isEqualTo(tax.filesAfter());
    assertThat(spark.read().format("delta").load(silver).count()).isEqualTo(300);
    assertThat(spark.read().format("delta").load(silver).selectExpr("sum(amount)").first().getLong(0))
        .isEqualTo(44850L);
    assertThat(spark.conf().get("spark.databricks.delta.retentionDurationCheck.enabled")).as("restored")
        .isEqualTo("true");

    assertThatThrownBy(() -> new MaintainJob(24, false, false).run(spark, ctx))
        .isInstanceOf(CreditLakeException.class).hasMessageContaining("24 hours").hasMessageContaining("--force");
  }

  private static long parquetFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
    }
  }
}
