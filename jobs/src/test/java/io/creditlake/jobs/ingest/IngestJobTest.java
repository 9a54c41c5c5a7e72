package io.creditlake.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.tuple;

import io.creditlake.common.domain.Source;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.spark.TestSpark;
import io.creditlake.jobs.TestLake;
import io.delta.tables.DeltaTable;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.sql.Date;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest on small fixtures written the way departments send them, with the project's real configuration. */
class IngestJobTest {

  static final Charset GBK = Charset.forName("GBK");
  static final LocalDate D1 = LocalDate.of(2026, 10, 8);
  static final LocalDate D2 = LocalDate.of(2026, 10, 9);

  static final String TAX_HEADER = TestLake.TAX_HEADER;
  static final String LOAN_HEADER = TestLake.LOAN_HEADER;
  static final StructType REGISTRATION = TestLake.REGISTRATION;

  static Row registration(String id, String uscc, String name, String capital, String rep, String repId) {
    return RowFactory.create(id, uscc, name, "企业", "I6510", new BigDecimal(capital), "CNY", Date.valueOf("2015-03-02"),
        "440305", rep, repId, "存续", "设立登记", Date.valueOf("2015-03-02"), null, null, "SZAMR", Date.valueOf("2026-10-08"));
  }

  static final String U1 = TestLake.uscc(1);
  static final String U2 = TestLake.uscc(2);
  static final String U3 = TestLake.uscc(3);

  static String wrongCheck(String uscc) {
    char c = uscc.charAt(17) == '0' ? '1' : '0';
    return uscc.substring(0, 17) + c;
  }

  static String fullWidth(String s) {
    StringBuilder sb = new StringBuilder();
    s.chars().forEach(c -> sb.append((char) (c + 0xFEE0)));
    return sb.toString();
  }

  static String loan(String id, String uscc, String month, String balance, String submit) {
    return id + "," + uscc + ",招商银行深圳分行," + month + ",1000000.00," + balance + ",2025-01-01,2027-01-01,0,正常,B05," + submit;
  }

