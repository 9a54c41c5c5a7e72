package io.creditlake.jobs.cli;

import io.creditlake.common.config.Settings;
import io.creditlake.common.spark.SparkSessions;
import io.creditlake.jobs.lookup.LookupJob;
import io.creditlake.jobs.lookup.LookupResult;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "lookup", mixinStandardHelpOptions = true,
    header = "Show one business: registry record and history, latest profile, flags, abnormal-list history.",
    description = {
      "A one-stop view of a business from the lake: its registry record and events, its latest credit profile (or the one of --date), its latest risk score with its reasons (and a warning when the model's inputs have drifted), the flags on that snapshot and its abnormal-operations-list history. A readable card by default, --json for machines. A code that is not a valid USCC is refused with the check that failed."})
final class LookupCommand implements Callable<Integer> {

  @ParentCommand
  CreditLakeCommand root;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "USCC", description = "The business's unified social credit code (18 characters).")
  String uscc;

  @Option(names = "--date", paramLabel = "yyyy-mm-dd", description = "Show the profile snapshot on or before this day. Default: the latest.")
  LocalDate date;

  @Override
  public Integer call() {
    LookupJob.problem(uscc).ifPresent(p -> {
      throw new CommandLine.ParameterException(spec.commandLine(), "not a valid USCC: " + p);
    });
    Settings settings = root.settings(null);
    return SparkSessions.with(settings.config(), "creditlake lookup", spark -> {
      LookupResult r = new LookupJob(settings.lake(), settings.config().model().psiWarning()).run(spark, uscc, date);
      Output.print(spec.commandLine().getOut(), root.json, r, card(r));
      if (!r.registered() && r.profile() == null) {
        spec.commandLine().getErr().println("creditlake: error: no business with USCC " + r.uscc() + " in the lake at "
            + settings.lake() + "; check the code, or ingest and build profiles first");
        return 1;
      }
      return 0;
    });
  }

  private static String card(LookupResult r) {
    StringBuilder sb = new StringBuilder();
    Map<String, Object> reg = r.registry();
    sb.append(r.uscc()).append("  ").append(reg == null ? "(not in the registry)" : reg.get("name")).append('\n');
    if (reg != null) {
      sb.append(String.format("  %s, industry %s, district %s, capital %s, founded %s, %s%n", reg.get("entity_type"),
          reg.get("industry_code"), reg.get("district_code"), reg.get("registered_capital"), reg.get("founding_date"),
          reg.get("status")));
    }
    if (r.profile() != null) {
      sb.append("profile of ").append(r.snapshot()).append('\n');
      r.profile().forEach((k, v) -> {
        if (!k.equals("uscc") && !k.equals("snapshot_date") && !(reg != null && reg.containsKey(k))) {
          sb.append(String.format("  %-28s %s%n", k, v));
        }
      });
    } else {
      sb.append("no profile yet (run creditlake profiles)\n");
    }
    if (r.score() != null) {
      Map<String, Object> s = r.score();
      sb.append(String.format("risk score of %s: %s points, grade %s, probability %.4f (model %s %s)%n",
          s.get("snapshot_date"), s.get("score"), s.get("grade"), (Double) s.get("probability"), s.get("model_name"),
          s.get("model_version")));
      for (Object reason : (List<?>) s.get("reasons")) {
        sb.append("  reason: ").append(reason).append('\n');
      }
      for (Map<String, Object> d : r.drift()) {
        sb.append(String.format("  warning: %s has shifted since the model was trained (PSI %.2f, %s)%n", d.get("variable"),
            (Double) d.get("psi"), d.get("verdict")));
      }
    }
    sb.append(r.flags().isEmpty() ? "no flags\n" : "flags\n");
    for (Map<String, Object> f : r.flags()) {
      sb.append(String.format("  %-6s %-22s %s%s  %s%n", f.get("severity"), f.get("flag_code"), f.get("description"),
          Boolean.TRUE.equals(f.get("is_new")) ? " (new)" : "", f.get("evidence")));
    }
    if (!r.abnormalList().isEmpty()) {
      sb.append("abnormal-operations list\n");
      for (Map<String, Object> a : r.abnormalList()) {
        sb.append(String.format("  %s %-7s %s%s%n", a.get("event_date"), a.get("action"), a.get("ground"),
            a.get("removed_on") == null ? "" : " (removed " + a.get("removed_on") + ", " + a.get("days_listed") + " days)"));
      }
    }
    if (!r.registryEvents().isEmpty()) {
      sb.append("registry events\n");
      for (Map<String, Object> e : r.registryEvents()) {
        sb.append(String.format("  %s %-17s %s%n", e.get("event_date"), e.get("event_type"),
            e.get("change_item") != null ? e.get("change_item") : e.get("abnormal_ground") != null ? e.get("abnormal_ground") : ""));
      }
    }
    return sb.toString().stripTrailing();
  }
}
