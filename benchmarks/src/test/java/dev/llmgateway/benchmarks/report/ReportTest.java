package dev.llmgateway.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary states each target as met or missed with its figure, says what a run did not measure,
 * replaces only the README's summary section and draws both charts: run on JMH JSON files of the
 * shape JMH writes, with figures chosen on either side of the targets.
 */
class ReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PKG = "dev.llmgateway.benchmarks.";

  @TempDir Path dir;

  @Test
  void statesEveryTargetAsMetOrMissedAndReplacesOnlyTheReadmeSection() throws IOException {
    Path raw = Files.createDirectories(dir.resolve("raw"));
    ArrayNode chat = MAPPER.createArrayNode();
    chat.add(result("ChatCallBenchmark.rawOkHttpAndJackson", "avgt", 1, 70.0, "us/op", 10_600));
    chat.add(result("ChatCallBenchmark.gateway", "avgt", 1, 80.0, "us/op", 14_000));
    chat.add(result("ChatCallBenchmark.gatewayInProcess", "avgt", 1, 1.8, "us/op", 3_300));
    write(raw, "chat.json", chat);
    ArrayNode routing = MAPPER.createArrayNode();
    routing.add(result("RoutingBenchmark.gatewayRoutingDecision", "avgt", 1, 279, "ns/op", 448));
    write(raw, "routing.json", routing);
    ArrayNode streaming = MAPPER.createArrayNode();
    streaming.add(result("StreamingBenchmark.rawWholeStream", "avgt", 1, 260, "us/op", 0));
    streaming.add(result("StreamingBenchmark.gatewayWholeStream", "avgt", 1, 270, "us/op", 0));
    streaming.add(result("StreamingBenchmark.rawFirstChunk", "avgt", 1, 70, "us/op", 0));
    streaming.add(result("StreamingBenchmark.gatewayFirstChunk", "avgt", 1, 100, "us/op", 0));
    write(raw, "streaming.json", streaming);
    ArrayNode throughput = MAPPER.createArrayNode();
    throughput.add(sampled("rawPlain", 64, "50", 50_800, 54_000));
    throughput.add(sampled("gatewayPlain", 64, "50", 51_000, 56_000));
    write(raw, "throughput-64-50ms.json", throughput);
    Files.writeString(
        raw.resolve("cpu-per-call.txt"),
        "raw.process=82.5\nraw.caller=39.7\ngateway.process=98.0\ngateway.caller=49.5\n"
            + "inprocess.process=2.0\ninprocess.caller=1.8\n");
    Path readme = dir.resolve("README.md");
    Files.writeString(
        readme, "# Before\n\n" + Report.START + "\nold summary\n" + Report.END + "\n\n# After\n");
    Path out = dir.resolve("out");

    Report.main(
        new String[] {raw.toString(), out.toString(), readme.toString(), "test machine", "full"});

    String summary = Files.readString(out.resolve("summary.md"), StandardCharsets.UTF_8);
    assertThat(summary)
        .contains("- Machine: test machine")
        .contains("| Full path over raw: ≤ 5 µs/op of CPU (caller thread) | +9.8 µs | **missed** |")
        .contains("| Full path over raw OkHttp + Jackson: ≤ 5 µs/op (wall time, JMH) | +10.0 µs/op")
        .contains("| Full path over raw: ≤ 4 KB/op allocated | +3,400 B/op | met |")
        .contains("| Routing decision: < 300 ns/op | 279 ns/op | met |")
        .contains("| Streaming: < 0.5 µs per chunk over raw SSE | +0.05 µs/chunk | met |")
        .contains("| Streaming: added time to first chunk < 10 µs | +30.0 µs | **missed** |")
        .contains("| Throughput ≥ 95 % of raw: plain, 50 ms, 64 callers | 99.6 % | met |")
        .contains("| p99 within 1 ms of raw: plain, 50 ms, 64 callers | +2.00 ms | **missed** |")
        .contains("| Cache hit | not measured in this run | – |")
        .contains("1.8 µs of caller-thread CPU, 2.0 µs of process CPU per call");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith("# Before\n\n" + Report.START + "\n### Latest run")
        .endsWith(Report.END + "\n\n# After\n")
        .doesNotContain("old summary")
        .contains(summary);
    for (String chart : new String[] {"throughput.png", "per-call.png"}) {
      byte[] png = Files.readAllBytes(out.resolve(chart));
      assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }
  }

  private static ObjectNode result(
      String benchmark, String mode, int threads, double score, String unit, double bytes) {
    ObjectNode b = MAPPER.createObjectNode();
    b.put("benchmark", PKG + benchmark);
    b.put("mode", mode);
    b.put("threads", threads);
    ObjectNode primary = b.putObject("primaryMetric");
    primary.put("score", score);
    primary.put("scoreError", score / 10);
    primary.put("scoreUnit", unit);
    if (bytes > 0) {
      b.putObject("secondaryMetrics").putObject("gc.alloc.rate.norm").put("score", bytes);
    }
    return b;
  }

  private static ObjectNode sampled(
      String method, int threads, String latencyMs, double meanMicros, double p99Micros) {
    ObjectNode b =
        result("ThroughputBenchmark." + method, "sample", threads, meanMicros, "us/op", 0);
    b.putObject("params").put("latencyMs", latencyMs);
    ObjectNode percentiles = ((ObjectNode) b.get("primaryMetric")).putObject("scorePercentiles");
    percentiles.put("50.0", meanMicros);
    percentiles.put("99.0", p99Micros);
    return b;
  }

  private static void write(Path dir, String name, ArrayNode results) throws IOException {
    MAPPER.writeValue(dir.resolve(name).toFile(), results);
  }
}
