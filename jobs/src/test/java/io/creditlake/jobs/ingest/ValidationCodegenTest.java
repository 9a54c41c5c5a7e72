package io.creditlake.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.spark.GeneratedCode;
import io.creditlake.common.spark.TestSpark;
import io.creditlake.common.validation.RowValidator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The rows ingest reads, of every source and format in the sample, validate in one generated
 * method per step: nothing the reader adds keeps Spark from splitting them (see
 * {@code RowValidator} and {@link SourceFiles#rowSchema}).
 */
class ValidationCodegenTest {

  static final String SAMPLE = LakeLayout.toUri(Path.of("../sample-data").toAbsolutePath().normalize().toString());

  @Test
  void everySourceAsReadValidatesInAMethodPerStep() {
    SparkSession spark = TestSpark.get();
    CreditLakeConfig config = new ConfigLoader().loadDefault();
    List<LocalDate> november = LocalDate.of(2024, 11, 1).datesUntil(LocalDate.of(2024, 12, 1)).toList();
    for (SourceConfig source : config.sources()) {
      List<SourceFiles.FileTask> files = SourceFiles.list(spark, source, SAMPLE, november);
      assertThat(files).as(source.name() + " files in the sample's November").isNotEmpty();
      Dataset<Row> raw = SourceFiles.readChecked(spark, source, files);
      try {
        Dataset<Row> validated = new RowValidator(source, "key").validate(raw);
        assertThat(GeneratedCode.consumeMethods(validated)).as(source.name() + " (" + source.format() + ")")
            .containsExactlyInAnyOrder("project_doConsume_0", "project_doConsume_1", "project_doConsume_2");
      } finally {
        raw.unpersist();
      }
    }
  }
}
