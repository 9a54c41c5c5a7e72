package io.creditlake.jobs.report;

import static io.creditlake.jobs.report.Svg.esc;
import static io.creditlake.jobs.report.Svg.num;
import static io.creditlake.jobs.report.Svg.pct;

import io.creditlake.jobs.report.ReportData.Count;
import io.creditlake.jobs.report.ReportData.DistrictGrades;
import io.creditlake.jobs.report.ReportData.FlagCount;
import io.creditlake.jobs.report.ReportData.Ingest;
import io.creditlake.jobs.report.ReportData.Point;
import io.creditlake.jobs.report.ReportData.Psi;
import io.creditlake.jobs.report.ReportData.UnitRate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The night's report as one self-contained HTML page: styles, charts (inline SVG, {@link Svg})
 * and a few lines of script (sortable tables) are all in the file, so it opens from a mail or a
 * USB stick with no network. The markup is well-formed XML (XHTML-style), which the tests parse.
 */
final class ReportPage {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final ReportData d;
  private final StringBuilder sb = new StringBuilder(256 * 1024);
  private int charts;

  private ReportPage(ReportData d) {
    this.d = d;
  }

  /** The page, and how many charts it holds. */
  record Rendered(String html, int charts) {}

  static Rendered render(ReportData d) {
    ReportPage p = new ReportPage(d);
    p.page();
    return new Rendered(p.sb.toString(), p.charts);
  }

  private void page() {
    sb.append("<!DOCTYPE html>\n<html lang=\"zh-CN\" xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/>")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
        .append("<meta name=\"generator\" content=\"CreditLake\"/>")
        .append("<title>CreditLake — ").append(d.date()).append("</title><style>").append(CSS).append("</style></head><body>");
    sb.append("<header><h1>CreditLake · nightly report <span class=\"date\">").append(d.date()).append("</span></h1>")
        .append("<p class=\"meta\">Lake <code>").append(esc(d.lake())).append("</code> · made ")
        .append(STAMP.format(d.generatedAt()));
    if (d.runId() != null) {
      sb.append(" · run <code>").append(esc(d.runId())).append("</code>");
    }
    sb.append("</p><nav>");
    for (String[] s : new String[][] {{"run", "Run"}, {"quality", "Data quality"}, {"grades", "Grades"}, {"flags", "New flags"},
        {"top", "Top risk"}, {"league", "Reporting units"}, {"model", "Model"}, {"drift", "Drift"}}) {
      sb.append("<a href=\"#").append(s[0]).append("\">").append(s[1]).append("</a>");
    }
    sb.append("</nav></header><main>");
    run();
    quality();
    grades();
    flags();
    top();
    league();
    model();
    drift();
    sb.append("</main><footer>Made by <code>creditlake report --date ").append(d.date())
        .append("</code>. Numbers from the lake's Delta tables at the time shown; hover a bar or point for its value.</footer>")
        .append("<script>").append(SCRIPT).append("</script></body></html>\n");
  }

  // ---- sections --------------------------------------------------------------------------------

  private void run() {
    section("run", "The night's run");
    if (d.steps().isEmpty()) {
      empty("No run of this date in ops/runs (job 'run'): the night has not run, or the jobs were run one by one.");
    } else {
      long failed = d.steps().stream().filter(s -> s.status().equals("FAILED")).count();
      sb.append("<p class=\"verdict ").append(failed == 0 ? "ok" : "bad").append("\">")
          .append(failed == 0 ? "Every step succeeded or had nothing to do." : failed + " step(s) failed: see below.")
          .append("</p>");
      table(List.of("Step", "Status", "Rows in", "Rows out", "Rejected", "Seconds", "Note"), "num:2,3,4,5",
          d.steps().stream().map(s -> List.of(esc(s.step()), badge(s.status()), num(s.rowsIn()), num(s.rowsOut()),
              num(s.rejected()), String.format(Locale.ROOT, "%.1f", s.seconds()), esc(s.note()))).toList());
    }
    if (!d.alerts().isEmpty()) {
      sb.append("<h3>Alerts</h3><p class=\"verdict warn\">").append(d.alerts().size())
          .append(" alert(s): what to look at even though nothing failed.</p>");
      table(List.of("Kind", "Source", "What"), "", d.alerts().stream().map(a -> List.of(
          "<span class=\"badge st-BLOCKED\">" + esc(a.kind()) + "</span>", esc(a.subject()), esc(a.message()))).toList());
    }
    end();
  }

