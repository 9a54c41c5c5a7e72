package io.creditlake.jobs.cli;

import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.profile.ProfilesJob;
import io.creditlake.jobs.profile.ProfilesResult;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "profiles", mixinStandardHelpOptions = true,
    header = "Build one credit profile per business: month-end snapshots and the latest day.",
    description = {
      "Writes gold/entity_profiles: for every registered business, one row per snapshot date — each month-end in the range and its last day — with its registration, abnormal-list, tax, loan and litigation features (docs/PROFILES.md), point in time: a snapshot for D uses each record's latest version with event date and known-since date on or before D. A range is built in one pass over the history. Also rebuilds gold/abnormal_list_history and gold/abnormal_list_stats.",
      "",
      "Examples:",
      "  creditlake profiles --date 2026-11-20             # the latest day (and its month-end, if it is one)",
      "  creditlake profiles --from 2024-11-01 --to 2026-11-20   # every month-end of the range, in one pass"})
final class ProfilesCommand extends SparkCommand {

  @Override
  int run(SparkSession spark, JobContext ctx) {
    ProfilesResult r = new ProfilesJob().run(spark, ctx);
    print(r, String.format("profiles %s (run %s) in %.1f s, lake %s%n  %,d profiles for %d snapshot(s) %s … %s%n"
            + "  abnormal list: %,d entries and removals, %,d district × section × month rows",
        ctx.dateLabel(), r.runId(), r.durationMs() / 1000.0, ctx.lake(), r.profiles(), r.snapshots().size(),
        r.snapshots().get(0), r.snapshots().get(r.snapshots().size() - 1), r.abnormalHistory(), r.abnormalStats()));
    return 0;
  }
}
