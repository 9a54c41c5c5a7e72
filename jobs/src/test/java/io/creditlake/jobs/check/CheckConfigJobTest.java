package io.creditlake.jobs.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.creditlake.common.config.Settings;
import io.creditlake.common.domain.Source;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.ingest.ChangingFileSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run of a day's files: a file that breaks while it is checked is that source's problem only. */
class CheckConfigJobTest {

  static final LocalDate D1 = LocalDate.of(2026, 10, 8);

  @Test
  void aFileThatChangesDuringTheCheckIsReportedForItsSourceOnly(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    String u1 = TestLake.uscc(1);
    lake.write(Source.TAX, D1, "tax_SZTAX.csv", java.nio.charset.Charset.forName("GBK"), TestLake.TAX_HEADER,
        u1 + ",20260930,增值税,20261015,20261008,100.00,100.00,0.00,,,SZTAX,20261008");
    Path loan = lake.write(Source.LOAN, D1, "loan_B05.csv", StandardCharsets.UTF_8, TestLake.LOAN_HEADER,
        "L1," + u1 + ",招商银行深圳分行,2026-09-30,1000000.00,500000.00,2025-01-01,2027-01-01,0,正常,B05,2026-10-08");
    // the first read sees the loan file; the tasks that validate it read another department's file
    Path replaced = Files.writeString(tmp.resolve("loan_replaced.csv"), "不是贷款,文件\n1,2\n");
    try (ChangingFileSystem.Installed changes = ChangingFileSystem.install(lake.spark(), loan, replaced, lake.input)) {
      Settings changing = new Settings(lake.settings.config(), lake.settings.lake(), changes.input());
      CheckConfigJob.Result r = new CheckConfigJob().run(lake.spark(), JobContext.of(changing, D1, D1));

      assertThat(r.ok()).isFalse();
      assertThat(r.sources()).extracting(CheckConfigJob.SourceCheck::source, CheckConfigJob.SourceCheck::rows)
          .contains(tuple("tax", 1L), tuple("loan", 0L));
      CheckConfigJob.SourceCheck tax = r.sources().stream().filter(s -> s.source().equals("tax")).findFirst().orElseThrow();
      CheckConfigJob.SourceCheck bad = r.sources().stream().filter(s -> s.source().equals("loan")).findFirst().orElseThrow();
      assertThat(tax.error()).isNull();
      assertThat(tax.valid()).isEqualTo(1);
      assertThat(bad.error()).contains("loan_B05.csv", "it changed or could not be read again");
    }
  }
}
