package dev.llmgateway.benchmarks;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.testkit.LeanOpenAiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Many callers at once: each JMH thread is one caller making calls back to back, plain and streamed
 * ({@value #CHUNKS} chunks), through the gateway's production path and raw OkHttp side by side,
 * against a fake that answers at once ({@code latencyMs=0}: the client and the machine are the
 * limit) or after a fixed 50 ms ({@code latencyMs=50}: the upstream is the limit, as in
 * production). Sampled call times give the percentiles; requests per second is {@code callers /
 * mean call time} (closed loop).
 *
 * <p>Run once per number of callers ({@code benchmarks/run.sh} does 1, 16, 64 and 256):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ThroughputBenchmark -t 64
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ThroughputBenchmark {
  /** The number of content chunks of a streamed answer. */
  public static final int CHUNKS = 20;

  /** The fake's fixed latency per answer, in milliseconds. */
  @Param({"0", "50"})
  public int latencyMs;

  private LeanOpenAiServer server;
  private OkHttpClient http;
  private Request rawPlain;
  private Request rawStream;
  private GatewayClient gateway;
  private ChatRequest request;

  /** Creates the benchmark state; JMH calls this. */
  public ThroughputBenchmark() {}

  /** Starts the fake server with the latency and builds both clients. */
  @Setup(Level.Trial)
  public void setUp() {
    server =
        LeanOpenAiServer.builder().chunks(CHUNKS).latency(Duration.ofMillis(latencyMs)).start();
    http = Fixtures.rawClient();
    rawPlain = Fixtures.rawRequest(server.baseUrl(), false);
    rawStream = Fixtures.rawRequest(server.baseUrl(), true);
    gateway = Fixtures.gateway(server.baseUrl(), false);
    request = Fixtures.request();
  }

  /** Closes both clients and the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    gateway.close();
    Fixtures.close(http);
    server.close();
  }

  /**
   * Baseline: a plain call, raw.
   *
   * @return the answer text
   */
  @Benchmark
  public String rawPlain() {
    return Fixtures.rawChat(http, rawPlain);
  }

  /**
   * A plain call through the gateway.
   *
   * @return the answer text
   */
  @Benchmark
  public String gatewayPlain() {
    return gateway.chat(request).text();
  }

  /**
   * Baseline: a streamed call read to its end, raw.
   *
   * @return the characters of content read
   */
  @Benchmark
  public int rawStream() {
    try (Response response = http.newCall(rawStream).execute()) {
      BufferedSource source = response.body().source();
      int chars = 0;
      String content;
      while ((content = Fixtures.rawNextChunk(source)) != null) {
        chars += content.length();
      }
      return chars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A streamed call read to its end through the gateway.
   *
   * @return the characters of content read
   */
  @Benchmark
  public int gatewayStream() {
    int chars = 0;
    try (ChatStream stream = gateway.stream(request)) {
      for (ChatChunk chunk : stream) {
        chars += chunk.text().length();
      }
    }
    return chars;
  }
}
