package dev.llmgateway.benchmarks.report;

import dev.llmgateway.benchmarks.report.Results.Result;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jspecify.annotations.Nullable;

/** Draws the run's charts with JFreeChart: throughput against raw, and one call's cost. */
final class Charts {
  private Charts() {}

  /** Requests per second of a closed-loop sampled result: callers / mean call time. */
  static double rate(Result r) {
    double micros =
        switch (r.unit()) {
          case "ms/op" -> r.score() * 1000;
          case "ns/op" -> r.score() / 1000;
          default -> r.score();
        };
    return r.threads() * 1_000_000.0 / micros;
  }

  static void write(Results results, Path out) throws IOException {
    throughput(results, out.resolve("throughput.png"));
    perCall(results, out.resolve("per-call.png"));
  }

  private static void throughput(Results results, Path file) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (String path : new String[] {"Plain", "Stream"}) {
      for (String latency : new String[] {"0", "50"}) {
        String series = path.toLowerCase(java.util.Locale.ROOT) + ", " + latency + " ms";
        for (int callers : Report.CALLERS) {
          Result raw =
              results.find("ThroughputBenchmark", "raw" + path, callers, "latencyMs=" + latency);
          Result gw =
              results.find(
                  "ThroughputBenchmark", "gateway" + path, callers, "latencyMs=" + latency);
          if (raw != null && gw != null) {
            data.addValue(100 * rate(gw) / rate(raw), series, callers + " callers");
          }
        }
      }
    }
    NumberAxis axis = new NumberAxis("gateway throughput, % of raw OkHttp");
    axis.setRange(0, 110);
    JFreeChart chart = bars("Throughput against raw OkHttp (one run, side by side)", data, axis);
    ValueMarker target = new ValueMarker(95, Color.RED, new BasicStroke(1.5f));
    target.setLabel("target 95 %");
    target.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
    target.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
    ((CategoryPlot) chart.getPlot()).addRangeMarker(target);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
  }

  private static void perCall(Results results, Path file) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    add(data, results.find("ChatCallBenchmark", "rawOkHttpAndJackson", 0), "raw OkHttp + Jackson");
    add(data, results.find("ChatCallBenchmark", "gateway", 0), "gateway (production path)");
    add(data, results.find("ChatCallBenchmark", "peerOpenAiJava", 0), "openai-java");
    add(data, results.find("ChatCallBenchmark", "peerLangChain4j", 0), "LangChain4j");
    NumberAxis axis = new NumberAxis("µs per call (B/op in the summary)");
    JFreeChart chart = bars("One chat call against the same fake server", data, axis);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 450);
  }

  private static void add(DefaultCategoryDataset data, @Nullable Result r, String label) {
    if (r != null) {
      data.addValue(r.score(), "µs/op", label);
    }
  }

  private static JFreeChart bars(String title, DefaultCategoryDataset data, NumberAxis axis) {
    CategoryPlot plot = new CategoryPlot();
    plot.setDataset(data);
    plot.setDomainAxis(new org.jfree.chart.axis.CategoryAxis());
    plot.setRangeAxis(axis);
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    plot.setRenderer(renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }
}
