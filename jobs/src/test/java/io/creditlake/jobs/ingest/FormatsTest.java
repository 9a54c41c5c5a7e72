package io.creditlake.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.creditlake.common.domain.Source;
import io.creditlake.common.lake.Tables;
import io.creditlake.jobs.TestLake;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet and JSON lines sources, as declared in {@code src/test/resources/formats.yaml}. */
class FormatsTest {

  static final Path CONFIG = Path.of("src/test/resources/formats.yaml");
  static final LocalDate D = LocalDate.of(2026, 10, 8);
  static final String U1 = TestLake.uscc(1);
  static final String U2 = TestLake.uscc(2);

  static final StructType LOAN = new StructType()
      .add("loan_id", DataTypes.StringType).add("borrower_uscc", DataTypes.StringType)
      .add("lender", DataTypes.StringType).add("report_month", DataTypes.DateType)
      .add("loan_amount", DataTypes.createDecimalType(20, 2)).add("balance", DataTypes.createDecimalType(20, 2))
      .add("start_date", DataTypes.DateType).add("maturity_date", DataTypes.DateType)
      .add("days_overdue", DataTypes.IntegerType).add("five_class", DataTypes.StringType)
      .add("reporting_institution", DataTypes.StringType).add("submit_date", DataTypes.DateType);

  static Row loan(String id, String uscc, String balance, int overdue, String cls) {
    return RowFactory.create(id, uscc, "招商银行深圳分行", Date.valueOf("2026-09-30"), new BigDecimal("1000000.00"),
        new BigDecimal(balance), Date.valueOf("2025-01-01"), Date.valueOf("2027-01-01"), overdue, cls, "B05",
        Date.valueOf("2026-10-08"));
  }

  static void parquet(TestLake lake, String name, StructType schema, List<Row> rows) throws Exception {
    lake.writeParquet(Source.LOAN, D, name, schema, rows);
  }

  @Test
  void parquetRowsAreTypedFromTheirTextAndKeepTheirOrdinal(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp, CONFIG);
    parquet(lake, "loan_B05.parquet", LOAN, List.of(
        loan("L1", U1, "500000.50", 0, "1"),
        loan("L2", "91440300XXXXXXXXXX", "1.00", 0, "1"),
        loan("L3", U2, "-3.00", 400, "5"),
        loan("L4", U2, "7.25", 95, "3")));

    IngestResult r = new IngestJob(List.of("loan")).run(lake.spark(), lake.day(D));

