package dev.llmgateway.benchmarks;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.routing.Router;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.testkit.LeanOpenAiServer;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
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
 * The routing decision alone: a request for {@code auto} passes two request rules (one on the
 * tenant, one on the prompt size) and lands on an alias of five weighted targets, each with a
 * context window (a filter that reads the prompt estimate), plus a fallback; the plan is the
 * weighted pick and the rest in order. The call's prompt estimate is given (the full path computes
 * it once per call; {@link ChatCallBenchmark} measures that). Baseline: a bare weighted pick over
 * five weights with the same random generator, what the cheapest possible router does.
 *
 * <p>The router is the one a built client uses, reached through the client's internals (setup
 * only).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RoutingBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBenchmark {
  private static final int[] WEIGHTS = {30, 25, 20, 15, 10};
  private static final LongSupplier PROMPT = () -> 120L;

  private LeanOpenAiServer server;
  private GatewayClient gateway;
  private Router router;
  private GatewayRequest.Chat request;
  private RequestContext context;
  private final RandomGenerator random = new SplittableRandom(42);

  /** Creates the benchmark state; JMH calls this. */
  public RoutingBenchmark() {}

  /**
   * Builds the client and finds its router.
   *
   * @throws ReflectiveOperationException if the client's internals changed shape
   */
  @Setup(Level.Trial)
  public void setUp() throws ReflectiveOperationException {
    server = LeanOpenAiServer.start();
    String url = server.baseUrl();
    GatewayClient.Builder b = GatewayClient.builder();
    for (int i = 1; i <= 5; i++) {
      int n = i;
      b.provider("p" + n, p -> p.type("openai").baseUrl(url).apiKey(Fixtures.key(n)));
    }
    b.alias(
        "smart",
        a -> {
          for (int i = 1; i <= 5; i++) {
            int w = WEIGHTS[i - 1];
            a.target("p" + i, Fixtures.MODEL, t -> t.weight(w).contextWindow(128_000));
          }
          a.fallback("p1/gpt-4o");
        });
    b.alias("long", a -> a.target("p1", "gpt-4.1"));
    b.alias("fast", a -> a.target("p2", Fixtures.MODEL));
    b.requestRule(r -> r.forModel("auto").tenant("other").routeTo("fast"));
    b.requestRule(r -> r.forModel("auto").minPromptTokens(30_000).routeTo("long"));
    b.requestRule(r -> r.forModel("auto").routeTo("smart"));
    gateway = b.seed(42).build();
    router = routerOf(gateway);
    ChatRequest chat =
        ChatRequest.builder()
            .model("auto")
            .system(Fixtures.SYSTEM)
            .user(Fixtures.USER)
            .maxTokens(Fixtures.MAX_TOKENS)
            .context(RequestContext.tenant("acme").team("support").feature("faq"))
            .build();
    request = new GatewayRequest.Chat(chat, false);
    context = chat.context();
    Plan plan = router.plan(request, context, random, false, PROMPT).plan();
    if (plan.toString().isEmpty()) {
      throw new IllegalStateException("empty plan");
    }
  }

  private static Router routerOf(GatewayClient client) throws ReflectiveOperationException {
    Field engineField = GatewayClient.class.getDeclaredField("engine");
    engineField.setAccessible(true);
    Object engine = engineField.get(client);
    Method current = engine.getClass().getDeclaredMethod("current");
    current.setAccessible(true);
    Object generation = current.invoke(engine);
    Method routerMethod = generation.getClass().getDeclaredMethod("router");
    routerMethod.setAccessible(true);
    return (Router) routerMethod.invoke(generation);
  }

  /** Closes the client and the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    gateway.close();
    server.close();
  }

  /**
   * Baseline: a weighted pick over five weights.
   *
   * @return the picked index
   */
  @Benchmark
  public int baselineWeightedPick() {
    int total = 0;
    for (int w : WEIGHTS) {
      total += w;
    }
    int r = random.nextInt(total);
    for (int i = 0; i < WEIGHTS.length; i++) {
      r -= WEIGHTS[i];
      if (r < 0) {
        return i;
      }
    }
    return WEIGHTS.length - 1;
  }

  /**
   * The router's plan for the call.
   *
   * @return the plan
   */
  @Benchmark
  public Plan gatewayRoutingDecision() {
    return router.plan(request, context, random, false, PROMPT).plan();
  }
}
