package io.creditlake.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.jobs.TestLake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own data: both families on the real SBA loans in src/test/resources/sba_case (Li, Mickel
 * and Taylor 2018), with the paper's own split and the label's disguises kept out of the features.
 */
class TrainDataJobTest {

  static final Path SBA = Path.of("src/test/resources/sba_case/SBAcase.11.13.17.csv");
  /** Identifiers, the label in disguise (charge-off date and amount, status) and a constant. */
  static final List<String> EXCLUDE = List.of("LoanNr_ChkDgt", "Name", "ChgOffDate", "ChgOffPrinGr", "MIS_Status",
      "BalanceGross");

  @TempDir
  static Path tmp;
  static TestLake lake;

  @BeforeAll
  static void lake() throws Exception {
    // fewer, shallower trees than conf/'s 200 × depth 6: the same code, a quarter of the time
    Path config = tmp.resolve("sba.yaml");
    Files.writeString(config, "extends: " + TestLake.PROJECT_CONF.toAbsolutePath().normalize() + "\n"
        + "model:\n  gbt: {maxIter: \"50\", maxDepth: \"4\", stepSize: \"0.1\", subsamplingRate: \"0.8\", "
        + "featureSubsetStrategy: \"0.5\"}\n");
    lake = new TestLake(tmp, config);
  }

  @Test
  void bothFamiliesLearnTheRealSbaLoansOnThePapersSplit() throws Exception {
    assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(SBA)))).as("the published file, unchanged")
        .isEqualTo("68a159bba12ff988c3884c22edba956ca0074b8228fe04331976f4fb62fb9ab3");
    TrainResult scorecard = new TrainDataJob(new TrainDataJob.Request(SBA.toString(), "Default", EXCLUDE, "Selected",
        "scorecard", "sba", false)).run(lake.spark(), lake.day(java.time.LocalDate.of(2026, 11, 27)));
    TrainResult gbt = new TrainDataJob(new TrainDataJob.Request(SBA.toString(), "MIS_Status=CHGOFF",
        List.of("LoanNr_ChkDgt", "Name", "ChgOffDate", "ChgOffPrinGr", "Default", "BalanceGross"), "Selected", "gbt", "sba",
        false)).run(lake.spark(), lake.day(java.time.LocalDate.of(2026, 11, 27)));
    // the paper's split: 1,051 loans to train on, 1,050 to validate on; 686 of 2,101 charged off
    for (TrainResult r : List.of(scorecard, gbt)) {
      assertThat(r.trainRows()).isEqualTo(1051);
      assertThat(r.validationRows()).isEqualTo(1050);
      assertThat(r.trainPositives() + r.validationPositives()).isEqualTo(686);
      assertThat(r.metrics().get("auc")).as("%s AUC", r.family()).isGreaterThan(0.75);
      assertThat(r.features()).extracting(TrainResult.Feature::feature).doesNotContainAnyElementsOf(EXCLUDE)
          .doesNotContain("Default", "Selected", "MIS_Status");
    }
    assertThat(scorecard.version()).isEqualTo("v1");
    assertThat(gbt.version()).isEqualTo("v2");
    assertThat(lake.table("gold/model_metrics").filter("model_name = 'sba' AND kind = 'metric' AND name = 'auc'").count())
        .isEqualTo(2);
  }

  @Test
  void aLabelThatIsNotZeroOrOneOrAMissingColumnIsRefusedNamingIt(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "id,x,status\n1,2.0,bad\n2,3.0,good\n3,1.0,good\n");
    assertThatThrownBy(() -> new TrainDataJob(new TrainDataJob.Request(csv.toString(), "status", List.of(), null, null,
        null, false)).run(lake.spark(), lake.day(java.time.LocalDate.of(2026, 11, 27))))
        .isInstanceOf(CreditLakeException.class).hasMessageContaining("--label status must hold 0 and 1")
        .hasMessageContaining("--label status=VALUE");
    assertThatThrownBy(() -> new TrainDataJob(new TrainDataJob.Request(csv.toString(), "status=bad", List.of("nope"), null,
        null, null, false)).run(lake.spark(), lake.day(java.time.LocalDate.of(2026, 11, 27))))
        .isInstanceOf(CreditLakeException.class).hasMessageContaining("has no column nope");
  }
}