  @Test
  void typesGoodRowsAndQuarantinesBadOnesWithEveryReason(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    lake.write(Source.TAX, D1, "tax_SZTAX.csv", GBK,
        TAX_HEADER,
        U1 + ",20260930,增值税,20261015,20261008,\"1,234.50\",\"1,234.50\",0.00,B,2025,SZTAX,20261008",
        "",
        wrongCheck(U2) + ",20260930,增值税,20261015,20261008,100.00,100.00,0.00,,,SZTAX,20261008",
        ",20260930,增值税,20261015,20261008,100.00,100.00,0.00,,,SZTAX,20261008",
        U3 + ",20260930,企业所得税,20261015,20261008,12O.00,100.00,0.00,,,SZTAX,20261008",
        U3 + ",20260930,增值税,20261015,20261008,100.00,-5.00,0.00,,,SZTAX,20261008",
        U3 + ",20261031,增值税,20261115,20261008,100.00,100.00,0.00,,,SZTAX,20261008",
        " " + fullWidth(U2) + " ,2026-09-30,城市维护建设税,20261015,20261008,７０.００,70,0,A,2025,ＳＺＴＡＸ,20261008",
        wrongCheck(U2) + ",20260930,个人所得税,20261015,20261008,1.00,1.00,0.00,,,SZTAX,2026-13-45",
        U3 + ",20260930,个人所得税,20261015,20261008,1.00,1.00,0.00,E,2025,SZTAX,20261008",
        "440301000012345,20260930,增值税,20261015,20261008,1.00,1.00,0.00,,,SZTAX,20261008",
        U1 + ",20260930");

    IngestResult r = new IngestJob(List.of("tax")).run(lake.spark(), lake.day(D1));

    IngestResult.SourceResult tax = r.sources().get(0);
    assertThat(tax.error()).as("error").isNull();
    assertThat(List.of(tax.rowsRead(), tax.rowsSilver(), tax.rowsQuarantined(), tax.rowsDuplicate()))
        .as("read, silver, quarantined, duplicates").containsExactly(11L, 2L, 9L, 0L);
    assertThat(tax.batches()).containsExactly(new IngestResult.BatchCounts(D1, 11, 2, 9, 0));

    List<Row> silver = lake.table("silver/tax").orderBy("uscc").collectAsList();
    assertThat(silver).extracting(x -> x.getAs("uscc"), x -> x.getAs("tax_period").toString(), x -> x.getAs("tax_type"),
            x -> x.<BigDecimal>getAs("declared_amount"), x -> x.getAs("reporting_unit"), x -> x.getAs(Tables.KNOWN_SINCE).toString(),
            x -> x.getAs(Tables.RECORD_KEY))
        .containsExactly(
            tuple(U1, "2026-09-30", "增值税", new BigDecimal("1234.50"), "SZTAX", "2026-10-08", U1 + "|2026-09-30|增值税"),
            tuple(U2, "2026-09-30", "城市维护建设税", new BigDecimal("70.00"), "SZTAX", "2026-10-08", U2 + "|2026-09-30|城市维护建设税"));

    Map<Long, List<String>> reasons = new java.util.TreeMap<>();
    lake.table("quarantine").filter("source = 'tax'").collectAsList().forEach(q ->
        reasons.put(q.<Long>getAs(Tables.LINE), q.<String>getList(q.fieldIndex(Tables.REASONS)).stream().sorted().toList()));
    assertThat(reasons).as("quarantined line → reasons").isEqualTo(new java.util.TreeMap<>(Map.of(
        4L, List.of("BAD_USCC:uscc"),
        5L, List.of("MISSING:uscc"),
        6L, List.of("BAD_AMOUNT:declared_amount"),
        7L, List.of("NEGATIVE_AMOUNT:paid_amount"),
        8L, List.of("EVENT_AFTER_SUBMISSION"),
        10L, List.of("BAD_DATE:submit_date", "BAD_USCC:uscc"),
        11L, List.of("BAD_CODE:credit_level"),
        12L, List.of("LEGACY_REG_NO:uscc"),
        13L, List.of("BAD_FIELD_COUNT", "MISSING:reporting_unit", "MISSING:submit_date", "MISSING:tax_type"))));
    Row q = lake.table("quarantine").filter("_line = 6").first();
    assertThat(q.<String, String>getJavaMap(q.fieldIndex(Tables.RAW))).as("raw values kept")
        .containsEntry("declared_amount", "12O.00").containsEntry("tax_type", "企业所得税");
    assertThat(tax.reasons()).containsEntry("BAD_USCC:uscc", 2L).containsEntry("MISSING:uscc", 1L);
    assertThat(lake.table("bronze/tax").count()).as("bronze holds every row read").isEqualTo(11);
  }

  @Test
  void personalDataIsMaskedEverywhereButBronze(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    lake.writeParquet(Source.REGISTRATION, D1, "registration_SZAMR.parquet", REGISTRATION, List.of(
        registration("R1", U1, "深圳市华信科技有限公司", "1000000.00", "张伟", "440305198001011234"),
        registration("R2", wrongCheck(U2), "深圳市安捷贸易有限公司", "500000.00", "李娜", "440304199002022345")));

    new IngestJob(List.of("registration")).run(lake.spark(), lake.day(D1));

    Row s = lake.table("silver/registration").first();
    assertThat(s.<String>getAs("legal_rep_name")).as("masked name").isEqualTo(sha256("\u0001张伟")).doesNotContain("张");
    assertThat(s.<String>getAs("legal_rep_id")).as("masked id").isEqualTo(sha256("\u0001440305198001011234"));
    assertThat(List.<Object>of(s.getAs("status"), s.getAs("event_type"), s.getAs("entity_type"), s.<BigDecimal>getAs("registered_capital")))
        .as("labels mapped, amounts parsed").containsExactly("OPERATING", "REGISTERED", "ENTERPRISE", new BigDecimal("1000000.00"));
    Row b = lake.table("bronze/registration").orderBy(Tables.LINE).first();
    assertThat(b.<String>getAs("legal_rep_name")).as("bronze as sent").isEqualTo("张伟");
    assertThat(b.<String>getAs("registered_capital")).as("a typed Parquet value as text").isEqualTo("1000000.00");
    Row q = lake.table("quarantine").first();
    assertThat(q.<String, String>getJavaMap(q.fieldIndex(Tables.RAW)))
        .containsEntry("legal_rep_name", sha256("\u0001李娜")).containsEntry("name", "深圳市安捷贸易有限公司");
  }