  private void quality() {
    section("quality", "Data quality");
    if (d.ingest().isEmpty()) {
      empty("No ingest recorded for this date.");
      end();
      return;
    }
    long read = d.ingest().stream().mapToLong(Ingest::read).sum();
    long q = d.ingest().stream().mapToLong(Ingest::quarantined).sum();
    sb.append("<p>").append(num(read)).append(" records read; ").append(num(q)).append(" quarantined (")
        .append(pct(read == 0 ? Double.NaN : (double) q / read)).append(") with their reasons. Every row read is in silver, ")
        .append("in quarantine or a duplicate of a row already kept.</p>");
    table(List.of("Source", "Status", "Read", "Into silver", "Quarantined", "Duplicates", "Quarantined %", "Conserved"),
        "num:2,3,4,5,6",
        d.ingest().stream().map(i -> List.of(esc(i.source()), badge(i.status()), num(i.read()), num(i.written()),
            num(i.quarantined()), num(i.duplicates()), pct(i.quarantinedShare()),
            i.read() == i.written() + i.quarantined() + i.duplicates() ? "✓" : "✗ " + num(i.read() - i.written()
                - i.quarantined() - i.duplicates()))).toList());
    chart(Svg.stacked("c-ingest", "Rows per source: into silver, quarantined, duplicates",
        d.ingest().stream().map(Ingest::source).toList(), List.of("into silver", "quarantined", "duplicates"),
        List.of("s-ok", "s-bad", "s-dup"),
        d.ingest().stream().map(i -> new double[] {i.written(), i.quarantined(), i.duplicates()}).toArray(double[][]::new)),
        "The mix of each source's rows (bar = 100 %); the total is at the right.");
    if (!d.reasons().isEmpty()) {
      List<Svg.Bar> bars = d.reasons().stream().limit(15)
          .map(r -> new Svg.Bar(r.source() + " · " + r.reason(), r.rows(), num(r.rows()), "s-bad")).toList();
      chart(Svg.bars("c-reasons", "Quarantined rows by reason", bars, 0),
          "A row can carry several reasons; the 15 most frequent.");
    }
    if (d.quarantineTrend().stream().map(ReportData.Share::date).distinct().count() > 1) {
      List<LocalDate> dates = d.quarantineTrend().stream().map(ReportData.Share::date).distinct().sorted().toList();
      Map<String, List<ReportData.Share>> by = d.quarantineTrend().stream()
          .collect(Collectors.groupingBy(ReportData.Share::source, TreeMap::new, Collectors.toList()));
      List<Svg.Series> series = new ArrayList<>();
      int c = 0;
      double max = 0.01;
      for (Map.Entry<String, List<ReportData.Share>> e : by.entrySet()) {
        double[] x = e.getValue().stream().mapToDouble(s -> dates.indexOf(s.date())).toArray();
        double[] y = e.getValue().stream().mapToDouble(ReportData.Share::share).toArray();
        for (double v : y) {
          max = Math.max(max, v);
        }
        series.add(new Svg.Series(e.getKey(), x, y, "s" + (c++ % 8), false, false));
      }
      chart(Svg.lines("c-qtrend", "Quarantined share per ingest", series,
          Svg.Axis.categories("batch date", dates.stream().map(LocalDate::toString).toList()),
          Svg.Axis.linear("quarantined", 0, max * 1.1, 4, v -> pct(v))),
          "Each source's recent ingests: a jump is a sender's problem to chase.");
    }
    end();
  }

