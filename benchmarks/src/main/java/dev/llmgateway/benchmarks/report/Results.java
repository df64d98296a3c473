package dev.llmgateway.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** The results of one run: every JMH JSON file of a directory, read into {@link Result}s. */
final class Results {
  private final List<Result> all;

  private Results(List<Result> all) {
    this.all = all;
  }

  /** One benchmark method at one set of params and threads. */
  record Result(
      String suite,
      String method,
      int threads,
      Map<String, String> params,
      String mode,
      double score,
      double error,
      String unit,
      Map<String, Double> percentiles,
      OptionalDouble bytesPerOp) {

    /** The value of a param, or "" when the benchmark has none by that name. */
    String param(String name) {
      return params.getOrDefault(name, "");
    }
  }

  static Results read(Path dir) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<Result> all = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      JsonNode root = mapper.readTree(file.toFile());
      for (JsonNode b : root) {
        all.add(parse(b));
      }
    }
    return new Results(all);
  }

  private static Result parse(JsonNode b) {
    String full = b.path("benchmark").asText();
    int dot = full.lastIndexOf('.');
    String method = full.substring(dot + 1);
    String cls = full.substring(0, dot);
    String suite = cls.substring(cls.lastIndexOf('.') + 1);
    Map<String, String> params = new TreeMap<>();
    b.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
    JsonNode primary = b.path("primaryMetric");
    Map<String, Double> percentiles = new TreeMap<>();
    primary
        .path("scorePercentiles")
        .properties()
        .forEach(e -> percentiles.put(e.getKey(), e.getValue().asDouble()));
    JsonNode alloc = b.path("secondaryMetrics").path("gc.alloc.rate.norm");
    OptionalDouble bytes =
        alloc.isMissingNode()
            ? OptionalDouble.empty()
            : OptionalDouble.of(alloc.path("score").asDouble());
    double error = primary.path("scoreError").asDouble(Double.NaN);
    return new Result(
        suite,
        method,
        b.path("threads").asInt(1),
        params,
        b.path("mode").asText(),
        primary.path("score").asDouble(),
        error,
        primary.path("scoreUnit").asText(),
        percentiles,
        bytes);
  }

  List<Result> all() {
    return all;
  }

  /** The one result of a suite's method at a thread count and params (each "name=value"). */
  @Nullable Result find(String suite, String method, int threads, String... params) {
    for (Result r : all) {
      if (!r.suite().equals(suite) || !r.method().equals(method)) {
        continue;
      }
      if (threads > 0 && r.threads() != threads) {
        continue;
      }
      boolean ok = true;
      for (String p : params) {
        int eq = p.indexOf('=');
        if (!r.param(p.substring(0, eq)).equals(p.substring(eq + 1))) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return r;
      }
    }
    return null;
  }
}
