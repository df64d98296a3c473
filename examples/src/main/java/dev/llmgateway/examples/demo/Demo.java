package dev.llmgateway.examples.demo;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.error.GatewayException;
import dev.llmgateway.error.QuotaExceededException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.testkit.FakeClock;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The demo: a few minutes of traffic from three teams through one gateway, configured by {@code
 * examples/demo.yaml}, and a summary of what the gateway did with it.
 *
 * <pre>
 * mvn -Pdemo -DskipTests package -pl examples -am                    # the fakes
 * mvn -Pdemo -DskipTests package -pl examples -am -Ddemo.args=--live # the real providers
 * </pre>
 *
 * <p>Without {@code --live} it never calls a real provider, whatever keys the environment holds: it
 * starts three embedded fake servers ({@link FakeProviders}) and runs on a simulated clock ({@link
 * SimulatedLatency}), so a run takes seconds and every run prints the same numbers. With {@code
 * --live} it loads the file as it is, with the keys it names from the environment, and sends a
 * short workload to the real providers.
 *
 * <p>Options: {@code --config <file>} (defaults to {@code demo.yaml}, else {@code
 * examples/demo.yaml}), {@code --live}.
 */
public final class Demo {
  /** The calls of a run against the fakes. */
  static final int CALLS = 400;

  /** The calls of a live run: enough to see routing, few enough to cost cents. */
  static final int LIVE_CALLS = 12;

  private static final long WORKLOAD_SEED = 7;
  private static final long LATENCY_SEED = 11;
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration BETWEEN_CALLS = Duration.ofMillis(300);
  private static final Duration OUTAGE_FROM = Duration.ofMinutes(2);
  private static final Duration OUTAGE_TO = Duration.ofSeconds(210);

  private Demo() {}

  /**
   * Runs the demo and prints its summary.
   *
   * @param args {@code --live} and {@code --config <file>}, both optional
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    boolean live = false;
    @Nullable Path config = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--live" -> live = true;
        case "--config" -> config = i + 1 < args.length ? Path.of(args[++i]) : null;
        default -> {
          if (!args[i].isBlank()) {
            out.println(
                "Unknown option '" + args[i] + "'; the options are --live, --config <file>");
            System.exit(2);
          }
        }
      }
    }
    Path file = config != null ? config : defaultConfig();
    try {
      Summary.Result result =
          live
              ? runLive(file, out, Progress.onTerminal(out, LIVE_CALLS))
              : run(file, out, Progress.onTerminal(out, CALLS));
      out.print(result.text());
    } catch (ConfigException e) {
      out.println(e.getMessage());
      if (live) {
        out.println(
            "--live needs a key for every provider of "
                + file
                + ": set the variables named above, or copy the file, remove the providers you"
                + " have no key for (and the targets that use them), and pass --config <copy>.");
      }
      System.exit(2);
    }
  }

  private static Path defaultConfig() {
    Path here = Path.of("demo.yaml");
    return Files.isRegularFile(here) ? here : Path.of("examples", "demo.yaml");
  }

  /**
   * Runs the workload against the embedded fakes on the simulated clock.
   *
   * @param file the configuration file
   * @param out where the header and the progress bar go
   * @param progress the progress bar
   * @return the summary
   * @throws ConfigException if the file has problems
   */
  static Summary.Result run(Path file, PrintStream out, Progress progress) {
    String key = System.getenv("OPENAI_API_KEY");
    List<String> header = new ArrayList<>();
    header.add(
        "LLM gateway demo: "
            + CALLS
            + " calls from three teams through the aliases of "
            + file.getFileName()
            + ", against embedded fake providers.");
    header.add(
        "  openai-style: healthy; anthropic-style: overloaded (HTTP 529) from "
            + Summary.clockTime(OUTAGE_FROM)
            + " to "
            + Summary.clockTime(OUTAGE_TO)
            + "; bedrock-style: slow.");
    header.add(
        "  Simulated clock: the fakes answer at once and each attempt adds a latency typical of its"
            + " provider; same file, same numbers.");
    if (key != null && !key.isBlank()) {
      header.add("  OPENAI_API_KEY is set but not used: pass --live to call the real providers.");
    }
    header.forEach(out::println);
    try (FakeProviders fakes = new FakeProviders()) {
      DemoConfig.Faked faked = DemoConfig.faked(file, fakes);
      FakeClock clock = new FakeClock(START);
      Recorder recorder = new Recorder(clock);
      GatewayClient.Builder builder =
          GatewayClient.builder()
              .config(faked.config())
              .clock(clock)
              .attemptInterceptor(new SimulatedLatency(clock, faked.typeOfProvider(), LATENCY_SEED))
              .eventListener(recorder)
              .usage(u -> u.sink(recorder));
      Outage outage = new Outage(fakes, clock);
      return execute(builder, Workload.calls(CALLS, WORKLOAD_SEED), recorder, progress, outage);
    }
  }

