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
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 5: after a scripted run with a fallback, a cache hit and a budget rejection against
 * the fake server, the meters hold the expected counts and token sums, and (through Micrometer
 * Tracing's test tracer) the call's span has two attempt child spans, the second with the fallback
 * reason, and the GenAI span attributes.
 */
class MicrometerGatewayListenerTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final SimpleTracer tracer = new SimpleTracer();
  private final ObservationRegistry observations = ObservationRegistry.create();

  MicrometerGatewayListenerTest() {
    observations
        .observationConfig()
        .observationHandler(new DefaultTracingObservationHandler(tracer));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GatewayClient client() {
    return builder(listener()).build();
  }

  private MicrometerGatewayListener listener() {
    // No providerType("backup", "openai"): the client tells the listener each provider's type.
    return MicrometerGatewayListener.builder(meters).observationRegistry(observations).build();
  }

  private GatewayClient.Builder builder(MicrometerGatewayListener listener) {
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
        .eventListener(listener);
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).user("hello").build();
  }

  @Test
  void scriptedRunLeavesTheExpectedMetersAndObservations() {
    server.enqueue("gpt-a", FakeResponse.error(404, "not_found_error", null, "no such model"));
    server.respondByDefault("gpt-b", FakeResponse.text("hi").withUsage(12, 7, 3, 0));
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

    // The fallback call: one span with two attempt children, the second says why.
    SimpleSpan call = only("chat smart");
    List<SimpleSpan> attempts = childrenOf(call);
    assertThat(attempts).hasSize(2);
    String host = URI.create(server.baseUrl()).getHost();
    SimpleSpan first = attempts.get(0);
    SimpleSpan second = attempts.get(1);
    assertThat(first.getName()).isEqualTo("attempt openai/gpt-a");
    assertThat(first.getTags())
        .containsEntry("llm.gateway.target", "openai/gpt-a")
        .containsEntry("error.type", "NOT_FOUND")
        .containsEntry("server.address", host)
        .containsEntry("llm.gateway.attempt.number", "1");
    assertThat(second.getName()).isEqualTo("attempt backup/gpt-b");
    assertThat(second.getTags())
        .containsEntry("llm.gateway.target", "backup/gpt-b")
        .containsEntry("llm.gateway.fallback.reason", "NOT_FOUND")
        .containsEntry("llm.gateway.fallback.from", "openai/gpt-a")
        .containsEntry("llm.gateway.attempt.number", "2")
        .containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("server.address", host)
        .containsEntry("error.type", "none")
        .containsKey("llm.gateway.key.id");
    assertThat(call.getTags())
        .containsEntry("llm.gateway.alias", "smart")
        .containsEntry("llm.gateway.cache.hit", "false")
        .containsEntry("gen_ai.request.model", "smart")
        .containsEntry("gen_ai.response.model", "gpt-b")
        .containsEntry("gen_ai.usage.input_tokens", "12")
        .containsEntry("gen_ai.usage.output_tokens", "7")
        .containsEntry("gen_ai.usage.cache_read.input_tokens", "3")
        .containsEntry("gen_ai.response.finish_reasons", "stop");
    // The cache hit used no tokens; its span says so by having none.
    List<SimpleSpan> faq = spans("chat faq");
    assertThat(faq).hasSize(2);
    assertThat(faq.get(1).getTags())
        .containsEntry("llm.gateway.cache.hit", "true")
        .containsEntry("gen_ai.response.finish_reasons", "stop")
        .doesNotContainKey("gen_ai.usage.input_tokens");
    assertThat(childrenOf(faq.get(1))).isEmpty();
    // Every span ended: 4 calls, 4 attempts (the refused call's attempt ends with the call, with
    // its error type).
    assertThat(tracer.getSpans()).hasSize(8).allSatisfy(span -> assertThat(ended(span)).isTrue());
    SimpleSpan refused = only("chat backup/gpt-b");
    assertThat(refused.getTags())
        .containsEntry("error.type", BudgetExceededException.class.getName());
    assertThat(childrenOf(refused))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.getTags())
                    .containsEntry("error.type", BudgetExceededException.class.getName()));
  }

  @Test
  void gaugesReadWhatEachBudgetHasLeftAndTheKeysInEachCircuitState() {
    server.respondByDefault("gpt-b", FakeResponse.text("hi").withUsage(12, 7, 0, 0));
    MicrometerGatewayListener listener = listener();
    try (GatewayClient gateway = builder(listener).build()) {
      listener.bindTo(gateway);
      assertThat(budgetLeft()).isEqualTo(0.01);
      gateway.chat(ask("backup/gpt-b").toBuilder().context(RequestContext.tenant("poor")).build());
      // $1 per million tokens, 19 tokens.
      assertThat(budgetLeft()).isCloseTo(0.01 - 0.000019, within());
      assertThat(
              meters
                  .get("llm.gateway.circuit.state")
                  .tag("llm.gateway.target", "openai/gpt-a")
                  .tag("state", "CLOSED")
                  .gauge()
                  .value())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("llm.gateway.circuit.state")
                  .tag("llm.gateway.target", "openai/gpt-a")
                  .tag("state", "OPEN")
                  .gauge()
                  .value())
          .isZero();
      assertThatThrownBy(() -> listener.bindTo(gateway)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aHedgedCallCountsTheHedgeAndEndsBothAttemptSpans() {
    server.respondByDefault("gpt-a", FakeResponse.text("late").withLatency(Duration.ofSeconds(5)));
    server.respondByDefault("gpt-b", FakeResponse.text("hi").withUsage(12, 7, 0, 0));
    MicrometerGatewayListener listener = listener();
    try (GatewayClient gateway =
        builder(listener)
            .alias(
                "hedged",
                a ->
                    a.target("openai", "gpt-a")
                        .target("backup", "gpt-b")
                        .strategy(RoutingStrategy.ordered())
                        .hedge(Duration.ofMillis(50)))
            .build()) {
      assertThat(gateway.chat(ask("hedged")).route().target().toString()).isEqualTo("backup/gpt-b");
    }
    assertThat(counter("llm.gateway.hedges").count()).isEqualTo(1);
    SimpleSpan call = only("chat hedged");
    assertThat(childrenOf(call))
        .extracting(
            a -> a.getTags().get("llm.gateway.target") + " " + a.getTags().get("error.type"))
        .containsExactlyInAnyOrder("openai/gpt-a TIMEOUT", "backup/gpt-b none");
    assertThat(tracer.getSpans()).allSatisfy(span -> assertThat(ended(span)).isTrue());
  }

  private double budgetLeft() {
    return meters
        .get("llm.gateway.budget.remaining")
        .tag("budget.scope", "tenant=poor")
        .tag("budget.window", "lifetime")
        .gauge()
        .value();
  }

  private static boolean ended(SimpleSpan span) {
    return span.getEndTimestamp() != null && span.getEndTimestamp().toEpochMilli() > 0;
  }

  private List<SimpleSpan> spans(String name) {
    List<SimpleSpan> found = new ArrayList<>();
    for (SimpleSpan span : tracer.getSpans()) {
      if (span.getName().equals(name)) {
        found.add(span);
      }
    }
    return found;
  }

  private SimpleSpan only(String name) {
    List<SimpleSpan> found = spans(name);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private List<SimpleSpan> childrenOf(SimpleSpan parent) {
    List<SimpleSpan> children = new ArrayList<>();
    for (SimpleSpan span : tracer.getSpans()) {
      if (parent.getSpanId().equals(span.getParentId())) {
        children.add(span);
      }
    }
    return children;
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
}
