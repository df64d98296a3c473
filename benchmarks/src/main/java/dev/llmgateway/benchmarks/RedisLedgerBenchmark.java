package dev.llmgateway.benchmarks;

import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetLedger;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetWindow;
import dev.llmgateway.model.Money;
import dev.llmgateway.redis.RedisStores;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * One budget reservation and its settlement ({@code reserve} of the worst case, then {@code settle}
 * with the actual cost) on two budgets of a call (a team's daily budget and a global monthly one),
 * as the attempt loop does, against its baseline in the same run: the in-memory ledger beside the
 * Redis ledger ({@code gateway-redis}, one Lua script per reserve and one per settle, so two round
 * trips per call) on a local {@code redis-server}.
 *
 * <p>The benchmark starts {@code redis-server} (the Debian package) on a free loopback port with no
 * persistence, or uses {@code -Dredis.uri=redis://host:port} if given. Limits are never reached, so
 * every operation is a reservation and a settlement.
 *
 * <p>Run (from the repository root), once per thread count; the sample-time mode reports p50, p99
 * and p99.9 per operation:
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RedisLedgerBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s -t 1
 * java -jar benchmarks/target/benchmarks.jar RedisLedgerBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s -t 16
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RedisLedgerBenchmark {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final List<Budget> BUDGETS =
      List.of(
          new Budget(BudgetScope.team("bench"), BudgetWindow.DAILY, Money.usd("1000000"), 80, null),
          new Budget(BudgetScope.global(), BudgetWindow.MONTHLY, Money.usd("1000000"), 0, null));
  private static final Money WORST = Money.usd("0.002");
  private static final Money ACTUAL = Money.usd("0.0012");

  /** Which ledger: {@code inMemory} (the baseline) or {@code redis}. */
  @Param({"inMemory", "redis"})
  public String ledger;

  private BudgetLedger budgetLedger;
  private RedisStores stores;
  private Process server;
  private Path dir;

  /** Starts Redis (unless given) and the ledger. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (ledger.equals("inMemory")) {
      budgetLedger = BudgetLedger.inMemory(ZoneOffset.UTC);
      return;
    }
    String uri = System.getProperty("redis.uri");
    if (uri == null) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      dir = Files.createTempDirectory("redis-bench");
      server =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  "" + port,
                  "--bind",
                  "127.0.0.1",
                  "--dir",
                  dir.toString(),
                  "--save",
                  "",
                  "--appendonly",
                  "no")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      waitForPing(port);
      uri = "redis://127.0.0.1:" + port + "/0";
    }
    stores = RedisStores.builder(uri).build();
    budgetLedger = stores.ledger(ZoneOffset.UTC);
  }

  private static void waitForPing(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        OutputStream out = s.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (s.getInputStream().read() == '+') {
          return;
        }
      } catch (IOException e) {
        // not up yet: a benchmark's set-up may poll
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new UncheckedIOException(new IOException("redis-server did not start on " + port));
  }

  /** Stops what set-up started. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (stores != null) {
      stores.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  /**
   * Reserves the worst case in both budgets and settles the actual cost.
   *
   * @return the alerts of the settlement (none after the first)
   */
  @Benchmark
  public Object reserveAndSettle() {
    return budgetLedger.reserve(BUDGETS, WORST, NOW).settle(ACTUAL);
  }
}