  private void grades() {
    section("grades", "Risk grades" + (d.scoreDate() != null ? " on " + d.scoreDate() : ""));
    long total = d.grades().stream().mapToLong(Count::count).sum();
    if (total == 0) {
      empty("No risk scores on or before " + d.date() + ": no model yet (creditlake train, promote), or score has not run.");
      end();
      return;
    }
    sb.append("<p>").append(num(total)).append(" businesses scored");
    if (d.model() != null) {
      sb.append(" by ").append(esc(d.model().name())).append(' ').append(esc(d.model().version()));
    }
    sb.append(".</p>");
    chart(Svg.bars("c-grades", "Businesses per risk grade",
        d.grades().stream().map(g -> new Svg.Bar(g.name(), g.count(), num(g.count()) + " (" + pct((double) g.count() / total)
            + ")", "g-" + g.name())).toList(), 0), "Grade A is the lowest risk.");
    if (!d.byDistrict().isEmpty()) {
      List<String> names = d.grades().stream().map(Count::name).toList();
      chart(Svg.stacked("c-districts", "Grade mix by district", d.byDistrict().stream().map(DistrictGrades::district).toList(),
          names, names.stream().map(g -> "g-" + g).toList(),
          d.byDistrict().stream().map(x -> java.util.Arrays.stream(x.counts()).asDoubleStream().toArray()).toArray(double[][]::new)),
          "Each district's businesses by grade (bar = 100 %); the count is at the right.");
    }
    end();
  }

  private void flags() {
    section("flags", "New flags" + (d.flagDate() == null ? "" : " on " + d.flagDate()
        + (d.flagDate().equals(d.date()) ? "" : " (the latest flags: none on " + d.date() + ")")));
    long fresh = d.flagsByCode().stream().mapToLong(FlagCount::fresh).sum();
    long total = d.flagsByCode().stream().mapToLong(FlagCount::total).sum();
    if (total == 0) {
      empty("No flags on the snapshot.");
      end();
      return;
    }
    sb.append("<p>").append(num(fresh)).append(" new flag(s) — raised tonight and not the night before — among ")
        .append(num(total)).append(" in force.</p>");
    chart(Svg.bars("c-flags", "Flags per rule: new tonight",
        d.flagsByCode().stream().map(f -> new Svg.Bar(f.code() + " · " + f.severity(), f.fresh(), num(f.fresh()) + " of " + num(f.total()),
            "sev-" + f.severity())).toList(), 0), "Bar: new flags; text: new of all in force.");
    if (!d.newFlags().isEmpty()) {
      table(List.of("Business", "Name", "Flag", "Severity", "What"), "",
          d.newFlags().stream().map(f -> List.of("<code>" + esc(f.uscc()) + "</code>", esc(f.name()), esc(f.code()),
              "<span class=\"sev sev-" + esc(f.severity()) + "\">" + esc(f.severity()) + "</span>", esc(f.description())))
              .toList());
      if (fresh > d.newFlags().size()) {
        sb.append("<p class=\"note\">The first ").append(d.newFlags().size()).append(" of ").append(num(fresh))
            .append(", the most severe first; all are in gold/risk_flags (is_new).</p>");
      }
    }
    end();
  }

  private void top() {
    section("top", "The riskiest businesses");
    if (d.top().isEmpty()) {
      empty("No scores yet.");
      end();
      return;
    }
    table(List.of("#", "Business", "Name", "District", "Industry", "Score", "Grade", "P(bad)", "Why"), "num:0,5,7",
        java.util.stream.IntStream.range(0, d.top().size()).mapToObj(i -> {
          ReportData.Risky r = d.top().get(i);
          return List.of(String.valueOf(i + 1), "<code>" + esc(r.uscc()) + "</code>",
            "<span class=\"zh\">" + esc(r.name()) + "</span>", esc(r.district()), esc(r.industry()),
            String.valueOf(r.score()), "<span class=\"grade g-" + esc(r.grade()) + "\">" + esc(r.grade()) + "</span>",
            String.format(Locale.ROOT, "%.3f", r.probability()),
            r.reasons().stream().map(Svg::esc).collect(Collectors.joining("; ")));
        }).toList());
    end();
  }

