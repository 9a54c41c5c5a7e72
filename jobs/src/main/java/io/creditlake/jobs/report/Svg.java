package io.creditlake.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The report's charts, drawn as inline SVG on the server: the page needs no script library and
 * no network to show them, and a chart is exactly the numbers it was given. Every chart is an
 * {@code <svg class="chart">} whose data marks carry {@code class="mark …"} and a {@code <title>}
 * (the browser's tooltip); colours come from the page's style sheet by class.
 */
final class Svg {

  static final int WIDTH = 720;
  private static final int ROW = 22;

  private Svg() {}

  /** One horizontal bar: its label, length, the text shown after it, and a colour class. */
  record Bar(String label, double value, String text, String cls) {}

  /** A line (or, with {@code points}, dots) through (x, y) pairs. */
  record Series(String name, double[] x, double[] y, String cls, boolean dashed, boolean points) {
    Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length + " y values");
      }
    }
  }

  /** A tick: where and what it says. */
  record Tick(double at, String text) {}

  /** An axis: its title, range and ticks. */
  record Axis(String title, double min, double max, List<Tick> ticks) {

    static Axis linear(String title, double min, double max, int n, DoubleFunction<String> format) {
      if (!(max > min)) {
        max = min + 1;
      }
      List<Tick> ticks = new ArrayList<>();
      for (int i = 0; i <= n; i++) {
        double v = min + (max - min) * i / n;
        ticks.add(new Tick(v, format.apply(v)));
      }
      return new Axis(title, min, max, ticks);
    }

    /** Categories at 0, 1, …; at most about 12 labels are written. */
    static Axis categories(String title, List<String> names) {
      List<Tick> ticks = new ArrayList<>();
      int step = Math.max(1, (int) Math.ceil(names.size() / 12.0));
      for (int i = 0; i < names.size(); i += step) {
        ticks.add(new Tick(i, names.get(i)));
      }
      return new Axis(title, 0, Math.max(1, names.size() - 1), ticks);
    }

    double scale(double v, double from, double to) {
      return from + (v - min) / (max - min) * (to - from);
    }
  }

  /** Horizontal bars, longest = {@code max} (or the largest value when max ≤ 0). */
  static String bars(String id, String title, List<Bar> bars, double max) {
    double top = max > 0 ? max : bars.stream().mapToDouble(Bar::value).filter(v -> !Double.isNaN(v)).max().orElse(1);
    top = top > 0 ? top : 1;
    int labelW = 200;
    int textW = 90;
    int h = 10 + bars.size() * ROW + 10;
    StringBuilder sb = open(id, title, h);
    double span = WIDTH - labelW - textW - 10;
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double y = 10 + i * ROW;
      double v = Double.isNaN(b.value()) ? 0 : b.value(); // not measured: text only
      double w = Math.max(v > 0 ? 1 : 0, Math.min(1, v / top) * span);
      sb.append("<text class=\"label\" x=\"").append(labelW - 6).append("\" y=\"").append(f(y + 15))
          .append("\" text-anchor=\"end\">").append(esc(clip(b.label(), 28))).append("</text>");
      if (w > 0) { // a zero draws no mark, only its text
        sb.append("<rect class=\"mark ").append(esc(b.cls())).append("\" x=\"").append(labelW).append("\" y=\"")
            .append(f(y + 3)).append("\" width=\"").append(f(w)).append("\" height=\"").append(ROW - 6).append("\">")
            .append("<title>").append(esc(b.label() + ": " + b.text())).append("</title></rect>");
      }
      sb.append("<text class=\"value\" x=\"").append(f(labelW + w + 6)).append("\" y=\"").append(f(y + 15)).append("\">")
          .append(esc(b.text())).append("</text>");
    }
    return close(sb);
  }

  /**
   * Horizontal stacked bars, one per row, each split into the series' shares of the row's total
   * (every bar is full width: the mix, not the size, is compared); a legend on top.
   */
  static String stacked(String id, String title, List<String> rows, List<String> series, List<String> classes,
      double[][] values) {
    int labelW = 200;
    int legendH = legendHeight(series, labelW) + 6;
    int h = legendH + rows.size() * ROW + 10;
    StringBuilder sb = open(id, title, h);
    legend(sb, series, classes, labelW);
    double span = WIDTH - labelW - 60;
    for (int r = 0; r < rows.size(); r++) {
      double total = 0;
      for (double v : values[r]) {
        total += v;
      }
      double y = legendH + r * ROW;
      sb.append("<text class=\"label\" x=\"").append(labelW - 6).append("\" y=\"").append(f(y + 15))
          .append("\" text-anchor=\"end\">").append(esc(clip(rows.get(r), 28))).append("</text>");
      double x = labelW;
      for (int s = 0; s < series.size(); s++) {
        double w = total > 0 ? values[r][s] / total * span : 0;
        if (w > 0) {
          sb.append("<rect class=\"mark ").append(esc(classes.get(s))).append("\" x=\"").append(f(x)).append("\" y=\"")
              .append(f(y + 3)).append("\" width=\"").append(f(w)).append("\" height=\"").append(ROW - 6).append("\">")
              .append("<title>").append(esc(rows.get(r) + " · " + series.get(s) + ": " + num(values[r][s]) + " ("
                  + pct(values[r][s] / total) + ")")).append("</title></rect>");
        }
        x += w;
      }
      sb.append("<text class=\"value\" x=\"").append(f(labelW + span + 6)).append("\" y=\"").append(f(y + 15)).append("\">")
          .append(esc(num(total))).append("</text>");
    }
    return close(sb);
  }

  /** Lines or dots on two linear axes, with a legend when there is more than one series. */
  static String lines(String id, String title, List<Series> series, Axis xAxis, Axis yAxis) {
    int left = 60;
    int right = 20;
    int top = series.size() > 1 ? legendHeight(series.stream().map(Series::name).toList(), left) + 14 : 14;
    int plotH = 240;
    int bottom = 46;
    int h = top + plotH + bottom;
    StringBuilder sb = open(id, title, h);
    if (series.size() > 1) {
      legend(sb, series.stream().map(Series::name).toList(), series.stream().map(Series::cls).toList(), left);
    }
    double x0 = left;
    double x1 = WIDTH - right;
    double y0 = top + plotH;
    double y1 = top;
    // grid and ticks
    for (Tick t : yAxis.ticks()) {
      double y = yAxis.scale(t.at(), y0, y1);
      sb.append("<line class=\"grid\" x1=\"").append(f(x0)).append("\" x2=\"").append(f(x1)).append("\" y1=\"").append(f(y))
          .append("\" y2=\"").append(f(y)).append("\"/>");
      sb.append("<text class=\"tick\" x=\"").append(f(x0 - 6)).append("\" y=\"").append(f(y + 4))
          .append("\" text-anchor=\"end\">").append(esc(t.text())).append("</text>");
    }
    for (Tick t : xAxis.ticks()) {
      double x = xAxis.scale(t.at(), x0, x1);
      sb.append("<line class=\"axis\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(f(y0))
          .append("\" y2=\"").append(f(y0 + 4)).append("\"/>");
      sb.append("<text class=\"tick\" x=\"").append(f(x)).append("\" y=\"").append(f(y0 + 17))
          .append("\" text-anchor=\"middle\">").append(esc(t.text())).append("</text>");
    }
    sb.append("<line class=\"axis\" x1=\"").append(f(x0)).append("\" x2=\"").append(f(x1)).append("\" y1=\"").append(f(y0))
        .append("\" y2=\"").append(f(y0)).append("\"/>");
    sb.append("<text class=\"axis-title\" x=\"").append(f((x0 + x1) / 2)).append("\" y=\"").append(h - 8)
        .append("\" text-anchor=\"middle\">").append(esc(xAxis.title())).append("</text>");
    sb.append("<text class=\"axis-title\" transform=\"translate(14 ").append(f((y0 + y1) / 2))
        .append(") rotate(-90)\" text-anchor=\"middle\">").append(esc(yAxis.title())).append("</text>");
    for (Series s : series) {
      if (s.x().length == 0) {
        continue;
      }
      if (s.points() || s.x().length == 1) {
        for (int i = 0; i < s.x().length; i++) {
          if (Double.isNaN(s.x()[i]) || Double.isNaN(s.y()[i])) {
            continue;
          }
          sb.append("<circle class=\"mark ").append(esc(s.cls())).append("\" cx=\"").append(f(xAxis.scale(s.x()[i], x0, x1)))
              .append("\" cy=\"").append(f(yAxis.scale(s.y()[i], y0, y1))).append("\" r=\"4\"><title>")
              .append(esc(s.name() + ": " + num(s.y()[i]))).append("</title></circle>");
        }
        if (s.points()) {
          continue;
        }
      }
      StringBuilder d = new StringBuilder();
      boolean gap = true; // a missing value breaks the line
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isNaN(s.x()[i]) || Double.isNaN(s.y()[i])) {
          gap = true;
          continue;
        }
        d.append(gap ? "M" : "L").append(f(xAxis.scale(s.x()[i], x0, x1))).append(' ')
            .append(f(yAxis.scale(s.y()[i], y0, y1)));
        gap = false;
      }
      if (d.length() == 0) {
        continue;
      }
      sb.append("<path class=\"mark line ").append(esc(s.cls())).append(s.dashed() ? " dashed" : "").append("\" d=\"")
          .append(d).append("\"><title>").append(esc(s.name())).append("</title></path>");
    }
    return close(sb);
  }

  /** Where each legend entry goes: left to right, wrapping onto rows of 20 px. */
  private static List<double[]> legendLayout(List<String> names, int x0) {
    List<double[]> at = new ArrayList<>();
    double x = x0;
    double y = 6;
    for (String n : names) {
      double w = 30 + Math.min(20, n.length()) * 7.2;
      if (x + w > WIDTH && x > x0) {
        x = x0;
        y += 20;
      }
      at.add(new double[] {x, y});
      x += w;
    }
    return at;
  }

  /** The legend's height. */
  private static int legendHeight(List<String> names, int x0) {
    List<double[]> at = legendLayout(names, x0);
    return at.isEmpty() ? 0 : (int) at.get(at.size() - 1)[1] + 20;
  }

  private static void legend(StringBuilder sb, List<String> names, List<String> classes, int x0) {
    List<double[]> at = legendLayout(names, x0);
    for (int i = 0; i < names.size(); i++) {
      double x = at.get(i)[0];
      double y = at.get(i)[1];
      sb.append("<rect class=\"key ").append(esc(classes.get(i))).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(y))
          .append("\" width=\"12\" height=\"12\"/>");
      sb.append("<text class=\"legend\" x=\"").append(f(x + 16)).append("\" y=\"").append(f(y + 10)).append("\">")
          .append(esc(clip(names.get(i), 20))).append("</text>");
    }
  }

  private static StringBuilder open(String id, String title, int h) {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("<svg class=\"chart\" id=\"").append(esc(id)).append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(h).append("\" width=\"").append(WIDTH).append("\" height=\"").append(h)
        .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\"><title>").append(esc(title)).append("</title>");
    return sb;
  }

  private static String close(StringBuilder sb) {
    return sb.append("</svg>").toString();
  }

  /** Text for XML: the five specials escaped; control characters dropped. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          if ((c >= 0x20 && c != 0xFFFE && c != 0xFFFF) || c == '\n' || c == '\t') { // XML's characters
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  static String clip(String s, int n) {
    return s == null ? "" : s.codePointCount(0, s.length()) <= n ? s : s.substring(0, s.offsetByCodePoints(0, n - 1)) + "…";
  }

  static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
        : String.format(Locale.ROOT, "%,.3f", v);
  }

  static String pct(double share) {
    return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f %%", share * 100);
  }
}
