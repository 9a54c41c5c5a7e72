package io.creditlake.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.profile.ProfileFeatures;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training on a generated city ({@link ModelCity}): the model must rank the businesses that meet
 * an adverse event far better than chance, close to the generator's hidden risk; every version is
 * kept with its metadata and metrics; only the first becomes current by itself.
 */
class TrainJobTest {

  static TestLake lake;
  static TrainResult scorecard;
  static TrainResult gbt;

  @BeforeAll
  static void train() throws Exception {
    lake = ModelCity.lake();
    scorecard = ModelCity.trained().scorecard();
    gbt = ModelCity.trained().gbt();
  }

  /** AUC by ranks (Mann–Whitney), ties counted half. */
  static double auc(List<double[]> scoreAndLabel) {
    List<double[]> s = new ArrayList<>(scoreAndLabel);
    s.sort(Comparator.comparingDouble(a -> a[0]));
    double pos = 0;
    double neg = 0;
    double rankSum = 0;
    int i = 0;
    while (i < s.size()) {
      int j = i;
      while (j < s.size() && s.get(j)[0] == s.get(i)[0]) {
        j++;
      }
      double rank = (i + 1 + j) / 2.0;
      for (int k = i; k < j; k++) {
        if (s.get(k)[1] == 1.0) {
          pos++;
          rankSum += rank;
        } else {
          neg++;
        }
      }
      i = j;
    }
    return (rankSum - pos * (pos + 1) / 2) / (pos * neg);
  }

  @Test
  void theWindowsAreTheConfiguredOnes() {
    assertThat(scorecard.validationSnapshot()).isEqualTo(LocalDate.of(2025, 10, 31));
    assertThat(scorecard.trainingSnapshots()).containsExactly(LocalDate.of(2025, 5, 31), LocalDate.of(2025, 6, 30),
        LocalDate.of(2025, 7, 31));
    assertThat(scorecard.trainPositives()).isGreaterThan(30);
    assertThat(scorecard.validationPositives()).isGreaterThan(10);
  }

  @Test
  void bothFamiliesRankFarBetterThanChanceAndNearTheHiddenRisk() throws Exception {
    Map<String, Double> risk = ModelCity.hiddenRisk();
    List<double[]> oracle = new ArrayList<>();
    for (Row r : TrainingSet.label(lake.table("gold/entity_profiles"),
            AdverseEvents.read(lake.spark(), lake.settings.lake(), lake.settings.config().model().events()),
            List.of(scorecard.validationSnapshot()), 6, ModelCity.DATE)
        .select(ProfileFeatures.USCC, "label").collectAsList()) {
      oracle.add(new double[] {risk.get(r.getString(0)), r.getDouble(1)});
    }
    double oracleAuc = auc(oracle);
    assertThat(oracle).hasSize((int) scorecard.validationRows());
    for (TrainResult r : List.of(scorecard, gbt)) {
      double a = r.metrics().get("auc");
      assertThat(a).as("%s AUC against the hidden risk's %s", r.family(), oracleAuc)
          .isGreaterThan(0.7).isGreaterThan(0.85 * oracleAuc);
      assertThat(r.metrics().get("ks")).as("%s KS", r.family()).isGreaterThan(0.3);
      assertThat(r.metrics().get("pr_auc")).as("%s PR-AUC against the base rate", r.family())
          .isGreaterThan(2 * r.metrics().get("base_rate"));
      // the riskiest decile holds more adverse events than the safest by far
      assertThat(r.calibration().get(0).observed()).isGreaterThan(3 * r.calibration().get(9).observed());
    }
    assertThat(scorecard.features().get(0).iv()).as("the best feature carries real information").isGreaterThan(0.1);
  }

  @Test
  void everyVersionIsKeptWithItsMetadataAndMetricsAndOnlyTheFirstBecameCurrent() {
    ModelRegistry registry = new ModelRegistry(lake.spark(), lake.settings.lake(), "risk");
    assertThat(scorecard.version()).isEqualTo("v1");
    assertThat(scorecard.current()).isTrue();
    assertThat(gbt.version()).isEqualTo("v2");
    assertThat(gbt.current()).isFalse();
    assertThat(registry.versions()).containsExactly("v1", "v2");
    assertThat(registry.current()).contains("v1");

    ModelMetadata v2 = registry.metadata("v2");
    assertThat(v2.family()).isEqualTo("gbt");
    assertThat(v2.label().horizonMonths()).isEqualTo(6);
    assertThat(v2.validation().snapshots()).containsExactly(LocalDate.of(2025, 10, 31));
    assertThat(v2.metrics().get("auc")).isEqualTo(gbt.metrics().get("auc"));
    assertThat(v2.importance()).containsKeys("tax_late_filings_12m", "industry_section");
    ModelMetadata v1 = registry.metadata("v1");
    assertThat(v1.coefficients()).isNotEmpty();
    assertThat(v1.coefficients().keySet()).containsExactlyElementsOf(v1.used());

    assertThat(lake.rows(lake.table("gold/model_metrics").groupBy("model_version", "kind").count()
        .filter("kind IN ('metric', 'calibration')"), "model_version", "kind", "count")).containsExactly(
        "[v1,calibration,10]", "[v1,metric,10]", "[v2,calibration,10]", "[v2,metric,10]");
    assertThat(lake.table("gold/model_metrics").filter("model_version = 'v1' AND kind = 'bin' AND points IS NOT NULL")
        .count()).isPositive();
    assertThat(lake.table("gold/model_metrics").filter("model_version = 'v2' AND kind = 'roc'").count()).isGreaterThan(10);

    registry.promote("v2");
    assertThat(registry.current()).contains("v2");
    registry.promote("v1");
    assertThatThrownBy(() -> registry.promote("v9")).isInstanceOf(CreditLakeException.class)
        .hasMessageContaining("model version 'v9' is not in").hasMessageContaining("versions there: v1, v2");
  }
}