  private void league() {
    section("league", "Reporting units" + (d.ratesPeriod() != null ? ": " + d.ratesPeriod() : ""));
    if (d.league().isEmpty()) {
      empty("No submission period scored yet (creditlake rates, or the night's rates step once a period closes).");
      end();
      return;
    }
    table(List.of("Rank", "Source", "Unit", "Score", "Coverage", "Timeliness", "Validity", "Completeness", "Expected",
        "Received"), "num:0,3,4,5,6,7,8,9",
        d.league().stream().map(u -> List.of(String.valueOf(u.rank()), esc(u.source()), esc(u.unit()),
            String.format(Locale.ROOT, "%.1f", u.score()), share(u.coverage()), share(u.timeliness()), share(u.validity()),
            share(u.completeness()), num(u.expected()), num(u.received()))).toList());
    chart(Svg.bars("c-league", "Composite score, 0–100",
        d.league().stream().map(u -> new Svg.Bar(u.unit() + " (" + u.source() + ")", u.score(),
            String.format(Locale.ROOT, "%.1f", u.score()), "s-score")).toList(), 100),
        "Weighted from coverage, timeliness, validity and completeness (conf/: rates.weights).");
    List<String> periods = new ArrayList<>(new TreeSet<>(d.leagueTrend().stream().map(UnitRate::period).toList()));
    if (periods.size() > 1) {
      Map<String, List<UnitRate>> by = d.leagueTrend().stream()
          .collect(Collectors.groupingBy(u -> u.unit() + " (" + u.source() + ")", TreeMap::new, Collectors.toList()));
      List<Svg.Series> series = new ArrayList<>();
      int c = 0;
      for (Map.Entry<String, List<UnitRate>> e : by.entrySet()) {
        series.add(new Svg.Series(e.getKey(), e.getValue().stream().mapToDouble(u -> periods.indexOf(u.period())).toArray(),
            e.getValue().stream().mapToDouble(UnitRate::score).toArray(), "s" + (c++ % 8), c > 8, false));
      }
      // from the lowest score's ten below, so close units stay apart
      double low = Math.max(0, Math.floor(d.leagueTrend().stream().mapToDouble(UnitRate::score).min().orElse(0) / 10) * 10);
      chart(Svg.lines("c-league-trend", "Composite score per month", series, Svg.Axis.categories("period", periods),
          Svg.Axis.linear("score", low, 100, 5, v -> String.format(Locale.ROOT, "%.0f", v))),
          "Every scored period; a falling line is a unit to call.");
    } else {
      sb.append("<p class=\"note\">One period scored so far: the trend appears from the second.</p>");
    }
    end();
  }

