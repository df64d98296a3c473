package dev.llmgateway.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 5: after a scripted run with a fallback, a cache hit and a budget rejection against
 * the fake server, the meters hold the expected counts and token sums, and the call's observation
 * has two attempt children, the second with the fallback reason.
 */
class MicrometerGatewayListenerTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ObservationRegistry observations = ObservationRegistry.create();
  private final List<Observation.Context> started = new CopyOnWriteArrayList<>();
  private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

  /** A test tracer: keeps every observation's context as it starts and as it stops. */
  MicrometerGatewayListenerTest() {
    observations
        .observationConfig()
        .observationHandler(
            new ObservationHandler<Observation.Context>() {
              @Override
              public void onStart(Observation.Context context) {
                started.add(context);
              }

              @Override
              public void onStop(Observation.Context context) {
                stopped.add(context);
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }
            });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GatewayClient client() {
    MicrometerGatewayListener listener =
        MicrometerGatewayListener.builder(meters)
            .observationRegistry(observations)
            .providerType("backup", "openai")
            .build();
    return GatewayClient.builder()
        .provider(
            "openai", p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("k-1")))
        .provider(
            "backup", p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("k-2")))
        .alias(
            "smart",
            a ->
                a.target("openai", "gpt-a")
                    .target("backup", "gpt-b")
                    .strategy(RoutingStrategy.ordered()))
        .alias("faq", a -> a.target("backup", "gpt-b").cacheTtl(Duration.ofMinutes(5)))
        .cache(c -> {})
        .prices(p -> p.model("openai", "gpt-b", Money.usd("1"), Money.usd("1")))
        .budget(b -> b.scope(BudgetScope.tenant("poor")).lifetime(Money.usd("0.01")))
        .retryBackoff(Duration.ZERO, Duration.ZERO)
        .eventListener(listener)
        .build();
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).user("hello").build();
  }

  @Test
  void scriptedRunLeavesTheExpectedMetersAndObservations() {
    server.enqueue("gpt-a", FakeResponse.error(404, "not_found_error", null, "no such model"));
    server.respondByDefault("gpt-b", FakeResponse.text("hi").withUsage(12, 7, 0, 0));
    try (GatewayClient gateway = client()) {
      ChatResponse fellBack = gateway.chat(ask("smart"));
      assertThat(fellBack.route().target().toString()).isEqualTo("backup/gpt-b");
      assertThat(gateway.chat(ask("faq")).route().cacheHit()).isFalse();
      assertThat(gateway.chat(ask("faq")).route().cacheHit()).isTrue();
      ChatRequest tooBig =
          ask("backup/gpt-b").toBuilder()
              .maxTokens(1_000_000)
              .context(RequestContext.tenant("poor"))
              .build();
      assertThatThrownBy(() -> gateway.chat(tooBig)).isInstanceOf(BudgetExceededException.class);
    }

    assertThat(counter("llm.gateway.fallbacks").count()).isEqualTo(1);
    assertThat(
            meters
                .get("llm.gateway.fallbacks")
                .tag("gen_ai.request.model", "smart")
                .tag("gen_ai.provider.name", "openai")
                .tag("error.type", "NOT_FOUND")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(counter("llm.gateway.cache.hits").count()).isEqualTo(1);
    assertThat(counter("llm.gateway.cache.misses").count()).isEqualTo(1);
    assertThat(counter("llm.gateway.budget.rejections").count()).isEqualTo(1);
    assertThat(meters.find("llm.gateway.retries").counters()).isEmpty();

    // Tokens of the two calls a provider answered; the cache hit used none.
    assertThat(tokens("input")).containsExactly(2.0, 24.0);
    assertThat(tokens("output")).containsExactly(2.0, 14.0);
    assertThat(
            meters
                .get("gen_ai.client.token.usage")
                .tag("gen_ai.token.type", "input")
                .tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.provider.name", "openai")
                .tag("gen_ai.request.model", "smart")
                .tag("gen_ai.response.model", "gpt-b")
                .summary()
                .totalAmount())
        .isEqualTo(12);

    // Every call is timed; the refused one with its error type.
    long calls = 0;
    for (Timer t : meters.get("gen_ai.client.operation.duration").timers()) {
      calls += t.count();
    }
    assertThat(calls).isEqualTo(4);
    assertThat(
            meters
                .get("gen_ai.client.operation.duration")
                .tag("error.type", BudgetExceededException.class.getName())
                .timer()
                .count())
        .isEqualTo(1);

    // $1 per million tokens: 19 tokens twice; the hit cost nothing and saved one call's cost.
    assertThat(sum("llm.gateway.cost")).isCloseTo(0.000038, within());
    assertThat(sum("llm.gateway.cache.saved")).isCloseTo(0.000019, within());

    // The fallback call: one observation with two attempt children, the second says why.
    Observation.Context call = only("llm.gateway.call", "smart");
    List<Observation.Context> attempts = new ArrayList<>();
    for (Observation.Context ctx : stopped) {
      if (ctx.getName().equals("llm.gateway.attempt")
          && ctx.getParentObservation() != null
          && ctx.getParentObservation().getContextView() == call) {
        attempts.add(ctx);
      }
    }
    assertThat(attempts).hasSize(2);
    assertThat(value(attempts.get(0), "llm.gateway.target")).isEqualTo("openai/gpt-a");
    assertThat(value(attempts.get(0), "error.type")).isEqualTo("NOT_FOUND");
    assertThat(value(attempts.get(1), "llm.gateway.target")).isEqualTo("backup/gpt-b");
    assertThat(value(attempts.get(1), "llm.gateway.fallback.reason")).isEqualTo("NOT_FOUND");
    assertThat(value(attempts.get(1), "llm.gateway.fallback.from")).isEqualTo("openai/gpt-a");
    assertThat(value(attempts.get(1), "llm.gateway.attempt.number")).isEqualTo("2");
    assertThat(value(attempts.get(1), "llm.gateway.key.id")).isNotBlank();
    assertThat(value(call, "llm.gateway.alias")).isEqualTo("smart");
    assertThat(value(call, "llm.gateway.cache.hit")).isEqualTo("false");
    // Every observation that started has stopped: 4 calls, 4 attempts (the refused call's attempt
    // ends with the call, with its error type).
    assertThat(stopped).hasSize(8).containsExactlyInAnyOrderElementsOf(started);
    Observation.Context refused = only("llm.gateway.call", "backup/gpt-b");
    for (Observation.Context ctx : stopped) {
      if (ctx.getParentObservation() != null
          && ctx.getParentObservation().getContextView() == refused) {
        assertThat(value(ctx, "error.type")).isEqualTo(BudgetExceededException.class.getName());
      }
    }
  }

  private Counter counter(String name) {
    return meters.get(name).counter();
  }

  /** The number of recordings and their sum, over every summary of the token type. */
  private List<Double> tokens(String type) {
    double count = 0;
    double total = 0;
    for (DistributionSummary d :
        meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", type).summaries()) {
      count += d.count();
      total += d.totalAmount();
    }
    return List.of(count, total);
  }

  private double sum(String name) {
    double total = 0;
    for (Counter c : meters.get(name).counters()) {
      total += c.count();
    }
    return total;
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }

  private Observation.Context only(String name, String requestModel) {
    List<Observation.Context> found = new ArrayList<>();
    for (Observation.Context ctx : stopped) {
      if (ctx.getName().equals(name) && requestModel.equals(value(ctx, "gen_ai.request.model"))) {
        found.add(ctx);
      }
    }
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static String value(Observation.Context ctx, String key) {
    var kv = ctx.getLowCardinalityKeyValue(key);
    if (kv == null) {
      kv = ctx.getHighCardinalityKeyValue(key);
    }
    return kv == null ? null : kv.getValue();
  }
}
