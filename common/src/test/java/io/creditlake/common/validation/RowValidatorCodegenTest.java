package io.creditlake.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.spark.TestSpark;
import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * compile (see {@link RowValidator}). Tests otherwise run without generated code, so this one
 * turns it on for the query it inspects.
 */
class RowValidatorCodegenTest {

  /** Spark's defaults, which TestSpark turns off. */
  private static final Map<String, String> CODEGEN = Map.of(
      "spark.sql.codegen.wholeStage", "true", "spark.sql.codegen.factoryMode", "FALLBACK");
  private static final Pattern STEP_METHOD = Pattern.compile("private void (project_doConsume_\\d+)\\(");

  @Test
  void eachStepOfValidationIsAGeneratedMethodOfItsOwn() {
    SparkSession spark = TestSpark.get();
    SourceConfig tax = new ConfigLoader().loadDefault().source("tax").orElseThrow();
    // bronze as ingest reads it: canonical columns as text, the non-null batch metadata, read problem
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
    // cached, as ingest's input is: a plain local table would be folded away by the optimizer
    Dataset<Row> bronze = spark.createDataFrame(rows, schema).cache();
    Map<String, String> before = new HashMap<>();
    for (String key : CODEGEN.keySet()) {
      before.put(key, spark.conf().get(key));
    }
    CODEGEN.forEach(spark.conf()::set);
    try {
      Dataset<Row> validated = new RowValidator(tax, "key").validate(bronze);
      String code = org.apache.spark.sql.execution.debug.package$.MODULE$.codegenString(
          validated.queryExecution().executedPlan());
      List<String> methods = new ArrayList<>();
      Matcher m = STEP_METHOD.matcher(code);
      while (m.find()) {
        methods.add(m.group(1));
      }
      // one each for clean, type and judge (the quarantine copy is generated inside judge's)
      assertThat(methods).as("generated step methods").hasSize(3);
      assertThat(validated.count()).isEqualTo(3);
    } finally {
      before.forEach(spark.conf()::set);
      bronze.unpersist();
    }
  }
}
