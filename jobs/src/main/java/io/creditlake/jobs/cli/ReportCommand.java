package io.creditlake.jobs.cli;

import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.report.ReportJob;
import io.creditlake.jobs.report.ReportResult;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
    header = "Write the night's report: one self-contained HTML page with charts.",
    description = {
      "Reads the lake and writes one HTML page for the business date: the run's steps (ops/runs), data quality (rows read, quarantined by reason, the quarantined share over recent ingests), the risk-grade distribution overall and by district, the new flags, the riskiest businesses with the reasons of their scores, the reporting units' league table and its monthly trend, the model's ROC, KS, calibration and information values, and drift (PSI).",
      "",
      "The page needs no network to open: charts are inline SVG and the styles are in the file. It goes to <lake>/reports/report-<date>.html, or to --out (a local path or a URI such as s3a://…). Sections the lake has no data for yet say so. With --from/--to, the report is of --to."})
final class ReportCommand extends SparkCommand {

  @Option(names = "--out", paramLabel = "FILE",
      description = "Where to write the page (path or URI). Default: <lake>/reports/report-<date>.html.")
  String out;

  @Override
  void check() {
    if (out != null && out.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out must name a file, got an empty value");
    }
  }

  @Override
  int run(SparkSession spark, JobContext ctx) {
    ReportResult r = new ReportJob(ctx.to(), out).run(spark, ctx);
    print(r, String.format("report %s in %.1f s: %d charts, %,d KiB, scores of %s, league table %s, model %s%n  %s",
        r.date(), r.durationMs() / 1000.0, r.charts(), r.bytes() / 1024, r.scoreDate() == null ? "(none)" : r.scoreDate(),
        r.ratesPeriod() == null ? "(none)" : r.ratesPeriod(), r.model() == null ? "(none)" : r.model(), r.path()));
    return 0;
  }
}