  private void model() {
    ReportData.Model m = d.model();
    section("model", "The model" + (m != null ? ": " + m.name() + " " + m.version() + " (" + m.family() + ")" : ""));
    if (m == null) {
      empty("No model has scored this lake yet.");
      end();
      return;
    }
    if (!m.metrics().isEmpty()) {
      sb.append("<dl class=\"metrics\">");
      m.metrics().forEach((k, v) -> sb.append("<div><dt>").append(esc(k)).append("</dt><dd>")
          .append(Double.isNaN(v) ? "–" : v == Math.rint(v) ? num(v) : String.format(Locale.ROOT, "%.3f", v))
          .append("</dd></div>"));
      sb.append("</dl><p class=\"note\">Measured on the held-out businesses when the model was trained.</p>");
    }
    if (!m.roc().isEmpty()) {
      chart(Svg.lines("c-roc", "ROC curve", List.of(
          series("model", m.roc(), Point::x, Point::y, "s0", false),
          new Svg.Series("chance", new double[] {0, 1}, new double[] {0, 1}, "s-ref", true, false)),
          Svg.Axis.linear("false-positive rate", 0, 1, 5, v -> String.format(Locale.ROOT, "%.1f", v)),
          Svg.Axis.linear("true-positive rate", 0, 1, 5, v -> String.format(Locale.ROOT, "%.1f", v))),
          "AUC " + fixed(m.metrics().getOrDefault("auc", Double.NaN)) + ".");
    }
    if (!m.ks().isEmpty()) {
      chart(Svg.lines("c-ks", "KS: cumulative share of bad and good businesses, riskiest first", List.of(
          series("bad", m.ks(), Point::x, Point::y, "s-bad", false),
          series("good", m.ks(), Point::x, Point::y2, "s-ok", false)),
          Svg.Axis.linear("share of businesses, riskiest first", 0, 1, 5, v -> pct(v)),
          Svg.Axis.linear("cumulative share", 0, 1, 5, v -> pct(v))),
          "KS is the widest gap between the two lines: " + fixed(m.metrics().getOrDefault("ks", Double.NaN)) + ".");
    }
    if (!m.calibration().isEmpty()) {
      double max = m.calibration().stream().mapToDouble(p -> Math.max(p.x(), p.y())).max().orElse(1) * 1.1;
      chart(Svg.lines("c-calibration", "Calibration by decile: predicted and observed bad rate", List.of(
          series("observed", m.calibration(), Point::x, Point::y, "s0", true),
          new Svg.Series("perfect", new double[] {0, max}, new double[] {0, max}, "s-ref", true, false)),
          Svg.Axis.linear("predicted bad rate", 0, max, 4, v -> pct(v)),
          Svg.Axis.linear("observed bad rate", 0, max, 4, v -> pct(v))),
          "A dot per decile of the held-out businesses; on the diagonal is well calibrated.");
    }
    if (!m.features().isEmpty()) {
      chart(Svg.bars("c-iv", "Information value per feature",
          m.features().stream().map(f -> new Svg.Bar(f.name(), f.iv(),
              String.format(Locale.ROOT, "%.3f", f.iv()) + (f.used() ? "" : " (dropped)"), f.used() ? "s0" : "s-ref")).toList(),
          0), "Grey: dropped from the scorecard (too weak, or correlated with a stronger one).");
    }
    end();
  }

  private void drift() {
    section("drift", "Drift" + (d.drift().isEmpty() ? "" : " on " + d.drift().get(0).date()));
    if (d.drift().isEmpty()) {
      empty("No population stability measured yet (the score step writes it).");
      end();
      return;
    }
    long major = d.drift().stream().filter(p -> p.verdict().startsWith("major")).count();
    sb.append("<p class=\"verdict ").append(major == 0 ? "ok" : "warn").append("\">").append(major)
        .append(" variable(s) with a major shift against the training population (model.psiWarning in conf/).</p>");
    chart(Svg.bars("c-psi", "Population stability index per variable",
        d.drift().stream().map(p -> new Svg.Bar(p.variable(), p.psi(), (Double.isNaN(p.psi()) ? "–"
            : String.format(Locale.ROOT, "%.3f", p.psi())) + " "
            + p.verdict(), "v-" + p.verdict().replace(' ', '-'))).toList(), 0),
        "Below 0.1 stable; 0.1–0.25 a moderate shift; above 0.25 a major one.");
    if (d.scoreDrift().size() > 1) {
      List<String> dates = d.scoreDrift().stream().map(p -> p.date().toString()).toList();
      double max = Math.max(0.3, d.scoreDrift().stream().mapToDouble(Psi::psi).max().orElse(0) * 1.1);
      chart(Svg.lines("c-psi-trend", "The score's PSI per snapshot", List.of(
          new Svg.Series("score PSI", java.util.stream.IntStream.range(0, dates.size()).asDoubleStream().toArray(),
              d.scoreDrift().stream().mapToDouble(Psi::psi).toArray(), "s0", false, false),
          new Svg.Series("major shift", new double[] {0, dates.size() - 1}, new double[] {0.25, 0.25}, "s-bad", true, false)),
          Svg.Axis.categories("snapshot", dates), Svg.Axis.linear("PSI", 0, max, 4, v -> String.format(Locale.ROOT, "%.2f", v))),
          "");
    }
    end();
  }

