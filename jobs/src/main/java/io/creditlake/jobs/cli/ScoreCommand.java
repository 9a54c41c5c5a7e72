package io.creditlake.jobs.cli;

import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.model.ScoreJob;
import io.creditlake.jobs.model.ScoreResult;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true,
    header = "Score every active business of a profile snapshot with the risk model.",
    description = {
      "For each active business in the profile snapshot of --date: the probability of an adverse event within the model's horizon, points (base score, base odds and points to double the odds from conf/), a grade (bands from conf/) and the three features that cost it most points, into gold/risk_scores. Grades listed in model.flagGrades raise MODEL_HIGH_RISK in gold/risk_flags (origin model). The population stability index of the score and of each feature against the training population goes to gold/model_monitoring; above model.psiWarning it is logged as a warning.",
      "Uses the current model version, or --model-version. With no model in the registry it says so and exits with code 3.",
      "",
      "Examples:",
      "  creditlake score --date 2026-11-20",
      "  creditlake score --date 2026-11-20 --model-version v2"})
final class ScoreCommand extends SparkCommand {

  @Option(names = "--model-version", paramLabel = "vN", description = "Score with this version. Default: the current one.")
  String version;

  @Override
  int run(SparkSession spark, JobContext ctx) {
    ScoreResult r = new ScoreJob(version).run(spark, ctx);
    StringBuilder sb = new StringBuilder(String.format("scores %s with %s %s (run %s) in %.1f s%n", r.date(), r.name(),
        r.version(), r.runId(), r.durationMs() / 1000.0));
    sb.append(String.format("  %,d businesses scored; by grade: %s%n", r.scored(), r.byGrade()));
    sb.append(String.format("  %,d MODEL_HIGH_RISK flags, %,d new%n", r.flagged(), r.newFlags()));
    sb.append(String.format("  drift against training: score PSI %.3f", r.psiScore()));
    r.drift().stream().filter(p -> !p.variable().equals("score")).limit(3).forEach(p -> sb.append(String.format(
        "; %s %.3f", p.variable(), p.psi())));
    print(r, sb.toString());
    return 0;
  }
}