  @Test
  void correctionsAreNewVersionsAndExactDuplicatesAreDropped(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    lake.write(Source.LOAN, D1, "loan_B05.csv", StandardCharsets.UTF_8, LOAN_HEADER,
        loan("L1", U1, "2026-09-30", "500000.00", "2026-10-08"),
        loan("L2", U2, "2026-09-30", "300000.00", "2026-10-08"),
        loan("L2", U2, "2026-09-30", "300000.00", "2026-10-08"));
    lake.write(Source.LOAN, D2, "loan_B05.csv", StandardCharsets.UTF_8, LOAN_HEADER,
        loan("L1", U1, "2026-09-30", "450000.00", "2026-10-09"),
        loan("L2", U2, "2026-09-30", "\"300,000.00\"", "2026-10-08"),
        loan("L3", U3, "2026-07-31", "100000.00", "2026-09-20"));

    IngestResult first = new IngestJob(List.of("loan")).run(lake.spark(), lake.day(D1));
    IngestResult second = new IngestJob(List.of("loan")).run(lake.spark(), lake.day(D2));

    assertThat(first.sources().get(0).rowsDuplicate()).as("same-file resend").isEqualTo(1);
    assertThat(second.sources().get(0).rowsDuplicate()).as("next-day resend").isEqualTo(1);
    List<String> versions = lake.rows(lake.table("silver/loan"),
        "concat_ws(' ', loan_id, cast(balance as string), cast(_known_since as string), cast(_batch_date as string)) as v");
    assertThat(versions).containsExactly(
        "[L1 450000.00 2026-10-09 2026-10-09]",
        "[L1 500000.00 2026-10-08 2026-10-08]",
        "[L2 300000.00 2026-10-08 2026-10-08]",
        "[L3 100000.00 2026-10-09 2026-10-09]");

    TestLake once = new TestLake(tmp.resolve("range"));
    copyInput(lake, once);
    IngestResult range = new IngestJob(List.of("loan")).run(once.spark(), once.range(D1, D2));
    assertThat(range.sources().get(0).batches()).as("one pass over both days")
        .containsExactly(new IngestResult.BatchCounts(D1, 3, 2, 0, 1), new IngestResult.BatchCounts(D2, 3, 2, 0, 1));
    assertThat(once.rows(once.table("silver/loan"),
        "concat_ws(' ', loan_id, cast(balance as string), cast(_known_since as string), cast(_batch_date as string)) as v"))
        .as("a range in one run equals day by day").isEqualTo(versions);
  }

  @Test
  void silversVersionsArePickedByAFilterThatKeepsEveryKeyOfTheBatchAndFewOthers() {
    SparkSession spark = TestSpark.get();
    List<String> batch = IntStream.range(0, 2000).mapToObj(i -> "tax|" + i).toList();
    List<String> others = IntStream.range(0, 20000).mapToObj(i -> "loan|" + i).toList();
    Dataset<Row> keys = spark.createDataset(batch, Encoders.STRING())
        .toDF(Tables.RECORD_KEY);
    UserDefinedFunction may = IngestJob.mightContain(spark, keys, Tables.RECORD_KEY, batch.size());

    Dataset<Row> all = spark.createDataset(
        Stream.concat(batch.stream(), others.stream()).toList(), Encoders.STRING())
        .toDF("k").withColumn("in", may.apply(col("k")));
    assertThat(all.filter("in AND k LIKE 'tax|%'").count()).as("no key of the batch is missed").isEqualTo(2000);
    assertThat(all.filter("in AND k LIKE 'loan|%'").count()).as("about 1 %% of the others pass").isLessThan(600);

    UserDefinedFunction none = IngestJob.mightContain(spark, keys.limit(0), Tables.RECORD_KEY, 0);
    assertThat(all.filter(none.apply(col("k"))).count()).as("a batch without valid rows").isZero();
  }

