package io.creditlake.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.spark.GeneratedCode;
import io.creditlake.common.spark.TestSpark;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Validation's generated code comes as one method per step, not as one method the JIT refuses to
 * compile (see {@link RowValidator}).
 */
class RowValidatorCodegenTest {

  @Test
  void eachStepOfValidationIsAGeneratedMethodOfItsOwn() {
    SparkSession spark = TestSpark.get();
    SourceConfig tax = new ConfigLoader().loadDefault().source("tax").orElseThrow();
    // rows made in Java, as ingest reads text files: canonical columns as text, the non-null batch
    // metadata, the read problem
    List<StructField> fields = new ArrayList<>();
    for (StructField f : Tables.bronze(tax.source()).fields()) {
      if (!f.name().equals(Tables.RUN_ID) && !f.name().equals(Tables.INGEST_TIME)) {
        fields.add(f);
      }
    }
    fields.add(DataTypes.createStructField(RowValidator.READ_PROBLEM, DataTypes.StringType, true));
    StructType schema = DataTypes.createStructType(fields);
    List<Row> rows = new ArrayList<>();
    for (int line = 1; line <= 3; line++) {
      List<Object> values = new ArrayList<>();
      for (StructField f : schema.fields()) {
        values.add(switch (f.name()) {
          case Tables.SOURCE_FILE -> "tax/2026-10-20/tax.csv";
          case Tables.LINE -> (long) line;
          case Tables.BATCH_DATE -> Date.valueOf("2026-10-20");
          case Tables.BATCH_ID -> "b1";
          case RowValidator.READ_PROBLEM -> null;
          default -> "x";
        });
      }
      rows.add(RowFactory.create(values.toArray()));
    }
    // from an RDD, as ingest's are (a local table would be folded away by the optimizer)
    Dataset<Row> bronze = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(rows, 1), schema);
    Dataset<Row> validated = new RowValidator(tax, "key").validate(bronze);

    // one each for clean, type and judge (the quarantine copy is generated inside judge's)
    assertThat(GeneratedCode.consumeMethods(validated)).as("generated step methods")
        .containsExactlyInAnyOrder("project_doConsume_0", "project_doConsume_1", "project_doConsume_2");
    assertThat(validated.count()).isEqualTo(3);
  }
}
