package dev.llmgateway.benchmarks;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.testkit.LeanOpenAiServer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cache hit through the whole client (validation, attribution, quota, the cache key and lookup,
 * the usage record), against its baseline: a direct lookup of the same answer in a {@link
 * ConcurrentHashMap} keyed by the request object (what a hand-written memo would cost).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CacheHitBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheHitBenchmark {
  private LeanOpenAiServer server;
  private GatewayClient gateway;
  private ChatRequest request;
  private final ConcurrentHashMap<ChatRequest, ChatResponse> memo = new ConcurrentHashMap<>();

  /** Creates the benchmark state; JMH calls this. */
  public CacheHitBenchmark() {}

  /** Starts the fake, builds the gateway with its cache on and stores the answer once. */
  @Setup(Level.Trial)
  public void setUp() {
    server = LeanOpenAiServer.start();
    gateway = Fixtures.gateway(server.baseUrl(), true);
    request = Fixtures.request();
    ChatResponse first = gateway.chat(request);
    memo.put(request, first);
    if (!gateway.chat(request).route().cacheHit()) {
      throw new IllegalStateException("the second call was not a cache hit");
    }
  }

  /** Closes the gateway and the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    gateway.close();
    server.close();
  }

  /**
   * Baseline: a map lookup of the stored answer.
   *
   * @return the answer text
   */
  @Benchmark
  public String baselineMapLookup() {
    return memo.get(request).text();
  }

  /**
   * A cache hit through {@link GatewayClient#chat}.
   *
   * @return the answer text
   */
  @Benchmark
  public String gatewayCacheHit() {
    return gateway.chat(request).text();
  }
}