  @Test
  void aNightWithAnEmptyFileAfterTheFirstLoadIngestsNothingAndSucceeds(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    lake.write(Source.LOAN, D1, "loan_B05.csv", StandardCharsets.UTF_8, LOAN_HEADER,
        loan("L1", U1, "2026-09-30", "500000.00", "2026-10-08"));
    lake.write(Source.LOAN, D2, "loan_B05.csv", StandardCharsets.UTF_8, LOAN_HEADER);
    assertThat(new IngestJob(List.of("loan")).run(lake.spark(), lake.day(D1)).succeeded()).isTrue();

    IngestResult night = new IngestJob(List.of("loan")).run(lake.spark(), lake.day(D2));

    assertThat(night.sources().get(0).error()).isNull();
    assertThat(night.sources().get(0).rowsRead()).isZero();
    assertThat(lake.table("silver/loan").count()).isEqualTo(1);
  }

  @Test
  void rerunningADateLeavesTheSameRowsAlsoAfterARunKilledHalfway(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    lake.write(Source.LOAN, D1, "loan_B05.csv", StandardCharsets.UTF_8, LOAN_HEADER,
        loan("L1", U1, "2026-09-30", "500000.00", "2026-10-08"),
        loan("L2", wrongCheck(U2), "2026-09-30", "300000.00", "2026-10-08"),
        loan("L3", U3, "2026-09-30", "200000.00", "2026-10-08"),
        loan("L3", U3, "2026-09-30", "200000.00", "2026-10-08"));
    String[] silverCols = {"concat_ws(' ', loan_id, cast(balance as string), cast(_line as string)) as v"};

    new IngestJob(List.of("loan")).run(lake.spark(), lake.day(D1));
    List<String> silver = lake.rows(lake.table("silver/loan"), silverCols);
    List<String> bronze = lake.rows(lake.table("bronze/loan"), "concat_ws(' ', loan_id, BALANCE_placeholder) as v".replace("BALANCE_placeholder", "balance"));
    assertThat(silver).hasSize(2);

    IngestResult again = new IngestJob(List.of("loan")).run(lake.spark(), lake.day(D1));
    assertThat(again.sources().get(0).rowsDuplicate()).isEqualTo(1);
    assertThat(lake.rows(lake.table("silver/loan"), silverCols)).as("silver after rerun").isEqualTo(silver);
    assertThat(lake.rows(lake.table("bronze/loan"), "concat_ws(' ', loan_id, balance) as v")).as("bronze after rerun").isEqualTo(bronze);
    assertThat(lake.table("quarantine").count()).as("quarantine after rerun").isEqualTo(1);

    // killed after bronze and quarantine, before silver: silver lacks the batch
    DeltaTable.forPath(lake.spark(), lake.settings.lake().root() + "/silver/loan").delete("_batch_date = '2026-10-08'");
    new IngestJob(List.of("loan")).run(lake.spark(), lake.day(D1));
    assertThat(lake.rows(lake.table("silver/loan"), silverCols)).as("silver after a killed run's rerun").isEqualTo(silver);
    assertThat(lake.table("bronze/loan").count()).isEqualTo(4);
    assertThat(lake.table("quarantine").count()).isEqualTo(1);
    assertThat(lake.table("ops/runs").filter("source = 'loan' AND status = 'SUCCEEDED'").count())
        .as("every run is recorded").isEqualTo(3);
  }

