package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.answer;
import static dev.llmgateway.ScriptedProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.GatewayException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The configuration snapshot replaced while calls run: calls under way finish on the snapshot they
 * started with, new calls use the new one, and the state of targets, keys and budgets survives.
 * Also clients derived with {@code newBuilder()}, which share that state.
 */
class SnapshotSwapTest {
  private static final Money PER_MILLION = Money.usd("1");
  private static final TargetRef A = new TargetRef("a", "m");
  private static final TargetRef B = new TargetRef("b", "m");
  private static final TargetRef C = new TargetRef("c", "m");

  /** Creates a new provider instance per create() call, scripted by name; records them. */
  static final class FreshFactory implements ProviderFactory {
    final Map<String, Consumer<ScriptedProvider>> scripts = new ConcurrentHashMap<>();
    final List<ScriptedProvider> created = new CopyOnWriteArrayList<>();

    @Override
    public String type() {
      return "scripted";
    }

    @Override
    public Provider create(ProviderSettings settings) {
      ScriptedProvider p = new ScriptedProvider(settings.name());
      scripts.getOrDefault(settings.name(), x -> {}).accept(p);
      p.settings = settings;
      created.add(p);
      return p;
    }

    List<ScriptedProvider> created(String name) {
      return created.stream().filter(p -> p.name.equals(name)).toList();
    }
  }

