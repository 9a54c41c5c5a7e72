package io.creditlake.jobs.cli;

import java.time.LocalDate;
import java.time.ZoneId;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The business dates a daily job processes: {@code --date D}, or {@code --from D1 --to D2} for a
 * range in one run. Without either, yesterday in the business time zone — the day a nightly run
 * started after midnight processes.
 */
public final class DateOptions {

  @Option(names = "--date", paramLabel = "yyyy-mm-dd",
      description = "Business date processed (Asia/Shanghai). Default: yesterday.")
  LocalDate date;

  @Option(names = "--from", paramLabel = "yyyy-mm-dd", description = "First date of a range (with --to).")
  LocalDate from;

  @Option(names = "--to", paramLabel = "yyyy-mm-dd", description = "Last date of a range, inclusive (with --from).")
  LocalDate to;

  /** [from, to]; checks the combination, naming the options. */
  LocalDate[] resolve(CommandLine cl, ZoneId zone) {
    if (date != null && (from != null || to != null)) {
      throw new CommandLine.ParameterException(cl, "--date cannot be combined with --from/--to");
    }
    if ((from == null) != (to == null)) {
      throw new CommandLine.ParameterException(cl, "--from and --to go together; got only " + (from == null ? "--to" : "--from"));
    }
    if (from != null) {
      if (to.isBefore(from)) {
        throw new CommandLine.ParameterException(cl, "--to must not be before --from, got: --from " + from + " --to " + to);
      }
      return new LocalDate[] {from, to};
    }
    LocalDate d = date != null ? date : LocalDate.now(zone).minusDays(1);
    return new LocalDate[] {d, d};
  }
}
