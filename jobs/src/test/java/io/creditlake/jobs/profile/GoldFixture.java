package io.creditlake.jobs.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.domain.Source;
import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.ingest.IngestJob;
import io.creditlake.jobs.ingest.IngestResult;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * A small history written the way departments send it, loaded by ingest and profiled over
 * 2026-06-01 … 2026-08-20 (snapshots June 30, July 31, August 20): two registered businesses and
 * one the registry does not know. Shared by the gold jobs' tests; built once per test JVM.
 */
public final class GoldFixture {

  private GoldFixture() {}

  static final Charset GBK = Charset.forName("GBK");
  public static final String U1 = TestLake.uscc(1);
  public static final String U2 = TestLake.uscc(2);
  public static final String U3 = TestLake.uscc(3);
  public static final LocalDate JUN = LocalDate.of(2026, 6, 30);
  public static final LocalDate JUL = LocalDate.of(2026, 7, 31);
  public static final LocalDate LATEST = LocalDate.of(2026, 8, 20);

  static final String TAX_HEADER = TestLake.TAX_HEADER;
  static final String LOAN_HEADER = TestLake.LOAN_HEADER;
  static final StructType REGISTRATION = TestLake.REGISTRATION;

  private static TestLake lake;

  static Row reg(String id, String uscc, String founded, String type, String date, String item, String ground, String submit) {
    return RowFactory.create(id, uscc, uscc.equals(U1) ? "深圳市华信科技有限公司" : "深圳市腾达贸易有限公司", "企业",
        uscc.equals(U1) ? "I6510" : "F5191", new BigDecimal("1000000.00"), "CNY", Date.valueOf(founded), "440305", "张伟",
        "440305198001010011", "存续", type, Date.valueOf(date), item, ground, "SZAMR", Date.valueOf(submit));
  }

  static String lit(String caseNo, String uscc, String type, String amount, String filed, String listed, String submit) {
    return "{\"案号\": \"" + caseNo + "\", \"当事人统一社会信用代码\": \"" + uscc + "\", \"诉讼地位\": \"被告\", \"案件类型\": \"" + type
        + "\", \"案由\": \"买卖合同纠纷\", \"标的金额\": " + amount + ", \"立案日期\": \"" + filed + "\""
        + (listed == null ? "" : ", \"失信列入日期\": \"" + listed + "\", \"失信届满日期\": \"2028-08-05\"")
        + ", \"报送法院\": \"C03\", \"报送日期\": \"" + submit + "\"}";
  }

  /** The lake with the history ingested and profiled, built once per test JVM. */
  public static synchronized TestLake lake() throws Exception {
    if (lake != null) {
      return lake;
    }
    Path tmp = Files.createTempDirectory("creditlake-gold");
    TestLake lake = new TestLake(tmp);
    lake.writeParquet(Source.REGISTRATION, LocalDate.of(2026, 6, 1), "registration_SZAMR.parquet", REGISTRATION, List.of(
        reg("R1", U1, "2015-03-02", "设立登记", "2015-03-02", null, null, "2026-06-01"),
        reg("R2", U2, "2020-01-10", "设立登记", "2020-01-10", null, null, "2026-06-01")));
    lake.writeParquet(Source.REGISTRATION, LocalDate.of(2026, 7, 6), "registration_SZAMR.parquet", REGISTRATION, List.of(
        reg("R3", U2, "2020-01-10", "列入经营异常名录", "2026-07-03", null, "未按规定报送年度报告", "2026-07-06")));
    lake.writeParquet(Source.REGISTRATION, LocalDate.of(2026, 8, 10), "registration_SZAMR.parquet", REGISTRATION, List.of(
        reg("R4", U2, "2020-01-10", "移出经营异常名录", "2026-08-05", null, "补报未报年份的年度报告并公示", "2026-08-10"),
        reg("R5", U1, "2015-03-02", "变更登记", "2026-08-01", "法定代表人", null, "2026-08-10")));

    lake.write(Source.TAX, LocalDate.of(2026, 7, 20), "tax_SZTAX.csv", GBK, TAX_HEADER,
        U1 + ",20260630,增值税,20260715,20260710,1000.00,1000.00,0.00,,,SZTAX,20260720",
        U3 + ",20260630,增值税,20260715,20260710,50.00,50.00,0.00,,,SZTAX,20260720");
    lake.write(Source.TAX, LocalDate.of(2026, 8, 20), "tax_SZTAX.csv", GBK, TAX_HEADER,
        U1 + ",20260731,增值税,20260815,20260818,\"2,000.00\",1500.00,500.00,,,SZTAX,20260820",
        // June's filing of U2, late: unknown on July 31
        U2 + ",20260630,增值税,20260715,20260712,300.00,300.00,0.00,A,2025,SZTAX,20260820",
        // a correction of U1's June filing: changes August's snapshot only
        U1 + ",20260630,增值税,20260715,20260710,1000.00,900.00,100.00,,,SZTAX,20260820");

    lake.write(Source.LOAN, LocalDate.of(2026, 7, 8), "loan_B05.csv", StandardCharsets.UTF_8, LOAN_HEADER,
        "L1," + U1 + ",招商银行深圳分行,2026-06-30,600000.00,500000.00,2025-01-01,2027-01-01,0,正常,B05,2026-07-08");
    lake.write(Source.LOAN, LocalDate.of(2026, 8, 8), "loan_B05.csv", StandardCharsets.UTF_8, LOAN_HEADER,
        "L1," + U1 + ",招商银行深圳分行,2026-07-31,600000.00,400000.00,2025-01-01,2027-01-01,95,次级,B05,2026-08-08");

    lake.write(Source.LITIGATION, LocalDate.of(2026, 7, 10), "litigation_C03.jsonl", StandardCharsets.UTF_8,
        lit("(2026)粤0305民初1号", U1, "民事", "1000.00", "2026-07-01", null, "2026-07-10"));
    lake.write(Source.LITIGATION, LocalDate.of(2026, 8, 14), "litigation_C03.jsonl", StandardCharsets.UTF_8,
        lit("(2026)粤0305执1号", U1, "执行", "2000.00", "2026-08-01", "2026-08-05", "2026-08-14"));

    IngestResult ingested = new IngestJob(List.of()).run(lake.spark(), lake.range(LocalDate.of(2026, 6, 1), LATEST));
    assertThat(ingested.succeeded()).as("%s", ingested).isTrue();
    assertThat(ingested.sources().stream().mapToLong(IngestResult.SourceResult::rowsQuarantined).sum()).isZero();

    ProfilesResult r = new ProfilesJob().run(lake.spark(), lake.range(LocalDate.of(2026, 6, 1), LATEST));
    assertThat(r.snapshots()).containsExactly(JUN, JUL, LATEST);
    assertThat(r.profiles()).as("two registered businesses × three snapshots; U3 is not registered").isEqualTo(6);
    GoldFixture.lake = lake;
    return lake;
  }

}
