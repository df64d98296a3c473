package dev.llmgateway.benchmarks.report;

import dev.llmgateway.benchmarks.StreamingBenchmark;
import dev.llmgateway.benchmarks.report.Results.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes the Markdown summary of one run ({@code summary.md}), its charts ({@link Charts}) and
 * copies the summary into {@code benchmarks/README.md} between its summary markers. {@code
 * benchmarks/run.sh} calls it after the suites:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.llmgateway.benchmarks.report.Report \
 *     RAW_DIR OUT_DIR README "machine description" "mode"
 * </pre>
 */
public final class Report {
  static final String START = "<!-- summary:start -->";
  static final String END = "<!-- summary:end -->";
  static final int[] CALLERS = {1, 16, 64, 256};
  static final int[] CONTENDERS = {1, 8, 64};

  private final Results results;
  private final List<String[]> targets = new ArrayList<>();
  private final java.util.Map<String, Double> cpu = new java.util.TreeMap<>();

  private Report(Results results) {
    this.results = results;
  }

  /**
   * Writes the summary, the charts and the README section.
   *
   * @param args the raw JSON directory, the output directory, the README, the machine, the mode
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "usage: Report RAW_DIR OUT_DIR README MACHINE MODE, got " + args.length + " arguments");
    }
    Path raw = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Path readme = Path.of(args[2]);
    Results results = Results.read(raw);
    Report report = new Report(results);
    Path cpu = raw.resolve("cpu-per-call.txt");
    if (Files.exists(cpu)) {
      for (String line : Files.readAllLines(cpu, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          report.cpu.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1)));
        }
      }
    }
    String body = report.markdown(args[3], args[4]);
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.md"), body, StandardCharsets.UTF_8);
    Charts.write(results, out);
    if (Files.exists(readme)) {
      String text = Files.readString(readme, StandardCharsets.UTF_8);
      int s = text.indexOf(START);
      int e = text.indexOf(END);
      if (s >= 0 && e > s) {
        String updated =
            text.substring(0, s + START.length()) + "\n" + body + "\n" + text.substring(e);
        Files.writeString(readme, updated, StandardCharsets.UTF_8);
      }
    }
    System.out.println(body);
  }

  private String markdown(String machine, String mode) {
    StringBuilder perCall = new StringBuilder();
    perCallSection(perCall);
    StringBuilder streaming = new StringBuilder();
    streamingSection(streaming);
    StringBuilder throughput = new StringBuilder();
    throughputSection(throughput);
    StringBuilder contention = new StringBuilder();
    contentionSection(contention);

    StringBuilder md = new StringBuilder();
    md.append("### Latest run\n\n");
    md.append("- Date: ")
        .append(java.time.LocalDate.now(java.time.ZoneOffset.UTC))
        .append(" (UTC)\n");
    md.append("- Machine: ").append(machine).append('\n');
    md.append("- Mode: ").append(mode).append("\n\n");
    md.append("#### Targets\n\n| target | measured | result |\n|---|---|---|\n");
    for (String[] t : targets) {
      md.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]);
      md.append(" |\n");
    }
    md.append('\n').append(perCall).append(streaming).append(throughput).append(contention);
    md.append("![throughput](results/throughput.png)\n\n![per call](results/per-call.png)\n");
    return md.toString();
  }

  private void target(String what, String measured, boolean met) {
    targets.add(new String[] {what, measured, met ? "met" : "**missed**"});
  }

  private void missing(String what) {
    targets.add(new String[] {what, "not measured in this run", "–"});
  }

  private void perCallSection(StringBuilder md) {
    md.append("#### One call (µs/op, B/op; `ChatCallBenchmark`, `CacheHitBenchmark`, ")
        .append("`RoutingBenchmark`)\n\n| benchmark | time/op | ± | B/op |\n|---|--:|--:|--:|\n");
    for (Result r : results.all()) {
      String suite = r.suite();
      if (suite.equals("ChatCallBenchmark")
          || suite.equals("CacheHitBenchmark")
          || suite.equals("RoutingBenchmark")) {
        md.append("| ").append(suite).append('.').append(r.method()).append(" | ");
        md.append(num(r.score())).append(' ').append(r.unit()).append(" | ");
        md.append(num(r.error())).append(" | ").append(bytes(r)).append(" |\n");
      }
    }
    md.append('\n');
    if (cpu.containsKey("raw.caller") && cpu.containsKey("gateway.caller")) {
      md.append("CPU per plain call, one caller (`CpuPerCall`, median of the warmed-up rounds; ")
          .append("CPU time hardly depends on machine load):\n\n")
          .append("| | raw OkHttp + Jackson | gateway | added |\n|---|--:|--:|--:|\n");
      md.append(
          fmt(
              "| caller thread CPU | %.1f µs | %.1f µs | %+.1f µs |\n",
              cpu.get("raw.caller"),
              cpu.get("gateway.caller"),
              cpu.get("gateway.caller") - cpu.get("raw.caller")));
      md.append(
          fmt(
              "| process CPU (client, server, background threads) | %.1f µs | %.1f µs "
                  + "| %+.1f µs |\n\n",
              cpu.get("raw.process"),
              cpu.get("gateway.process"),
              cpu.get("gateway.process") - cpu.get("raw.process")));
      if (cpu.containsKey("inprocess.caller")) {
        md.append(
            fmt(
                "The same production path over a provider that answers in the caller's thread "
                    + "(no adapter, no HTTP; `ChatCallBenchmark.gatewayInProcess`): %.1f µs of "
                    + "caller-thread CPU, %.1f µs of process CPU per call. That is what the "
                    + "gateway's own stages cost; the rest of the added CPU is the adapter's and "
                    + "the HTTP call's.\n\n",
                cpu.get("inprocess.caller"), cpu.get("inprocess.process")));
      }
      double added = cpu.get("gateway.caller") - cpu.get("raw.caller");
      target(
          "Full path over raw: ≤ 5 µs/op of CPU (caller thread)",
          fmt("%+.1f µs", added),
          added <= 5);
    }
    Result raw = results.find("ChatCallBenchmark", "rawOkHttpAndJackson", 0);
    Result gw = results.find("ChatCallBenchmark", "gateway", 0);
    if (raw != null && gw != null) {
      double dt = gw.score() - raw.score();
      target(
          "Full path over raw OkHttp + Jackson: ≤ 5 µs/op (wall time, JMH)",
          fmt("%+.1f µs/op", dt),
          dt <= 5);
      if (raw.bytesPerOp().isPresent() && gw.bytesPerOp().isPresent()) {
        double db = gw.bytesPerOp().getAsDouble() - raw.bytesPerOp().getAsDouble();
        target("Full path over raw: ≤ 4 KB/op allocated", fmt("%+,.0f B/op", db), db <= 4096);
      }
    } else {
      missing("Full path over raw OkHttp + Jackson");
    }
    Result hit = results.find("CacheHitBenchmark", "gatewayCacheHit", 0);
    if (hit != null) {
      double ns = toNanos(hit);
      target("Cache hit through the client: < 2 µs/op", fmt("%.2f µs/op", ns / 1000), ns < 2000);
    } else {
      missing("Cache hit");
    }
    Result route = results.find("RoutingBenchmark", "gatewayRoutingDecision", 0);
    if (route != null) {
      double ns = toNanos(route);
      target("Routing decision: < 300 ns/op", fmt("%.0f ns/op", ns), ns < 300);
    } else {
      missing("Routing decision");
    }
  }

  private void streamingSection(StringBuilder md) {
    Result rawAll = results.find("StreamingBenchmark", "rawWholeStream", 0);
    Result gwAll = results.find("StreamingBenchmark", "gatewayWholeStream", 0);
    Result rawFirst = results.find("StreamingBenchmark", "rawFirstChunk", 0);
    Result gwFirst = results.find("StreamingBenchmark", "gatewayFirstChunk", 0);
    md.append("#### Streaming, ")
        .append(StreamingBenchmark.CHUNKS)
        .append(" chunks (`StreamingBenchmark`)\n\n| benchmark | µs/op | ± | B/op |\n")
        .append("|---|--:|--:|--:|\n");
    for (Result r : new Result[] {rawAll, gwAll, rawFirst, gwFirst}) {
      if (r != null) {
        md.append("| ").append(r.method()).append(" | ").append(num(r.score())).append(" | ");
        md.append(num(r.error())).append(" | ").append(bytes(r)).append(" |\n");
      }
    }
    md.append('\n');
    if (rawAll != null && gwAll != null) {
      double perChunk = (gwAll.score() - rawAll.score()) / StreamingBenchmark.CHUNKS;
      target(
          "Streaming: < 0.5 µs per chunk over raw SSE",
          fmt("%+.2f µs/chunk", perChunk),
          perChunk < 0.5);
    } else {
      missing("Streaming per chunk");
    }
    if (rawFirst != null && gwFirst != null) {
      double added = gwFirst.score() - rawFirst.score();
      target("Streaming: added time to first chunk < 10 µs", fmt("%+.1f µs", added), added < 10);
    } else {
      missing("Streaming time to first chunk");
    }
  }

  private void throughputSection(StringBuilder md) {
    md.append("#### Callers at once (`ThroughputBenchmark`; req/s = callers / mean call time)\n\n")
        .append("| path | latency | callers | raw req/s | gateway req/s | gateway % | raw p99 ")
        .append("| gateway p99 |\n|---|--:|--:|--:|--:|--:|--:|--:|\n");
    for (String path : new String[] {"Plain", "Stream"}) {
      for (String latency : new String[] {"0", "50"}) {
        for (int callers : CALLERS) {
          Result raw =
              results.find("ThroughputBenchmark", "raw" + path, callers, "latencyMs=" + latency);
          Result gw =
              results.find(
                  "ThroughputBenchmark", "gateway" + path, callers, "latencyMs=" + latency);
          if (raw == null || gw == null) {
            continue;
          }
          double rawRate = Charts.rate(raw);
          double gwRate = Charts.rate(gw);
          double pct = 100 * gwRate / rawRate;
          double rawP99 = p99(raw);
          double gwP99 = p99(gw);
          md.append(
              fmt(
                  "| %s | %s ms | %d | %,.0f | %,.0f | %.1f %% | %s | %s |\n",
                  path.toLowerCase(Locale.ROOT),
                  latency,
                  callers,
                  rawRate,
                  gwRate,
                  pct,
                  micros(rawP99),
                  micros(gwP99)));
          target(
              fmt(
                  "Throughput ≥ 95 %% of raw: %s, %s ms, %d callers",
                  path.toLowerCase(Locale.ROOT), latency, callers),
              fmt("%.1f %%", pct),
              pct >= 95);
          if (callers == 64) {
            double addedMs = (gwP99 - rawP99) / 1000;
            target(
                fmt(
                    "p99 within 1 ms of raw: %s, %s ms, 64 callers",
                    path.toLowerCase(Locale.ROOT), latency),
                fmt("%+.2f ms", addedMs),
                addedMs <= 1);
          }
        }
      }
    }
    md.append('\n');
  }

  private void contentionSection(StringBuilder md) {
    md.append(
            "#### Ledger and quota contention (`ContentionBenchmark`, reserve + settle ops/s)\n\n")
        .append("| threads | atomic counter (baseline) | budget ledger | token quota |\n")
        .append("|--:|--:|--:|--:|\n");
    for (int t : CONTENDERS) {
      Result base = results.find("ContentionBenchmark", "baselineAtomicCounter", t);
      Result ledger = results.find("ContentionBenchmark", "ledgerReserveSettle", t);
      Result quota = results.find("ContentionBenchmark", "quotaAcquireSettle", t);
      if (base == null && ledger == null && quota == null) {
        continue;
      }
      md.append(fmt("| %d | %s | %s | %s |\n", t, ops(base), ops(ledger), ops(quota)));
    }
    md.append('\n');
  }

  private static double p99(Result r) {
    Double v = r.percentiles().get("99.0");
    return v == null ? Double.NaN : v;
  }

  private static double toNanos(Result r) {
    return switch (r.unit()) {
      case "us/op" -> r.score() * 1000;
      case "ms/op" -> r.score() * 1_000_000;
      default -> r.score();
    };
  }

  private static String ops(@Nullable Result r) {
    return r == null ? "–" : fmt("%,.0f", r.score());
  }

  private static String micros(double us) {
    return us >= 1000 ? fmt("%.2f ms", us / 1000) : fmt("%.0f µs", us);
  }

  private static String bytes(Result r) {
    return r.bytesPerOp().isPresent() ? fmt("%,.0f", r.bytesPerOp().getAsDouble()) : "–";
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return v >= 100 ? fmt("%,.0f", v) : fmt("%.2f", v);
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
