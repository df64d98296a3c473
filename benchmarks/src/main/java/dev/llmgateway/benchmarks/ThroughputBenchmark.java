package dev.llmgateway.benchmarks;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.testkit.LeanOpenAiServer;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import okhttp3.Request;
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
import org.openjdk.jmh.infra.BenchmarkParams;

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

  /** Threads that run the path at once before JMH's warm-up (see {@link #jitWarmUp}). */
  static final int JIT_WARM_UP_THREADS = 4;

  /** The least time each trial first runs its path on a few threads (see {@link #jitWarmUp}). */
  static final long JIT_WARM_UP_MIN_NANOS = TimeUnit.SECONDS.toNanos(3);

  /** The most time each trial first runs its path on a few threads. */
  static final long JIT_WARM_UP_MAX_NANOS = TimeUnit.SECONDS.toNanos(8);

  /** How long the JIT must have been idle to end that warm-up. */
  static final long JIT_QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Compilation time (ms) above which the JIT counts as busy since the last quiet moment. */
  static final long JIT_BUSY_MILLIS = 5;

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

  /**
   * Warms the measured path up on a few threads (many callers at 0 ms), then starts the fake server
   * with the latency and builds both clients.
   *
   * @param params tells which benchmark method this trial measures
   */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    if (params.getThreads() > 1 && latencyMs == 0) {
      jitWarmUp(params.getBenchmark());
    }
    server =
        LeanOpenAiServer.builder().chunks(CHUNKS).latency(Duration.ofMillis(latencyMs)).start();
    http = Fixtures.rawClient();
    rawPlain = Fixtures.rawRequest(server.baseUrl(), false);
    rawStream = Fixtures.rawRequest(server.baseUrl(), true);
    gateway = Fixtures.gateway(server.baseUrl(), false);
    request = Fixtures.request();
  }

  /**
   * Runs the measured path on {@link #JIT_WARM_UP_THREADS} threads at once, against a fake without
   * latency, until the JIT compilers have been idle for a second (at least {@link
   * #JIT_WARM_UP_MIN_NANOS}, at most {@link #JIT_WARM_UP_MAX_NANOS}), before JMH's warm-up starts.
   * With 16 to 256 callers busy on two cores the compiler threads get a small share of the CPU (one
   * thread among 17 to 257): JMH's warm-up alone ended with much of the path (the gateway's longer
   * one more than raw's) still interpreted or in C1, and the measurements compared compilation
   * progress, not code. A few threads run the concurrent paths (contended counters, a pool with
   * several connections) while leaving the compilers a fair share. Production clients run for
   * hours; the steady state is what is measured. Not needed with one caller (JMH's warm-up leaves
   * the compilers a core) nor at 50 ms latency (the callers mostly wait).
   */
  private static void jitWarmUp(String benchmark) {
    boolean stream = benchmark.endsWith("Stream");
    boolean raw = benchmark.substring(benchmark.lastIndexOf('.') + 1).startsWith("raw");
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    try (LeanOpenAiServer warm = LeanOpenAiServer.builder().chunks(CHUNKS).start();
        GatewayClient g = Fixtures.gateway(warm.baseUrl(), false)) {
      OkHttpClient h = Fixtures.rawClient();
      Request plain = Fixtures.rawRequest(warm.baseUrl(), false);
      Request streamed = Fixtures.rawRequest(warm.baseUrl(), true);
      ChatRequest req = Fixtures.request();
      Runnable call =
          raw
              ? (stream ? () -> Fixtures.rawStream(h, streamed) : () -> Fixtures.rawChat(h, plain))
              : (stream ? () -> Fixtures.gatewayStream(g, req) : () -> g.chat(req));
      AtomicBoolean done = new AtomicBoolean();
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < JIT_WARM_UP_THREADS; i++) {
        Thread t =
            new Thread(
                () -> {
                  while (!done.get()) {
                    call.run();
                  }
                },
                "jit-warm-up-" + i);
        t.setDaemon(true);
        t.start();
        callers.add(t);
      }
      long start = System.nanoTime();
      long quietSince = start;
      long compiled = jit.getTotalCompilationTime();
      long now = start;
      while (now - start < JIT_WARM_UP_MAX_NANOS
          && (now - start < JIT_WARM_UP_MIN_NANOS || now - quietSince < JIT_QUIET_NANOS)) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        now = System.nanoTime();
        long c = jit.getTotalCompilationTime();
        if (c - compiled > JIT_BUSY_MILLIS) {
          quietSince = now;
          compiled = c;
        }
      }
      done.set(true);
      for (Thread t : callers) {
        t.join();
      }
      Fixtures.close(h);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while warming up", e);
    }
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
    return Fixtures.rawStream(http, rawStream);
  }

  /**
   * A streamed call read to its end through the gateway.
   *
   * @return the characters of content read
   */
  @Benchmark
  public int gatewayStream() {
    return Fixtures.gatewayStream(gateway, request);
  }
}
