package io.creditlake.jobs.cli;

import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.model.TrainDataJob;
import io.creditlake.jobs.model.Evaluation;
import io.creditlake.jobs.model.TrainJob;
import io.creditlake.jobs.model.TrainResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    header = "Train the risk model on month-end profiles and evaluate it out of time.",
    description = {
      "The label of a month-end snapshot t is whether the business meets an adverse event in (t, t + horizon] — put on the abnormal-operations list, a loan turning non-performing, listed as a dishonest debtor, licence revoked — counting the events the lake knew of by --date. The model validates on the latest month-end whose label window has closed by --date and trains on earlier month-ends (model: in conf/, docs/MODEL.md). It reports AUC, KS, PR-AUC, precision and recall at the flagging cut-off and a calibration table, saves a new version under models/<name>/ with its metadata, and writes gold/model_metrics. The new version scores from now on if there was none, or with --promote.",
      "",
      "With --data it trains on any labelled table instead (CSV with a header, Parquet, or a Delta table): numeric columns become numeric features, text and boolean columns categorical ones; the same metrics are printed and the model is saved under models/<--name>/.",
      "",
      "Examples:",
      "  creditlake train --date 2026-11-20",
      "  creditlake train --date 2026-11-20 --family gbt --promote",
      "  creditlake train --data loans.csv --label Default --split Selected --exclude LoanNr_ChkDgt,Name"})
final class TrainCommand extends SparkCommand {

  @Option(names = "--family", paramLabel = "scorecard|gbt",
      description = "Model family. Default: model.family in the configuration (scorecard).")
  String family;

  @Option(names = "--promote", description = "Make the new version current even if one already is.")
  boolean promote;

  @Option(names = "--data", paramLabel = "FILE",
      description = "Train on this labelled table (.csv with a header, .parquet, or a Delta table folder) instead of the lake's profiles.")
  String data;

  @Option(names = "--label", paramLabel = "COLUMN[=VALUE]",
      description = "With --data: the label, a 0/1 or boolean column; COLUMN=VALUE makes 1 where the column equals VALUE.")
  String label;

  @Option(names = "--exclude", split = ",", paramLabel = "COL",
      description = "With --data: columns that must not be features (identifiers, the label in disguise).")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--split", paramLabel = "COLUMN",
      description = "With --data: a 0/1 column, 1 for training rows and 0 for validation. Default: a seeded 70/30 split.")
  String split;

  @Option(names = "--name", paramLabel = "NAME", description = "With --data: the model's name in the registry. Default: the file's name.")
  String name;

  @Override
  void check() {
    if ((data == null) != (label == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--data and --label go together");
    }
    if (data == null && (split != null || name != null || !exclude.isEmpty())) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--split, --exclude and --name only apply with --data");
    }
  }

  @Override
  int run(SparkSession spark, JobContext ctx) {
    TrainResult r = data != null
        ? new TrainDataJob(new TrainDataJob.Request(data, label, exclude, split, family, name, promote)).run(spark, ctx)
        : new TrainJob(family, promote).run(spark, ctx);
    print(r, summary(r));
    return 0;
  }

  static String summary(TrainResult r) {
    StringBuilder sb = new StringBuilder(String.format("model %s %s (%s) in %.1f s%s%n  %s%n", r.name(), r.version(),
        r.family(), r.durationMs() / 1000.0, r.current() ? ", current" : ", not current (creditlake promote "
            + r.version() + ")", r.path()));
    if (r.validationSnapshot() != null) {
      sb.append(String.format("  trained on %s … %s: %,d rows, %,d positive; validated on %s: %,d rows, %,d positive%n",
          r.trainingSnapshots().get(0), r.trainingSnapshots().get(r.trainingSnapshots().size() - 1), r.trainRows(),
          r.trainPositives(), r.validationSnapshot(), r.validationRows(), r.validationPositives()));
    } else {
      sb.append(String.format("  trained on %,d rows (%,d positive); validated on %,d rows (%,d positive)%n", r.trainRows(),
          r.trainPositives(), r.validationRows(), r.validationPositives()));
    }
    var m = r.metrics();
    sb.append(String.format("  out of sample: AUC %.3f  KS %.3f  PR-AUC %.3f (base rate %.3f)%n", m.get("auc"), m.get("ks"),
        m.get("pr_auc"), m.get("base_rate")));
    sb.append(String.format("  flagged below %.0f points: %.1f %% of businesses, precision %.3f, recall %.3f%n",
        m.get("cutoff_score"), m.get("flagged_share") * 100, m.get("precision_at_cutoff"), m.get("recall_at_cutoff")));
    sb.append("  calibration (decile, riskiest first: rows, predicted, observed):\n");
    for (Evaluation.Decile d : r.calibration()) {
      sb.append(String.format("    %2d %,9d %7.4f %7.4f%n", d.decile(), d.rows(), d.predicted(), d.observed()));
    }
    sb.append("  features by information value:\n");
    r.features().stream().limit(12).forEach(f -> sb.append(String.format("    %-28s IV %.3f %s%n", f.feature(), f.iv(),
        f.used() ? "" : "(not used)")));
    return sb.toString().stripTrailing();
  }
}