    assertThat(r.sources().get(0).error()).isNull();
    assertThat(r.sources().get(0).batches()).containsExactly(new IngestResult.BatchCounts(D, 4, 2, 2, 0));
    List<Row> silver = lake.table("silver/loan").orderBy("loan_id").collectAsList();
    assertThat(silver).extracting(x -> x.getAs("loan_id"), x -> x.<BigDecimal>getAs("balance"), x -> x.getAs("classification"),
            x -> x.getAs("days_overdue"), x -> x.getAs(Tables.LINE), x -> x.getAs(Tables.BATCH_DATE).toString())
        .containsExactly(tuple("L1", new BigDecimal("500000.50"), "NORMAL", 0, 1L, "2026-10-08"),
            tuple("L4", new BigDecimal("7.25"), "SUBSTANDARD", 95, 4L, "2026-10-08"));
    assertThat(lake.rows(lake.table("quarantine"), "concat_ws(' ', cast(_line as string), array_join(reasons, ';')) as v"))
        .containsExactly("[2 BAD_USCC:uscc]", "[3 NEGATIVE_AMOUNT:balance]");
    Row bronze = lake.table("bronze/loan").filter("_line = 1").first();
    assertThat(List.<Object>of(bronze.getAs("report_month"), bronze.getAs("balance"), bronze.getAs("days_overdue")))
        .as("bronze keeps the text form of typed Parquet values").containsExactly("2026-09-30", "500000.50", "0");
  }

  @Test
  void aParquetFileWithoutAMappedColumnOrUnreadableStopsTheSource(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp, CONFIG);
    StructType noBalance = new StructType(java.util.Arrays.stream(LOAN.fields())
        .filter(f -> !f.name().equals("balance")).toArray(org.apache.spark.sql.types.StructField[]::new));
    Row r = loan("L1", U1, "1.00", 0, "1");
    Object[] v = new Object[11];
    for (int i = 0, j = 0; i < 12; i++) {
      if (i != 5) {
        v[j++] = r.get(i);
      }
    }
    parquet(lake, "loan_B05.parquet", noBalance, List.of(RowFactory.create(v)));
    IngestResult missing = new IngestJob(List.of("loan")).run(lake.spark(), lake.day(D));
    assertThat(missing.sources().get(0).error()).contains("header lacks column(s) [balance]");

    Files.delete(lake.input.resolve("loan/" + D + "/loan_B05.parquet"));
    Files.write(lake.input.resolve("loan/" + D + "/loan_B06.parquet"), "not parquet at all".getBytes(StandardCharsets.UTF_8));
    IngestResult corrupt = new IngestJob(List.of("loan")).run(lake.spark(), lake.day(D));
    assertThat(corrupt.sources().get(0).error()).contains("source 'loan'").contains("cannot be read");
    assertThat(lake.table("bronze/loan").count()).as("nothing written").isZero();
  }

  @Test
  void jsonLinesKeepLinesAndQuarantineWhatIsNotAnObject(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp, CONFIG);
    lake.write(Source.LITIGATION, D, "litigation_C01.jsonl", StandardCharsets.UTF_8,
        "{\"案号\": \"(2026)粤03民初1号\", \"当事人统一社会信用代码\": \"" + U1 + "\", \"诉讼地位\": \"被告\", \"案件类型\": \"民事\", "
            + "\"标的金额\": 12345.50, \"立案日期\": \"2026-10-01\", \"报送法院\": \"C01\", \"报送日期\": \"2026-10-08\", \"备注\": \"无\"}",
        "",
        "{\"案号\": \"(2026)粤03民初2号\", \"当事人统一社会信用代码\": \"" + U2 + "\", \"诉讼地位\": \"原告\", \"案件类型\": \"执行\", "
            + "\"标的金额\": \"8,000\", \"立案日期\": \"2026-10-02\", \"报送法院\": \"C01\", \"报送日期\": \"2026-10-08\"}",
        "[1, 2, 3]",
        "{\"案号\": \"(2026)粤03民初3号\", \"诉讼地位\": \"被告\", \"案件类型\": \"民事\", \"立案日期\": \"2026-10-09\", "
            + "\"报送法院\": \"C01\", \"报送日期\": \"2026-10-08\"}");

    IngestResult r = new IngestJob(List.of("litigation")).run(lake.spark(), lake.day(D));

    assertThat(r.sources().get(0).error()).isNull();
    assertThat(lake.rows(lake.table("silver/litigation"),
        "concat_ws(' ', case_no, party_role, case_type, cast(amount as string), cast(_line as string)) as v"))
        .containsExactly("[(2026)粤03民初1号 DEFENDANT CIVIL 12345.50 1]", "[(2026)粤03民初2号 PLAINTIFF ENFORCEMENT 8000.00 3]");
    assertThat(lake.rows(lake.table("quarantine"), "concat_ws(' ', cast(_line as string), array_join(array_sort(reasons), ';')) as v"))
        .as("a line that is not an object lacks every field too").containsExactly(
            "[4 BAD_RECORD;MISSING:case_no;MISSING:case_type;MISSING:filing_date;MISSING:party_role;MISSING:reporting_unit;"
                + "MISSING:submit_date;MISSING:uscc]",
            "[5 EVENT_AFTER_SUBMISSION;MISSING:uscc]");
  }

  @Test
  void aJsonFieldNobodyMappedMeansTheFileIsNotThisSource(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp, CONFIG);
    lake.write(Source.LITIGATION, D, "litigation_C02.jsonl", StandardCharsets.UTF_8,
        "{\"案号\": \"A\", \"当事人统一社会信用代码\": \"" + U1 + "\", \"诉讼地位\": \"被告\", \"案件类型\": \"民事\", "
            + "\"立案日期\": \"2026-10-01\", \"报送法院\": \"C02\", \"报送日期\": \"2026-10-08\"}",
        "{\"案号\": \"B\", \"借款人\": \"x\"}");
    IngestResult r = new IngestJob(List.of("litigation")).run(lake.spark(), lake.day(D));
    assertThat(r.sources().get(0).error()).contains("litigation_C02.jsonl").contains("line 2").contains("unmapped field '借款人'");
    assertThat(lake.table("bronze/litigation").count()).isZero();
  }
}