  // ---- pieces ----------------------------------------------------------------------------------

  private static Svg.Series series(String name, List<Point> pts, Function<Point, Double> x, Function<Point, Double> y,
      String cls, boolean points) {
    return new Svg.Series(name, pts.stream().mapToDouble(x::apply).toArray(), pts.stream().mapToDouble(y::apply).toArray(),
        cls, false, points);
  }

  private void section(String id, String title) {
    sb.append("<section id=\"").append(id).append("\"><h2>").append(esc(title)).append("</h2>");
  }

  private void end() {
    sb.append("</section>");
  }

  private void empty(String text) {
    sb.append("<p class=\"empty\">").append(esc(text)).append("</p>");
  }

  private void chart(String svg, String caption) {
    charts++;
    sb.append("<figure>").append(svg);
    if (!caption.isEmpty()) {
      sb.append("<figcaption>").append(esc(caption)).append("</figcaption>");
    }
    sb.append("</figure>");
  }

  /** A sortable table; {@code numeric} is "num:i,j" for the columns sorted as numbers. Cells are markup. */
  private void table(List<String> head, String numeric, List<List<String>> rows) {
    List<String> nums = numeric.startsWith("num:") ? List.of(numeric.substring(4).split(",")) : List.of();
    sb.append("<div class=\"scroll\"><table class=\"sortable\"><thead><tr>");
    for (int i = 0; i < head.size(); i++) {
      sb.append("<th").append(nums.contains(String.valueOf(i)) ? " class=\"n\" data-type=\"n\"" : "").append(">")
          .append(esc(head.get(i))).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    for (List<String> r : rows) {
      sb.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        sb.append("<td").append(nums.contains(String.valueOf(i)) ? " class=\"n\"" : "").append(">").append(r.get(i)).append("</td>");
      }
      sb.append("</tr>");
    }
    sb.append("</tbody></table></div>");
  }

  private static String badge(String status) {
    return "<span class=\"badge st-" + esc(status) + "\">" + esc(status) + "</span>";
  }

