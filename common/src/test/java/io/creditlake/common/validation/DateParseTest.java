package io.creditlake.common.validation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.spark.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The shape check and cast that parse the all-digit date formats give what Spark's formatter gives
 * for the same pattern, on good dates, impossible dates and text that only looks like a date.
 */
class DateParseTest {

  private static final List<String> SAMPLES = List.of(
      "2024-01-15", "2024-02-29", "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-5",
      "2024-01-5", "24-01-15", "02024-01-15", "+024-01-15", "-024-01-15", "2024-01-15T00", "2024-01-15 10:00",
      "2024-01", "2024", "", "abcd-ef-gh", "2024/01/15", "2024/1/15", "2024.01.15", "20240115", "20240230",
      "2024011", "202401150", "2024 0115", "1999-12-31", "1999/12/31", "19991231", "0001-01-01", "00010101",
      "9999-12-31", "99991231", "2024/02/29", "2023/02/29", "2024.02.29", "2023.02.30", "2024.12.01", "2024.1.01",
      "２０２４-01-15", "2024-01-15\n", "2024-01/15", "2024/01-15");

  @Test
  void digitFormatsAgreeWithTheFormatter() {
    SparkSession spark = TestSpark.get();
    List<String> texts = new ArrayList<>(SAMPLES);
    texts.add(null);
    for (String format : List.of("yyyy-MM-dd", "yyyy/MM/dd", "yyyyMMdd", "yyyy.MM.dd")) {
      List<Row> rows = spark.createDataset(texts, Encoders.STRING()).toDF("t")
          .select(col("t"), RowValidator.parseDate(col("t"), format).as("fast"),
              to_date(try_to_timestamp(col("t"), lit(format))).as("formatter"))
          .collectAsList();
      long parsed = 0;
      for (Row r : rows) {
        assertThat(r.get(1)).as("%s as %s", r.get(0), format).isEqualTo(r.get(2));
        parsed += r.isNullAt(1) ? 0 : 1;
      }
      assertThat(parsed).as("some samples are dates in %s", format).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void otherPatternsStillParse() {
    Row r = TestSpark.get().sql("SELECT '15.01.2024' AS t").select(RowValidator.parseDate(col("t"), "dd.MM.yyyy")).first();
    assertThat(r.getDate(0)).hasToString("2024-01-15");
  }
}
