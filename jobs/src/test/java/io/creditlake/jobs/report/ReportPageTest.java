package io.creditlake.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.creditlake.jobs.report.ReportData.Count;
import io.creditlake.jobs.report.ReportData.Point;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The page and its charts from hand-made data, without Spark; Chromium's view is SampleLakeIT's. */
class ReportPageTest {

  static final LocalDate D = LocalDate.of(2026, 11, 20);

  static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  static List<Element> marks(Document doc, String chartId) {
    Element svg = doc.getElementById(chartId);
    if (svg == null) { // no DTD: ids are found by walking
      NodeList all = doc.getElementsByTagName("svg");
      for (int i = 0; i < all.getLength(); i++) {
        if (((Element) all.item(i)).getAttribute("id").equals(chartId)) {
          svg = (Element) all.item(i);
        }
      }
    }
    assertThat(svg).as(chartId).isNotNull();
    List<Element> out = new ArrayList<>();
    for (String tag : List.of("rect", "path", "circle")) {
      NodeList n = svg.getElementsByTagName(tag);
      for (int i = 0; i < n.getLength(); i++) {
        Element e = (Element) n.item(i);
        if (e.getAttribute("class").startsWith("mark")) {
          out.add(e);
        }
      }
    }
    return out;
  }

  static double width(Element e) {
    return Double.parseDouble(e.getAttribute("width"));
  }