  /** Three decimals, or a dash for a figure that is not defined. */
  private static String fixed(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String share(Double v) {
    return v == null ? "–" : pct(v);
  }


  // CJK first among the fallbacks so Chinese names use a CJK face, not a Latin font's substitutes.
  private static final String CSS = """
      :root{--fg:#1d2430;--muted:#5b6575;--line:#d9dee7;--bg:#f6f8fb;
        --font:"Noto Sans","Segoe UI","Helvetica Neue",Arial,"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif}
      *{box-sizing:border-box}
      body{margin:0;font:14px/1.45 var(--font);color:var(--fg);background:var(--bg)}
      header{background:#123;color:#fff;padding:18px 28px 10px}
      header h1{margin:0;font-size:22px;font-weight:600} header .date{color:#9fd3ff}
      header .meta{margin:4px 0 8px;color:#c9d4e3;font-size:12px} header code{color:#fff}
      nav a{color:#9fd3ff;margin-right:14px;text-decoration:none;font-size:13px}
      main{max-width:1180px;margin:0 auto;padding:8px 20px 30px}
      section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:6px 20px 16px;margin:16px 0}
      h2{font-size:18px;font-weight:600;margin:12px 0 8px} h3{font-size:15px;margin:14px 0 6px}
      figure{margin:12px 0} figcaption{color:var(--muted);font-size:12px}
      svg.chart{display:block;max-width:100%;height:auto;font-family:var(--font)}
      svg text{font-size:12px;fill:var(--fg)} svg .tick,svg .axis-title{fill:var(--muted);font-size:11px}
      svg .grid{stroke:#eceff4} svg .axis{stroke:#9aa4b2}
      svg .line{fill:none;stroke-width:2} svg .dashed{stroke-dasharray:5 4}
      .s0{fill:#2f6fbd;stroke:#2f6fbd}.s1{fill:#e07b24;stroke:#e07b24}.s2{fill:#3c9a5f;stroke:#3c9a5f}.s3{fill:#b8436b;stroke:#b8436b}
      .s4{fill:#7b5cc4;stroke:#7b5cc4}.s5{fill:#8c6d3f;stroke:#8c6d3f}.s6{fill:#2aa3a3;stroke:#2aa3a3}.s7{fill:#6b7280;stroke:#6b7280}
      .s-ok{fill:#3c9a5f;stroke:#3c9a5f}.s-bad{fill:#c8453b;stroke:#c8453b}.s-dup{fill:#a8b3c2;stroke:#a8b3c2}
      .s-ref{fill:#b9c1cc;stroke:#9aa4b2}.s-score{fill:#2f6fbd}
      .g-A{fill:#2e8b57;background:#2e8b57}.g-B{fill:#8bbf4a;background:#8bbf4a}.g-C{fill:#e9c046;background:#e9c046}
      .g-D{fill:#e5832f;background:#e5832f}.g-E{fill:#c8453b;background:#c8453b}
      .sev-HIGH{fill:#c8453b;background:#c8453b}.sev-MEDIUM{fill:#e5832f;background:#e5832f}.sev-LOW{fill:#8bbf4a;background:#8bbf4a}
      .v-stable{fill:#3c9a5f}.v-moderate-shift{fill:#e9c046}.v-major-shift{fill:#c8453b}
      .scroll{overflow-x:auto} table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
      th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#eef2f7;cursor:pointer;user-select:none;white-space:nowrap} th.asc:after{content:" ▲"} th.desc:after{content:" ▼"}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
      .badge,.sev,.grade{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
      .st-SUCCEEDED{background:#3c9a5f}.st-DONE{background:#6b9e7e}.st-SKIPPED{background:#8a94a3}.st-FAILED{background:#c8453b}.st-BLOCKED{background:#b07a2a}
      .verdict{padding:6px 10px;border-radius:4px}.verdict.ok{background:#e7f4ec}.verdict.bad{background:#fbe5e3}.verdict.warn{background:#fdf3dc}
      .empty{color:var(--muted);font-style:italic} .note{color:var(--muted);font-size:12px}
      dl.metrics{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0} dl.metrics div{border:1px solid var(--line);border-radius:4px;padding:4px 12px}
      dt{color:var(--muted);font-size:12px} dd{margin:0;font-size:18px;font-weight:600}
      footer{color:var(--muted);font-size:12px;text-align:center;padding:10px 0 24px}
      @media print{nav{display:none} section{break-inside:avoid}}
      """;

  // Click a header to sort by it; numbers by value (commas, % and – ignored). No < or & in here:
  // the page stays well-formed XML.
  private static final String SCRIPT = """
      document.querySelectorAll('table.sortable th').forEach(function (th) {
        th.addEventListener('click', function () {
          var table = th.closest('table'), body = table.tBodies[0], col = th.cellIndex;
          var numeric = th.dataset.type === 'n', dir = th.classList.contains('asc') ? -1 : 1;
          table.querySelectorAll('th').forEach(function (h) { h.classList.remove('asc', 'desc'); });
          th.classList.add(dir === 1 ? 'asc' : 'desc');
          var key = function (tr) {
            var t = tr.cells[col].textContent.trim();
            if (!numeric) return t;
            var v = parseFloat(t.replace(/[,%\\s]/g, ''));
            return isNaN(v) ? -Infinity : v;
          };
          Array.from(body.rows).sort(function (a, b) {
            var x = key(a), y = key(b);
            return dir * (numeric ? x - y : String(x).localeCompare(String(y), 'zh-CN'));
          }).forEach(function (tr) { body.appendChild(tr); });
        });
      });
      """;
}