  private final FreshFactory factory = new FreshFactory();
  private final Secret key = Secret.of("test-key-123");
  private final ExecutorService caller = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    caller.shutdownNow();
  }

  /** Providers a, b and c (c with a header that says which configuration made it). */
  private GatewayClient.Builder configuration(String cVersion) {
    return GatewayClient.builder()
        .providerFactory(factory)
        .retryBackoff(Duration.ZERO, Duration.ZERO)
        .retriesPerTarget(0)
        .seed(42)
        .provider("a", s -> s.type("scripted").apiKey(key))
        .provider("b", s -> s.type("scripted").apiKey(key))
        .provider("c", s -> s.type("scripted").apiKey(key).header("x-config", cVersion))
        .circuitBreaker(c -> c.consecutiveFailures(2, Duration.ofMinutes(10)))
        .prices(p -> p.model("scripted", "m", PER_MILLION, PER_MILLION))
        .budget(b -> b.scope(BudgetScope.global()).monthly(Money.usd("10")))
        .alias("broken", s -> s.target("b", "m"));
  }

  private static ChatRequest request(String model) {
    return ChatRequest.builder()
        .model(model)
        .user("hello")
        .maxTokens(100)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private static TargetHealth health(GatewayClient gateway, TargetRef target) {
    return gateway.health().stream().filter(h -> h.target().equals(target)).findFirst().get();
  }

  private static Money spent(GatewayClient gateway) {
    return gateway.budgets().status(BudgetScope.global()).get(0).spent();
  }

  @Test
  void inFlightCallsFinishOnTheOldSnapshotNewCallsUseTheNewOneAndStateSurvives() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    factory.scripts.put(
        "a",
        p ->
            p.then("m", answer("a first"))
                .then(
                    "m",
                    (prov, r, c) -> {
                      entered.countDown();
                      try {
                        assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                      } catch (InterruptedException e) {
                        throw new AssertionError(e);
                      }
                      return answer("a in flight").run(prov, r, c);
                    }));
    factory.scripts.put("b", p -> p.always("m", fail(ErrorKind.UNAVAILABLE)));
    factory.scripts.put("c", p -> p.always("m", answer("c")));
    try (GatewayClient gateway =
        configuration("1").alias("chat", s -> s.target("a", "m")).build()) {
      // State before the swap: an open circuit on b/m, and money spent.
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> gateway.chat(request("broken")))
            .isInstanceOf(GatewayException.class);
      }
      assertThat(health(gateway, B).keys().get(0).circuit()).isEqualTo(CircuitState.OPEN);
      assertThat(gateway.chat(request("chat")).text()).isEqualTo("a first");
      Money before = spent(gateway);
      assertThat(before.isZero()).isFalse();

      // A call under way on the old snapshot.
      Future<ChatResponse> inFlight = caller.submit(() -> gateway.chat(request("chat")));
      assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

      // The new configuration: "chat" moves to c, whose definition changed; a and b did not.
      gateway.replaceConfiguration(
          configuration("2").alias("chat", s -> s.target("c", "m")).sharing(gateway));
      // The budget kept what was spent (the call under way has not settled yet).
      assertThat(spent(gateway)).isEqualTo(before);

      ChatResponse after = gateway.chat(request("chat"));
      assertThat(after.route().target()).isEqualTo(C);
      assertThat(factory.created("a")).hasSize(1);
      assertThat(factory.created("b")).hasSize(1);
      assertThat(factory.created("c")).hasSize(2);
      ScriptedProvider oldC = factory.created("c").get(0);
      ScriptedProvider newC = factory.created("c").get(1);
      assertThat(newC.calls).hasSize(1);
      // The old c stays open while a call still runs on the old snapshot.
      assertThat(oldC.closed).isFalse();

      // State survived: b/m's circuit is still open; the new call was charged on the same ledger.
      assertThat(health(gateway, B).keys().get(0).circuit()).isEqualTo(CircuitState.OPEN);
      assertThat(spent(gateway)).isEqualTo(Money.usd("0.00003"));

      release.countDown();
      ChatResponse old = inFlight.get(20, TimeUnit.SECONDS);
      assertThat(old.route().target()).isEqualTo(A);
      assertThat(old.text()).isEqualTo("a in flight");
      // The last call on the old snapshot ended: its changed provider is closed, the rest not.
      assertThat(oldC.closed).isTrue();
      assertThat(newC.closed).isFalse();
      assertThat(factory.created("a").get(0).closed).isFalse();
    }
    assertThat(factory.created).allMatch(p -> p.closed.get());
  }

  @Test
  void anInvalidConfigurationIsRefusedAndTheCurrentOneStays() {
    try (GatewayClient gateway =
        configuration("1").alias("chat", s -> s.target("a", "m")).build()) {
      GatewayClient.Builder bad =
          configuration("1").alias("chat", s -> s.target("nowhere", "m")).sharing(gateway);
      assertThatThrownBy(() -> gateway.replaceConfiguration(bad))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("nowhere");
      assertThat(gateway.chat(request("chat")).route().target()).isEqualTo(A);
    }
  }

  @Test
  void aDerivedClientSharesProvidersBreakersAndBudgetsButHasItsOwnInterceptors() {
    factory.scripts.put("b", p -> p.always("m", fail(ErrorKind.UNAVAILABLE)));
    List<String> seen = new CopyOnWriteArrayList<>();
    try (GatewayClient gateway =
        configuration("1").alias("chat", s -> s.target("a", "m")).build()) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> gateway.chat(request("broken")))
            .isInstanceOf(GatewayException.class);
      }
      GatewayClient derived =
          gateway
              .newBuilder()
              .interceptor(
                  chain -> {
                    seen.add(chain.request().model());
                    return chain.proceed(chain.request());
                  })
              .build();
      try (derived) {
        // Same providers, one instance each; the circuit opened through the first client.
        assertThat(factory.created).hasSize(3);
        assertThat(health(derived, B).keys().get(0).circuit()).isEqualTo(CircuitState.OPEN);
        derived.chat(request("chat"));
        assertThat(seen).containsExactly("chat");
        // One ledger: the derived client's spend shows in the first client's budgets.
        assertThat(spent(gateway)).isEqualTo(spent(derived));
        assertThat(spent(gateway).isZero()).isFalse();
        assertThatThrownBy(() -> gateway.newBuilder().circuitBreaker(c -> c.enabled(false)))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("circuitBreaker cannot be set on a builder from");
      }
      // Closing the derived client leaves the shared providers open for the first one.
      assertThat(factory.created).noneMatch(p -> p.closed.get());
      assertThat(gateway.chat(request("chat")).route().target()).isEqualTo(A);
    }
    assertThat(factory.created).allMatch(p -> p.closed.get());
  }
}
