package io.creditlake.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.domain.Uscc;
import io.creditlake.common.spark.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** The USCC checks as Spark columns agree with {@link Uscc} on valid, mutated and odd codes, and on null. */
class UsccSqlTest {

  @Test
  void agreesWithTheJavaCheckOnThousandsOfCodes() {
    Random rnd = new Random(7);
    List<String> codes = new ArrayList<>(List.of("91350100M000100Y43", "91350100M000100Y4Z", "91350100M000100Y44",
        "000000000000000000", "440301000012345", "", "91350100M000100Y4", "91350100M000100Y43X", "9135O100M000100Y43"));
    for (int i = 0; i < 3000; i++) {
      StringBuilder body = new StringBuilder();
      for (int k = 0; k < 8; k++) {
        body.append(Uscc.ALPHABET.charAt(rnd.nextInt(Uscc.ALPHABET.length())));
      }
      String code;
      try {
        code = Uscc.build('9', (char) ('1' + rnd.nextInt(3)), String.format("44%04d", rnd.nextInt(10000)), body.toString());
      } catch (IllegalArgumentException e) {
        continue;
      }
      codes.add(code);
      char[] c = code.toCharArray();
      int pos = rnd.nextInt(18);
      c[pos] = Uscc.ALPHABET.charAt(rnd.nextInt(Uscc.ALPHABET.length()));
      codes.add(new String(c));
    }
    SparkSession spark = TestSpark.get();
    Dataset<Row> df = spark.createDataset(codes, Encoders.STRING()).toDF("code")
        .withColumn("valid", UsccSql.isValid(functions.col("code")))
        .withColumn("legacy", UsccSql.isLegacy(functions.col("code")));
    List<Row> rows = df.collectAsList();
    assertThat(rows).hasSize(codes.size());
    long valid = 0;
    for (Row r : rows) {
      String code = r.getString(0);
      assertThat(r.getBoolean(1)).as("valid(%s)", code).isEqualTo(Uscc.isValid(code));
      assertThat(r.getBoolean(2)).as("legacy(%s)", code)
          .isEqualTo(Uscc.verdict(code) == Uscc.Verdict.LEGACY_REGISTRATION_NUMBER);
      valid += r.getBoolean(1) ? 1 : 0;
    }
    assertThat(valid).as("both valid and invalid codes were checked").isBetween(2000L, (long) codes.size() - 1000);
    Row nullRow = spark.sql("SELECT CAST(NULL AS STRING) AS code").select(UsccSql.isValid(functions.col("code"))).first();
    assertThat(nullRow.getBoolean(0)).as("null is not valid").isFalse();
  }
}