  @Test
  void aBrokenFileStopsOnlyItsSourceAndWritesNothingOfIt(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    lake.writeParquet(Source.REGISTRATION, D1, "registration_SZAMR.parquet", REGISTRATION,
        List.of(registration("R1", U1, "深圳市华信科技有限公司", "100.00", "张伟", null)));
    lake.write(Source.TAX, D1, "tax_SZTAX.csv", GBK, TAX_HEADER.replace("税种,", ""),
        U1 + ",20260930,20261015,20261008,100.00,100.00,0.00,,,SZTAX,20261008");
    Path loan = lake.write(Source.LOAN, D1, "loan_B05.csv", StandardCharsets.UTF_8, LOAN_HEADER,
        loan("L1", U1, "2026-09-30", "500000.00", "2026-10-08"));
    byte[] bytes = Files.readAllBytes(loan);
    byte[] broken = java.util.Arrays.copyOf(bytes, bytes.length + 3);
    broken[bytes.length] = (byte) 0xC3;
    broken[bytes.length + 1] = (byte) 0x28;
    broken[bytes.length + 2] = '\n';
    Files.write(loan, broken);
    lake.write(Source.LOAN, D1, "loan_B06.csv", StandardCharsets.UTF_8, LOAN_HEADER,
        loan("L9", U2, "2026-09-30", "1.00", "2026-10-08"));

    IngestResult r = new IngestJob(List.of()).run(lake.spark(), lake.day(D1));

    assertThat(r.succeeded()).isFalse();
    assertThat(r.sources()).extracting(IngestResult.SourceResult::source, IngestResult.SourceResult::status)
        .containsExactly(tuple("registration", "SUCCEEDED"), tuple("tax", "FAILED"), tuple("loan", "FAILED"),
            tuple("litigation", "SUCCEEDED"));
    assertThat(r.sources().get(1).error()).contains("tax_SZTAX.csv").contains("税种");
    assertThat(r.sources().get(2).error()).contains("loan_B05.csv").contains("line 3").contains("UTF-8");
    assertThat(r.sources().get(3).files()).as("no court delivered that day: nothing to ingest, no failure").isZero();
    assertThat(lake.table("bronze/tax").count() + lake.table("bronze/loan").count() + lake.table("silver/loan").count())
        .as("nothing of a failed source is written").isZero();
    assertThat(lake.table("silver/registration").count()).isEqualTo(1);
    assertThat(lake.rows(lake.table("ops/runs"), "concat_ws(' ', source, status) as v"))
        .containsExactly("[litigation SUCCEEDED]", "[loan FAILED]", "[registration SUCCEEDED]", "[tax FAILED]");
  }

  @Test
  void aFileThatChangesAfterItsCheckStopsOnlyItsSourceAndIsRecorded(@TempDir Path tmp) throws Exception {
    TestLake plain = new TestLake(tmp);
    plain.write(Source.TAX, D1, "tax_SZTAX.csv", GBK, TAX_HEADER,
        U1 + ",20260930,增值税,20261015,20261008,100.00,100.00,0.00,,,SZTAX,20261008");
    Path loan = plain.write(Source.LOAN, D1, "loan_B05.csv", StandardCharsets.UTF_8, LOAN_HEADER,
        loan("L1", U1, "2026-09-30", "500000.00", "2026-10-08"));
    // the same file with another department's header: what a task reads after the check
    Path replaced = Files.writeString(tmp.resolve("loan_replaced.csv"), "不是贷款,文件\n1,2\n");
    try (ChangingFileSystem.Installed changes = ChangingFileSystem.install(plain.spark(), loan, replaced, plain.input)) {
      io.creditlake.common.config.Settings changing = new io.creditlake.common.config.Settings(plain.settings.config(),
          plain.settings.lake(), changes.input());
      IngestResult r = new IngestJob(List.of("tax", "loan")).run(plain.spark(), io.creditlake.jobs.JobContext.of(changing, D1, D1));

      assertThat(r.sources()).extracting(IngestResult.SourceResult::source, IngestResult.SourceResult::status)
          .containsExactly(tuple("tax", "SUCCEEDED"), tuple("loan", "FAILED"));
      assertThat(r.sources().get(1).error()).contains("loan_B05.csv");
      assertThat(plain.table("silver/loan").count()).isZero();
      assertThat(plain.table("silver/tax").count()).isEqualTo(1);
      assertThat(plain.rows(plain.table("ops/runs"), "concat_ws(' ', source, status) as v"))
          .containsExactly("[loan FAILED]", "[tax SUCCEEDED]");
    }
  }

  @Test
  void anUnmappedColumnIsAWrongHeader(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    lake.write(Source.TAX, D1, "tax_SZTAX.csv", GBK, TAX_HEADER + ",备注",
        U1 + ",20260930,增值税,20261015,20261008,100.00,100.00,0.00,,,SZTAX,20261008,无");
    IngestResult r = new IngestJob(List.of("tax")).run(lake.spark(), lake.day(D1));
    assertThat(r.sources().get(0).error()).contains("tax_SZTAX.csv").contains("unmapped").contains("备注");
  }

  private static void copyInput(TestLake from, TestLake to) throws Exception {
    try (var files = Files.walk(from.input)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Path target = to.input.resolve(from.input.relativize(p));
        Files.createDirectories(target.getParent());
        Files.copy(p, target);
      }
    }
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