  /**
   * Runs a short workload against the real providers the file names.
   *
   * @param file the configuration file
   * @param out where the header and the progress bar go
   * @param progress the progress bar
   * @return the summary
   * @throws ConfigException if the file has problems, such as a key variable that is not set
   */
  static Summary.Result runLive(Path file, PrintStream out, Progress progress) {
    GatewayConfig config = DemoConfig.live(file);
    List<String> header = new ArrayList<>();
    header.add(
        "LLM gateway demo, --live: "
            + LIVE_CALLS
            + " calls to the REAL providers of "
            + file
            + ", with the keys it names from the environment.");
    header.add("  These calls are billed to your accounts (a few cents at most).");
    header.forEach(out::println);
    Recorder recorder = new Recorder(Clock.systemUTC());
    GatewayClient.Builder builder =
        GatewayClient.builder().config(config).eventListener(recorder).usage(u -> u.sink(recorder));
    return execute(builder, Workload.calls(LIVE_CALLS, WORKLOAD_SEED), recorder, progress, null);
  }

  private static Summary.Result execute(
      GatewayClient.Builder builder,
      List<Workload.Call> calls,
      Recorder recorder,
      Progress progress,
      @Nullable Outage outage) {
    Map<String, Integer> refusals = new TreeMap<>();
    Map<String, Integer> failures = new TreeMap<>();
    List<BudgetStatus> budgets = new ArrayList<>();
    String explain = "";
    try (GatewayClient gateway = builder.build()) {
      for (Workload.Call call : calls) {
        if (outage != null) {
          outage.update();
        }
        try {
          send(gateway, call);
        } catch (BudgetExceededException e) {
          refusals.merge("budget of " + e.scope(), 1, Integer::sum);
        } catch (QuotaExceededException e) {
          refusals.merge("quota of " + e.scope(), 1, Integer::sum);
        } catch (GatewayException e) {
          failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        }
        if (outage != null) {
          outage.pause(BETWEEN_CALLS);
        }
        if (explain.isEmpty() && recorder.takeCircuitOpened()) {
          explain = explainNow(gateway, outage);
        }
        progress.update(call.number(), outage == null ? call.team() : outage.describe());
      }
      progress.finish();
      if (explain.isEmpty()) {
        explain = explainNow(gateway, outage);
      }
      Set<dev.llmgateway.budget.BudgetScope> scopes = new LinkedHashSet<>();
      for (Budget b : gateway.budgets().all()) {
        scopes.add(b.scope());
      }
      for (dev.llmgateway.budget.BudgetScope scope : scopes) {
        budgets.addAll(gateway.budgets().status(scope));
      }
    }
    // The client is closed: every usage record has reached the recorder.
    Summary.Facts facts =
        new Summary.Facts(
            recorder.fallbacks(), recorder.circuits(), refusals, failures, budgets, explain);
    return Summary.render(facts, recorder.records());
  }

  private static void send(GatewayClient gateway, Workload.Call call) {
    if (!call.stream()) {
      gateway.chat(call.request());
      return;
    }
    try (ChatStream stream = gateway.stream(call.request())) {
      for (ChatChunk chunk : stream) {
        chunk.text(); // a real application would show the text as it arrives
      }
    }
  }

  private static String explainNow(GatewayClient gateway, @Nullable Outage outage) {
    ChatRequest request =
        ChatRequest.builder()
            .model("smart")
            .user("Draft a reply to ticket #1: the invoice is wrong.")
            .maxTokens(500)
            .context(RequestContext.tenant("acme").team("support").feature("reply-draft"))
            .build();
    String when =
        outage == null
            ? "At the end of the run"
            : "At " + Summary.clockTime(outage.elapsed()) + ", just after a circuit opened";
    return "  "
        + when
        + ", gateway.explain(request) for a support reply draft to 'smart':\n"
        + indent(gateway.explain(request).toString());
  }

  private static String indent(String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n")) {
      sb.append("  ").append(line).append('\n');
    }
    return sb.toString().stripTrailing();
  }

  /** Takes the Anthropic-style fake down and back up on the simulated clock. */
  private static final class Outage {
    private final FakeProviders fakes;
    private final FakeClock clock;
    private boolean down;

    Outage(FakeProviders fakes, FakeClock clock) {
      this.fakes = fakes;
      this.clock = clock;
    }

    Duration elapsed() {
      return Duration.between(START, clock.instant());
    }

    void update() {
      Duration t = elapsed();
      boolean shouldBeDown = t.compareTo(OUTAGE_FROM) >= 0 && t.compareTo(OUTAGE_TO) < 0;
      if (shouldBeDown != down) {
        down = shouldBeDown;
        fakes.anthropicDown(down);
      }
    }

    String describe() {
      return Summary.clockTime(elapsed()) + (down ? "  anthropic-style overloaded" : "");
    }

    void pause(Duration between) {
      clock.advance(between);
    }
  }
}
