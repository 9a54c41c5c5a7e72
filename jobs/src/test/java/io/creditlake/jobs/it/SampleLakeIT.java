package io.creditlake.jobs.it;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditlake.common.spark.TestSpark;
import io.creditlake.jobs.cli.Cli;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The README's first command, in process: the first load of the committed sample with the
 * embedded defaults into {@code jobs/target/sample-lake} (which {@code .ci/run} then runs the
 * notebooks against), then {@code creditlake report} for its last day, opened in a real headless
 * Chromium: every chart drawn and sized, no script error, Chinese text drawn with a CJK font, the
 * tables sortable, and the numbers equal to the lake's. The page and a full-page screenshot stay
 * in {@code jobs/target/report-artifacts/}.
 */
class SampleLakeIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path LAKE = Loopback.TARGET.resolve("sample-lake");
  static final Path ARTIFACTS = Loopback.TARGET.resolve("report-artifacts");
  static final String FROM = "2024-11-01";
  static final String TO = "2026-11-20";
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theReadmeRunThenItsReportInChromium() throws Exception {
    assertThat(Chromium.BINARY).as("Debian's chromium: apt-get install chromium fonts-noto-cjk (.ci/run does)").exists();
    deleteTree(LAKE);
    Cli.Result run = Cli.run("run", "--from", FROM, "--to", TO, "--input", ROOT.resolve("sample-data").toString(),
        "--lake", LAKE.toString(), "--json");
    assertThat(run.code()).as(run.err() + run.out()).isZero();
    JsonNode night = JSON.readTree(run.out());
    for (JsonNode s : night.path("steps")) {
      assertThat(s.path("status").asText()).as(s.toString()).isEqualTo("SUCCEEDED");
    }

    // the run made the night's page in the lake; the report command makes it again where --out says
    Path inLake = LAKE.resolve("reports").resolve("report-" + TO + ".html");
    assertThat(inLake).exists();
    Files.createDirectories(ARTIFACTS);
    Path html = ARTIFACTS.resolve("report-" + TO + ".html");
    Files.deleteIfExists(html);
    Cli.Result rep = Cli.run("report", "--date", TO, "--lake", LAKE.toString(), "--out", html.toString(), "--json");
    assertThat(rep.code()).as(rep.err() + rep.out()).isZero();
    JsonNode result = JSON.readTree(rep.out());
    assertThat(result.path("path").asText()).endsWith(html.toString());
    String page = Files.readString(html, StandardCharsets.UTF_8);
    String fromRun = Files.readString(inLake, StandardCharsets.UTF_8);
    String quality = "<section id=\"quality\"";
    assertThat(page.substring(page.indexOf(quality))).as("the same night, whoever made it (the run's steps aside)")
        .isEqualTo(fromRun.substring(fromRun.indexOf(quality)));
    int alerts = night.path("alerts").size();
    assertThat(alerts).as("the sample's bundled November batch leaves files owed").isPositive();
    assertThat(count(page, "<span class=\"badge st-BLOCKED\">MISSING_FILE</span>")
        + count(page, "<span class=\"badge st-BLOCKED\">DRIFT</span>")
        + count(page, "<span class=\"badge st-BLOCKED\">QUARANTINE_JUMP</span>")).isEqualTo(alerts);
    assertThat(page).as("self-contained: nothing fetched").doesNotContain("src=\"http", "href=\"http", "@import", "url(");

    // well-formed, with the charts this lake has data for
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(page)));
    List<String> charts = new ArrayList<>();
    NodeList svgs = doc.getElementsByTagName("svg");
    for (int i = 0; i < svgs.getLength(); i++) {
      charts.add(((Element) svgs.item(i)).getAttribute("id"));
    }
    assertThat(charts).hasSize(result.path("charts").asInt())
        .contains("c-ingest", "c-reasons", "c-grades", "c-districts", "c-flags", "c-league", "c-league-trend", "c-roc",
            "c-ks", "c-calibration", "c-iv", "c-psi");

    // the numbers are the lake's
    SparkSession spark = TestSpark.get();
    Map<String, Long> grades = new TreeMap<>();
    for (Row r : spark.read().format("delta").load(LAKE.resolve("gold/risk_scores").toString())
        .filter(col("snapshot_date").equalTo(TO)).groupBy("grade").count().collectAsList()) {
      grades.put(r.getString(0), r.getLong(1));
    }
    assertThat(grades).isNotEmpty();
    Map<String, Long> drawn = new TreeMap<>();
    Matcher m = Pattern.compile("<title>([A-E]): ([\\d,]+) \\(").matcher(svgOf(page, "c-grades"));
    while (m.find()) {
      drawn.put(m.group(1), Long.parseLong(m.group(2).replace(",", "")));
    }
    drawn.values().removeIf(v -> v == 0);
    assertThat(drawn).isEqualTo(grades);
    String riskiest = spark.read().format("delta").load(LAKE.resolve("gold/risk_scores").toString())
        .filter(col("snapshot_date").equalTo(TO)).orderBy(desc("probability"), col("uscc")).first().getAs("uscc");
    assertThat(page.substring(page.indexOf("id=\"top\""))).contains("<td>1</td>".replace("<td>", "<td class=\"n\">")
        + "<td><code>" + riskiest + "</code>");
    long units = spark.read().format("delta").load(LAKE.resolve("gold/submission_rates").toString())
        .filter(col("period").equalTo(result.path("ratesPeriod").asText())).count();
    assertThat(count(svgOf(page, "c-league"), "class=\"mark ")).isEqualTo(units).isGreaterThan(10);

    // a real browser: drawn, sized, no errors, CJK glyphs from a CJK font
    try (Chromium chrome = new Chromium(ARTIFACTS.resolve("chromium"))) {
      chrome.send("Page.enable", Map.of());
      chrome.send("Runtime.enable", Map.of());
      chrome.send("Log.enable", Map.of());
      chrome.send("DOM.enable", Map.of());
      chrome.send("CSS.enable", Map.of());
      chrome.navigate(html.toUri().toString());
      JsonNode boxes = chrome.eval("""
          Array.from(document.querySelectorAll('svg.chart')).map(function (s) {
            var r = s.getBoundingClientRect(), marks = s.querySelectorAll('.mark'), drawn = 0;
            marks.forEach(function (k) { var b = k.getBBox(); if (b.width + b.height > 0) drawn++; });
            return {id: s.id, width: r.width, height: r.height, marks: marks.length, drawn: drawn};
          })""");
      assertThat(boxes).hasSize(charts.size());
      for (JsonNode b : boxes) {
        assertThat(b.path("width").asDouble()).as(b.toString()).isGreaterThan(300);
        assertThat(b.path("height").asDouble()).as(b.toString()).isGreaterThan(40);
        assertThat(b.path("marks").asInt()).as(b.toString()).isPositive();
        assertThat(b.path("drawn").asInt()).as("every mark has a size: " + b).isEqualTo(b.path("marks").asInt());
      }
      assertThat(chrome.fontsOf("#top td span.zh").toString()).as("Chinese names drawn with a CJK face").contains("CJK");

      // the league table (best first) sorts by a clicked column: ascending, then descending
      JsonNode sorted = chrome.eval("""
          (function () {
            var t = document.querySelector('#league table'), th = t.tHead.rows[0].cells[3];
            var scores = function () {
              return Array.from(t.tBodies[0].rows).map(function (r) { return parseFloat(r.cells[3].textContent); });
            };
            var before = scores(); th.click(); var up = scores(); th.click();
            return {before: before, up: up, down: scores()};
          })()""");
      List<Double> before = doubles(sorted.path("before"));
      List<Double> up = doubles(sorted.path("up"));
      assertThat(before).hasSize((int) units).isSortedAccordingTo(java.util.Comparator.reverseOrder());
      assertThat(up).isSorted().isNotEqualTo(before).containsExactlyInAnyOrderElementsOf(before);
      assertThat(doubles(sorted.path("down"))).isSortedAccordingTo(java.util.Comparator.reverseOrder());

      byte[] png = chrome.screenshot();
      Files.write(ARTIFACTS.resolve("report-" + TO + ".png"), png);
      assertThat(png.length).isGreaterThan(50_000);
      assertThat(chrome.errors()).as("script and console errors").isEmpty();
    }
  }

  static List<Double> doubles(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asDouble()));
    return out;
  }

  /** The markup of one chart. */
  static String svgOf(String page, String id) {
    int start = page.indexOf("<svg class=\"chart\" id=\"" + id + "\"");
    assertThat(start).as(id).isNotNegative();
    return page.substring(start, page.indexOf("</svg>", start));
  }

  static long count(String s, String what) {
    long n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  static void deleteTree(Path p) throws java.io.IOException {
    if (Files.exists(p)) {
      try (var walk = Files.walk(p)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
