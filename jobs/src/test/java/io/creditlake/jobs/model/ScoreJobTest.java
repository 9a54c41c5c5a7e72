package io.creditlake.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.common.errors.NoModelException;
import io.creditlake.jobs.TestLake;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scoring the generated city ({@link ModelCity}) on 2026-04-30 with the model trained for that
 * date: every active business scored with points, a grade and reasons; the flag grades raise
 * model flags; drift is measured; a saved model scores exactly as the one in memory did.
 */
class ScoreJobTest {

  static TestLake lake;
  static ScoreResult result;

  @BeforeAll
  static void score() throws Exception {
    lake = ModelCity.lake();
    ModelCity.trained();
    result = new ScoreJob(null).run(lake.spark(), lake.day(ModelCity.DATE));
  }

  @Test
  void everyActiveBusinessGetsPointsAGradeAndReasons() {
    long active = lake.table("gold/entity_profiles").filter("snapshot_date = '2026-04-30' AND is_active").count();
    Dataset<Row> scores = lake.table("gold/risk_scores").filter("snapshot_date = '2026-04-30'");
    assertThat(result.scored()).isEqualTo(active);
    assertThat(scores.count()).isEqualTo(active);
    assertThat(scores.select("uscc").distinct().count()).isEqualTo(active);
    assertThat(result.byGrade().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(active);
    assertThat(result.byGrade().keySet()).as("a spread of grades").hasSizeGreaterThanOrEqualTo(3);
    // points follow the probability: 600 at 50:1, 40 points double the odds
    for (Row r : scores.select("probability", "score").limit(50).collectAsList()) {
      double p = r.getDouble(0);
      assertThat((double) r.getInt(1)).isCloseTo(600 + 40 / Math.log(2) * Math.log((1 - p) / p / 50),
          org.assertj.core.data.Offset.offset(0.51));
    }
    // grades follow the bands of conf/creditlake.yaml
    assertThat(scores.filter("(grade = 'A' AND score < 680) OR (grade = 'B' AND (score < 620 OR score >= 680)) "
        + "OR (grade = 'E' AND score >= 500)").count()).isZero();
    // the riskiest have reasons, at most three, each naming a feature the model reads
    Row worst = scores.orderBy(org.apache.spark.sql.functions.col("score")).first();
    List<String> reasons = worst.getList(worst.fieldIndex("reasons"));
    assertThat(reasons).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    ModelMetadata meta = new ModelRegistry(lake.spark(), lake.settings.lake(), "risk").metadata(result.version());
    for (String reason : reasons) {
      assertThat(meta.used()).contains(reason.substring(0, reason.indexOf(':')));
      assertThat(reason).matches(".+: .+ \\(-\\d+ points\\)");
    }
  }

  @Test
  void theFlagGradesRaiseModelFlagsWithTheirReasonsAsEvidence() {
    long flagGrades = lake.table("gold/risk_scores").filter("snapshot_date = '2026-04-30' AND grade IN ('D', 'E')").count();
    Dataset<Row> flags = lake.table("gold/risk_flags").filter("snapshot_date = '2026-04-30' AND origin = 'model'");
    assertThat(flags.count()).isEqualTo(flagGrades).isEqualTo(result.flagged()).isPositive();
    assertThat(flags.filter("flag_code <> 'MODEL_HIGH_RISK' OR NOT is_new").count()).as("the first model flags are new")
        .isZero();
    Row f = flags.filter("evidence['grade'] = 'E'").first();
    assertThat(f.getString(f.fieldIndex("severity"))).isEqualTo("HIGH");
    assertThat(f.<String, String>getJavaMap(f.fieldIndex("evidence"))).containsKeys("score", "probability", "reason_1");
  }

  @Test
  void lookupShowsTheLatestScoreWithItsReasonsAndAnyDriftAboveTheThreshold() {
    Row worst = lake.table("gold/risk_scores").filter("snapshot_date = '2026-04-30'")
        .orderBy(org.apache.spark.sql.functions.col("score")).first();
    String uscc = worst.getString(worst.fieldIndex("uscc"));
    var found = new io.creditlake.jobs.lookup.LookupJob(lake.settings.lake(), 0.25).run(lake.spark(), uscc, null);
    assertThat(found.score()).containsEntry("grade", worst.getString(worst.fieldIndex("grade")))
        .containsEntry("score", worst.getInt(worst.fieldIndex("score"))).containsEntry("model_version", "v1");
    assertThat(found.score().get("reasons")).isEqualTo(worst.getList(worst.fieldIndex("reasons")));
    // with a threshold below zero every measured variable is shown
    var strict = new io.creditlake.jobs.lookup.LookupJob(lake.settings.lake(), -1).run(lake.spark(), uscc, null);
    assertThat(strict.drift()).hasSize((int) result.drift().stream().filter(p -> !Double.isNaN(p.psi())).count())
        .isNotEmpty();
  }

  @Test
  void driftIsMeasuredForTheScoreAndEveryFeatureTheModelReads() {
    ModelMetadata meta = new ModelRegistry(lake.spark(), lake.settings.lake(), "risk").metadata(result.version());
    assertThat(lake.rows(lake.table("gold/model_monitoring").filter("snapshot_date = '2026-04-30'"), "variable"))
        .hasSize(meta.used().size() + 1).contains("[score]");
    assertThat(result.psiScore()).isFinite().isGreaterThanOrEqualTo(0);
  }

  @Test
  void aSavedModelScoresExactlyAsTheFittedOneDid(@TempDir Path tmp) {
    var m = lake.settings.config().model();
    Dataset<Row> rows = TrainingSet.label(lake.table("gold/entity_profiles"),
        AdverseEvents.read(lake.spark(), lake.settings.lake(), m.events()),
        List.of(java.time.LocalDate.of(2025, 7, 31), java.time.LocalDate.of(2025, 10, 31)), 6, ModelCity.DATE).cache();
    Dataset<Row> train = rows.filter("snapshot_date = '2025-07-31'");
    Dataset<Row> validation = rows.filter("snapshot_date = '2025-10-31'");
    for (String family : List.of("scorecard", "gbt")) {
      Trainer.Fitted fitted = Trainer.fit(family, train, validation, m.numeric(), m.categorical(), 6,
          java.util.Map.of("maxIter", "10", "maxDepth", "3"), 1, m.points().scaling(), 560, "uscc");
      ModelRegistry registry = new ModelRegistry(lake.spark(), new io.creditlake.common.lake.LakeLayout(tmp.toString()),
          "roundtrip");
      String v = registry.nextVersion();
      ModelMetadata meta = new ModelMetadata("roundtrip", v, family, java.time.Instant.now(), "test", m.numeric(),
          m.categorical(), fitted.used(), null, null, null, java.util.Map.of(), java.util.Map.of(), TrainJob.points(m),
          fitted.bins(), fitted.coefficients(), fitted.intercept(), fitted.importance(), fitted.scoreSplits(),
          fitted.scoreCounts(), fitted.positiveWeight());
      registry.save(fitted.pipeline(), meta);
      List<Row> before = Trainer.scored(fitted.pipeline(), validation, m.points().scaling(), "uscc", 1.0).orderBy("uscc")
          .collectAsList();
      List<Row> after = Trainer.scored(registry.load(v).pipeline(), validation, m.points().scaling(), "uscc", 1.0)
          .orderBy("uscc").collectAsList();
      assertThat(after).as(family).hasSize(before.size()).isEqualTo(before);
      assertThat(registry.metadata(v).bins()).isEqualTo(fitted.bins());
    }
    rows.unpersist();
  }

  @Test
  void withoutAModelScoringSaysSoAndAnUnknownVersionNamesTheVersionsThere(@TempDir Path tmp) {
    TestLake empty = new TestLake(tmp);
    assertThatThrownBy(() -> new ScoreJob(null).run(empty.spark(), empty.day(ModelCity.DATE)))
        .isInstanceOf(NoModelException.class).hasMessageContaining("no risk model in").hasMessageContaining("creditlake train");
    assertThatThrownBy(() -> new ScoreJob("v42").run(lake.spark(), lake.day(ModelCity.DATE)))
        .isInstanceOf(CreditLakeException.class).hasMessageContaining("model version 'v42' is not in")
        .hasMessageContaining("versions there: v1, v2");
  }
}