  static ReportData full() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("auc", 0.712);
    metrics.put("rows", 1763.0);
    metrics.put("precision_at_cutoff", Double.NaN); // nothing flagged: not defined
    return new ReportData(D, "/lake", Instant.parse("2026-11-21T01:00:00Z"), "r1",
        List.of(new ReportData.Step("ingest:tax", "FAILED", 10, 0, 0, 1.5, "bad header <x> & more", Instant.now()),
            new ReportData.Step("profiles", "SUCCEEDED", 0, 100, 0, 2, "1 snapshot", Instant.now())),
        List.of(new ReportData.Alert("MISSING_FILE", "registration", "SZAMR owed registry_*.csv on 2026-11-16")),
        List.of(new ReportData.Ingest("loan", "SUCCEEDED", 100, 90, 6, 4), new ReportData.Ingest("tax", "SUCCEEDED", 50, 50, 0, 0)),
        List.of(new ReportData.Reason("loan", "BAD_USCC:uscc", 6)),
        List.of(new ReportData.Share("loan", D.minusDays(1), 0.02), new ReportData.Share("loan", D, 0.06)),
        D, List.of(new Count("A", 30), new Count("B", 60), new Count("C", 0), new Count("D", 10), new Count("E", 0)),
        List.of(new ReportData.DistrictGrades("福田区 Futian", new long[] {3, 1, 0, 0, 0})), D,
        List.of(new ReportData.FlagCount("NPL_LOAN", "HIGH", 5, 2), new ReportData.FlagCount("TAX_CREDIT_D", "LOW", 7, 0)),
        List.of(new ReportData.Flag("91440300MA5XXXXXXX", "深圳市星海新置业有限公司", "NPL_LOAN", "HIGH", "non-performing loan")),
        List.of(new ReportData.Risky("91440300MA5XXXXXXX", "深圳市星海新置业有限公司", "福田区 Futian", "I 信息", 207, "E", 0.948,
            List.of("loan_worst_class: SPECIAL_MENTION (-129 points)"))),
        "2026-09",
        List.of(new ReportData.UnitRate("2026-09", "loan", "B05", 100, 1.0, 1.0, 1.0, 0.997, 1, 65, 65),
            new ReportData.UnitRate("2026-09", "loan", "B07", 50, 1.0, 0.0, 1.0, null, 2, 44, 44)),
        List.of(new ReportData.UnitRate("2026-08", "loan", "B05", 90, 1.0, 1.0, 1.0, 0.9, 1, 60, 60),
            new ReportData.UnitRate("2026-09", "loan", "B05", 100, 1.0, 1.0, 1.0, 0.997, 1, 65, 65)),
        new ReportData.Model("risk", "v1", "scorecard", metrics,
            List.of(new Point(0, 0, 0, 0), new Point(0.5, 0.8, 0, 0), new Point(1, 1, 0, 0)),
            List.of(new Point(0.5, 0.7, 0.4, 0), new Point(1, 1, 1, 0)),
            List.of(new Point(0.1, 0.12, 0, 170), new Point(0.2, 0.18, 0, 170)),
            List.of(new ReportData.Feature("age_years", 0.17, true), new ReportData.Feature("x", 0.0001, false))),
        List.of(new ReportData.Psi(D, "tax_credit_level", "feature", 0.78, "major shift"),
            new ReportData.Psi(D, "score", "score", 0.05, "stable"),
            new ReportData.Psi(D, "has_loan", "feature", Double.NaN, "not measured")),
        List.of(new ReportData.Psi(D.minusDays(1), "score", "score", 0.04, "stable"),
            new ReportData.Psi(D, "score", "score", 0.05, "stable")));
  }

  @Test
  void aFullLakeGivesEveryChartWithItsNumbers() throws Exception {
    ReportPage.Rendered r = ReportPage.render(full());
    Document doc = parse(r.html());
    NodeList svgs = doc.getElementsByTagName("svg");
    assertThat(svgs.getLength()).isEqualTo(r.charts()).isEqualTo(14);

    // bars: proportional to the value, a zero draws no mark
    List<Element> grades = marks(doc, "c-grades");
    assertThat(grades).hasSize(3);
    assertThat(width(grades.get(0)) / width(grades.get(1))).isCloseTo(0.5, within(0.01));
    assertThat(grades.get(2).getTextContent()).isEqualTo("D: 10 (10.0 %)");
    // stacked: shares of the row
    List<Element> district = marks(doc, "c-districts");
    assertThat(district).hasSize(2);
    assertThat(width(district.get(0)) / width(district.get(1))).isCloseTo(3.0, within(0.01));
    assertThat(district.get(0).getTextContent()).startsWith("福田区 Futian · A: 3 (75.0 %)");
    // lines: one path per series, points inside the plot
    assertThat(marks(doc, "c-roc")).hasSize(2);
    assertThat(marks(doc, "c-league-trend")).hasSize(1);
    assertThat(marks(doc, "c-calibration")).as("a dot per decile and the diagonal").hasSize(3);
    // text is escaped, Chinese kept
    assertThat(r.html()).contains("bad header &lt;x&gt; &amp; more", "深圳市星海新置业有限公司", "1 step(s) failed", "SZAMR owed registry_*.csv on 2026-11-16")
        .contains("<dd>1,763</dd>", "<dd>0.712</dd>", "<dd>–</dd>", "– not measured", "between the two lines: –.");
    assertThat(r.html().substring(0, r.html().indexOf("<script>"))).as("no undefined figure printed or drawn")
        .doesNotContain("NaN");
    assertThat(marks(doc, "c-psi")).as("a PSI not measured draws no bar").hasSize(2);
  }

  @Test
  void anEmptyLakeSaysWhatIsMissingInsteadOfDrawing() throws Exception {
    ReportData empty = new ReportData(D, "/lake", Instant.now(), null, List.of(), List.of(), List.of(), List.of(), List.of(), null,
        List.of(), List.of(), null, List.of(), List.of(), List.of(), null, List.of(), List.of(), null, List.of(), List.of());
    ReportPage.Rendered r = ReportPage.render(empty);
    parse(r.html());
    assertThat(r.charts()).isZero();
    assertThat(r.html()).contains("No run of this date", "No ingest recorded", "no model yet", "No flags",
        "No submission period scored yet", "No model has scored", "No population stability");
  }

  @Test
  void rocIsThinnedKeepingBothEnds() {
    List<Point> pts = new ArrayList<>();
    for (int i = 0; i <= 1000; i++) {
      pts.add(new Point(i / 1000.0, Math.sqrt(i / 1000.0), 0, 0));
    }
    List<Point> thin = ReportJob.thin(pts, 200);
    assertThat(thin).hasSize(200).startsWith(pts.get(0)).endsWith(pts.get(1000));
    assertThat(ReportJob.thin(pts.subList(0, 10), 200)).hasSize(10);
  }
}
