package io.creditlake.jobs.cli;

import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.flag.FlagsJob;
import io.creditlake.jobs.flag.FlagsResult;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "flags", mixinStandardHelpOptions = true,
    header = "Raise early-warning flags on a day's credit profiles, from the rules in conf/.",
    description = {
      "Evaluates the configuration's flag rules (Spark SQL conditions over profile columns; prev_<column> is the previous snapshot's value) on each profile snapshot in the range, and writes gold/risk_flags: business, snapshot, code, severity, origin 'rule', the evidence (the profile values the rule reads) and whether the flag is new since the previous snapshot. A rule that does not parse stops the job before anything runs. Needs the snapshot's profiles (creditlake profiles)."})
final class FlagsCommand extends SparkCommand {

  @Override
  int run(SparkSession spark, JobContext ctx) {
    FlagsResult r = new FlagsJob().run(spark, ctx);
    StringBuilder sb = new StringBuilder(String.format("flags %s (run %s) in %.1f s: %,d flags, %,d new, on %d snapshot(s)%n",
        ctx.dateLabel(), r.runId(), r.durationMs() / 1000.0, r.flags(), r.newFlags(), r.snapshots().size()));
    sb.append(String.format("  %-22s %10s %10s%n", "rule", "flags", "new"));
    for (Map.Entry<String, Long> e : r.byCode().entrySet()) {
      sb.append(String.format("  %-22s %,10d %,10d%n", e.getKey(), e.getValue(), r.newByCode().getOrDefault(e.getKey(), 0L)));
    }
    print(r, sb.toString().stripTrailing());
    return 0;
  }
}
