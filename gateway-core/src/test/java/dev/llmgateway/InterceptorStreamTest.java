package dev.llmgateway;

import static dev.llmgateway.ScriptedChunkStream.end;
import static dev.llmgateway.ScriptedChunkStream.text;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.Usage;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.testkit.FakeClock;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageRecord;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streams that {@code proceed()} gives a user interceptor and that do not reach the caller: the
 * interceptor throws, calls {@code proceed()} again, or answers with a stream of its own. Each is
 * ended exactly once: its own provider call cancelled, nothing left reserved in budgets, token
 * quotas charged with what it consumed, its cache flight released, and the call's one usage record
 * carrying what it cost.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterceptorStreamTest {
  /** $1 per million tokens, input and output: a charge of n tokens costs n * 1000 nano-dollars. */
  private static final Money ONE_PER_MILLION = Money.usd("1");

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final List<ScriptedChunkStream> sources = new CopyOnWriteArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);
  private final CollectingSink sink = new CollectingSink();
  private final RecordingQuotaStore quota = new RecordingQuotaStore();
  private final FakeClock clock = new FakeClock();

  private GatewayClient.Builder priced(Interceptor interceptor) {
    return builder(a)
        .clock(clock)
        .alias("fast", s -> s.target("a", "m1"))
        .prices(p -> p.model("scripted", "m1", ONE_PER_MILLION, ONE_PER_MILLION))
        .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd("1")))
        .quota(q -> q.scope(QuotaScope.global()).tokensPerMinute(1_000_000))
        .quotaStore(quota)
        .usage(u -> u.sink(sink))
        .interceptor(interceptor);
  }

  /** Scripts the next stream of m1: the items, remembered so the test can see it closed. */
  private void nextStream(Object... items) {
    a.thenStream(
        "m1",
        (r, c) -> {
          ScriptedChunkStream s = ScriptedChunkStream.of(items);
          sources.add(s);
          return s;
        });
  }

  private static BudgetStatus global(GatewayClient gateway) {
    return gateway.budgets().status(BudgetScope.global()).get(0);
  }

  /** The tokens a charge of this amount was computed from, at $1 per million tokens. */
  private static long tokens(Money charged) {
    return charged.nanos() / 1_000;
  }

  private static ChatStream streamOf(GatewayResponse response) {
    return ((GatewayResponse.Stream) response).stream();
  }

  @ParameterizedTest(name = "read first: {0}")
  @ValueSource(booleans = {false, true})
  void aStreamIsEndedWhenTheInterceptorThatGotItThrows(boolean readFirst) {
    nextStream(text("one "), text("two "), never);
    Interceptor guardrail =
        chain -> {
          ChatStream got = streamOf(chain.proceed(chain.request()));
          if (readFirst) {
            Iterator<ChatChunk> chunks = got.iterator();
            chunks.next();
            chunks.next();
          }
          throw new IllegalStateException("guardrail refused the answer");
        };
    Money spent;
    try (GatewayClient gateway = priced(guardrail).build()) {
      assertThatThrownBy(() -> gateway.stream(request("fast")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("guardrail refused the answer");

      // Ended before the call failed: its own provider call cancelled, nothing left reserved.
      assertThat(sources.get(0).closed).isTrue();
      assertThat(a.calls.get(0).call().cancellation().isCancelled()).isTrue();
      BudgetStatus budget = global(gateway);
      assertThat(budget.reserved()).isEqualTo(Money.ZERO);
      spent = budget.spent();
      assertThat(spent.isZero()).isFalse();
      assertThat(quota.total()).isEqualTo(tokens(spent));
    }
    assertThat(sink.records).hasSize(1);
    UsageRecord record = sink.records.get(0);
    assertThat(record.outcome()).isEqualTo(UsageOutcome.FAILURE);
    assertThat(record.errorType()).isEqualTo("IllegalStateException");
    assertThat(record.provider()).isEqualTo("a");
    assertThat(record.model()).isEqualTo("m1");
    assertThat(record.keyId()).isEqualTo(ProviderSpec.DEFAULT_KEY_ID);
    assertThat(record.cost()).isEqualTo(new Cost(spent, Cost.Status.ESTIMATED));
    assertThat(record.usage().totalTokens()).isEqualTo(tokens(spent));
  }

  @Test
  void aStreamDroppedForASecondProceedIsEndedAtOnceWithoutCancellingTheCall() {
    nextStream(text("first "), never);
    nextStream(text("second "), text("answer"), end(Usage.of(40, 12)));
    Interceptor retry =
        chain -> {
          streamOf(chain.proceed(chain.request())).iterator().next();
          return chain.proceed(chain.request());
        };
    Money firstCharge;
    Money spent;
    try (GatewayClient gateway = priced(retry).build()) {
      try (ChatStream stream = gateway.stream(request("fast"))) {
        // Ended as soon as the interceptor returned; only the second still holds a reservation.
        assertThat(sources.get(0).closed).isTrue();
        assertThat(a.calls.get(0).call().cancellation().isCancelled()).isTrue();
        assertThat(a.calls.get(1).call().cancellation().isCancelled()).isFalse();
        firstCharge = global(gateway).spent();
        assertThat(firstCharge.isZero()).isFalse();
        assertThat(quota.amount(0)).isEqualTo(tokens(firstCharge));

        StringBuilder text = new StringBuilder();
        stream.forEach(c -> text.append(c.text()));
        assertThat(text).hasToString("second answer");
        assertThat(stream.response().cost()).isEqualTo(Cost.reported(Money.ofNanos(52_000)));
      }
      BudgetStatus budget = global(gateway);
      assertThat(budget.reserved()).isEqualTo(Money.ZERO);
      spent = budget.spent();
      assertThat(spent).isEqualTo(firstCharge.plus(Money.ofNanos(52_000)));
      assertThat(quota.amount(1)).isEqualTo(52);
      assertThat(quota.total()).isEqualTo(tokens(spent));
    }
    assertThat(sink.records).hasSize(1);
    UsageRecord record = sink.records.get(0);
    assertThat(record.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(record.provider()).isEqualTo("a");
    assertThat(record.cost()).isEqualTo(new Cost(spent, Cost.Status.ESTIMATED));
    assertThat(record.usage().totalTokens()).isEqualTo(tokens(spent));
  }

  @Test
  void aStreamAnsweredAroundEndsWhenTheCallEnds() {
    nextStream(text("draft "), never);
    ChatResponse canned =
        ChatResponse.of(
            "canned",
            "guard",
            "policy",
            "I cannot help with that.",
            List.of(),
            FinishReason.CONTENT_FILTER,
            Usage.ZERO);
    Interceptor replace =
        chain -> {
          streamOf(chain.proceed(chain.request())).iterator().next();
          return new GatewayResponse.Stream(ChatStream.of(canned));
        };
    Money spent;
    try (GatewayClient gateway = priced(replace).build()) {
      try (ChatStream stream = gateway.stream(request("fast"))) {
        // The interceptor's own stream might read it: it is ended with the call, not before.
        assertThat(sources.get(0).closed).isFalse();
        assertThat(global(gateway).reserved().isZero()).isFalse();

        Iterator<ChatChunk> chunks = stream.iterator();
        assertThat(chunks.next().text()).isEqualTo("I cannot help with that.");
        assertThat(chunks.hasNext()).isFalse();

        assertThat(sources.get(0).closed).isTrue();
        assertThat(a.calls.get(0).call().cancellation().isCancelled()).isTrue();
        assertThat(global(gateway).reserved()).isEqualTo(Money.ZERO);
      }
      spent = global(gateway).spent();
      assertThat(spent.isZero()).isFalse();
      assertThat(quota.total()).isEqualTo(tokens(spent));
    }
    assertThat(sink.records).hasSize(1);
    UsageRecord record = sink.records.get(0);
    assertThat(record.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(record.cost()).isEqualTo(new Cost(spent, Cost.Status.ESTIMATED));
    assertThat(record.usage().totalTokens()).isEqualTo(tokens(spent));
  }

  @Test
  void aStreamInsideAWrapperThatForgetsToCloseItEndsWhenTheCallIsClosed() {
    nextStream(text("one "), text("two "), never);
    Interceptor sloppy =
        chain -> {
          ChatStream inner = streamOf(chain.proceed(chain.request()));
          return new GatewayResponse.Stream(
              new ChatStream() {
                @Override
                public Iterator<ChatChunk> iterator() {
                  return inner.iterator();
                }

                @Override
                public ChatResponse response() {
                  return inner.response();
                }

                @Override
                public void close() {
                  // Forgets the stream it wraps.
                }
              });
        };
    Money spent;
    try (GatewayClient gateway = priced(sloppy).build()) {
      try (ChatStream stream = gateway.stream(request("fast"))) {
        assertThat(stream.iterator().next().text()).isEqualTo("one ");
      }
      assertThat(sources.get(0).closed).isTrue();
      BudgetStatus budget = global(gateway);
      assertThat(budget.reserved()).isEqualTo(Money.ZERO);
      spent = budget.spent();
      assertThat(spent.isZero()).isFalse();
      assertThat(quota.total()).isEqualTo(tokens(spent));
    }
    assertThat(sink.records).hasSize(1);
    UsageRecord record = sink.records.get(0);
    assertThat(record.outcome()).isEqualTo(UsageOutcome.CANCELLED);
    assertThat(record.provider()).isEqualTo("a");
    assertThat(record.model()).isEqualTo("m1");
    assertThat(record.cost()).isEqualTo(new Cost(spent, Cost.Status.ESTIMATED));
  }

  @Test
  void aWrappedStreamReadToItsEndIsChargedOnce() {
    nextStream(text("whole "), text("answer"), end(Usage.of(30, 7)));
    Interceptor logging =
        chain -> {
          ChatStream inner = streamOf(chain.proceed(chain.request()));
          return new GatewayResponse.Stream(
              new ChatStream() {
                @Override
                public Iterator<ChatChunk> iterator() {
                  return inner.iterator();
                }

                @Override
                public ChatResponse response() {
                  return inner.response();
                }

                @Override
                public void close() {
                  inner.close();
                }
              });
        };
    try (GatewayClient gateway = priced(logging).build()) {
      try (ChatStream stream = gateway.stream(request("fast"))) {
        stream.forEach(c -> assertThat(c).isNotNull());
        assertThat(stream.response().cost()).isEqualTo(Cost.reported(Money.ofNanos(37_000)));
      }
      assertThat(global(gateway).reserved()).isEqualTo(Money.ZERO);
      assertThat(global(gateway).spent()).isEqualTo(Money.ofNanos(37_000));
      assertThat(quota.total()).isEqualTo(37);
    }
    assertThat(sink.records).hasSize(1);
    assertThat(sink.records.get(0).outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(sink.records.get(0).cost()).isEqualTo(Cost.reported(Money.ofNanos(37_000)));
    assertThat(sink.records.get(0).usage()).isEqualTo(Usage.of(30, 7));
  }

  @Test
  void aDroppedLeaderStreamReleasesItsCacheFlight() {
    nextStream(text("dropped "), never);
    AtomicBoolean first = new AtomicBoolean(true);
    Interceptor once =
        chain -> {
          GatewayResponse r = chain.proceed(chain.request());
          if (first.getAndSet(false)) {
            throw new IllegalStateException("first answer refused");
          }
          return r;
        };
    // Real time: were the flight left open, the second call would wait for it until its
    // deadline and then fail with TIMEOUT.
    try (GatewayClient gateway =
        builder(a)
            .alias("cached", s -> s.target("a", "m1").cacheTtl(Duration.ofMinutes(10)))
            .cache(c -> {})
            .defaultTimeout(Duration.ofSeconds(5))
            .interceptor(once)
            .build()) {
      assertThatThrownBy(() -> gateway.stream(request("cached")))
          .hasMessage("first answer refused");
      assertThat(sources.get(0).closed).isTrue();

      try (ChatStream second = gateway.stream(request("cached"))) {
        StringBuilder text = new StringBuilder();
        second.forEach(c -> text.append(c.text()));
        assertThat(text).hasToString("ok from a");
        assertThat(second.response().route().cacheHit()).isFalse();
      }
      assertThat(a.calls).hasSize(2);
    }
  }

  @Test
  void aChatAnInterceptorGotBeforeThrowingIsInTheFailureRecord() {
    Interceptor guardrail =
        chain -> {
          chain.proceed(chain.request());
          throw new IllegalStateException("guardrail refused the answer");
        };
    Money spent;
    try (GatewayClient gateway = priced(guardrail).build()) {
      assertThatThrownBy(() -> gateway.chat(request("fast")))
          .hasMessage("guardrail refused the answer");
      spent = global(gateway).spent();
      // The scripted answer reports 10 + 5 tokens.
      assertThat(spent).isEqualTo(Money.ofNanos(15_000));
      assertThat(quota.total()).isEqualTo(15);
    }
    assertThat(sink.records).hasSize(1);
    UsageRecord record = sink.records.get(0);
    assertThat(record.outcome()).isEqualTo(UsageOutcome.FAILURE);
    assertThat(record.provider()).isEqualTo("a");
    assertThat(record.model()).isEqualTo("m1");
    assertThat(record.usage()).isEqualTo(Usage.of(10, 5));
    assertThat(record.cost()).isEqualTo(Cost.reported(Money.ofNanos(15_000)));
  }

  @Test
  void proceedAfterTheInterceptorReturnedEndsTheStreamAndFails() {
    nextStream(text("late "), never);
    AtomicBoolean stashedOnce = new AtomicBoolean();
    AtomicReference<Interceptor.Chain> stash = new AtomicReference<>();
    Interceptor stashing =
        chain -> {
          if (stashedOnce.compareAndSet(false, true)) {
            stash.set(chain);
          }
          return new GatewayResponse.Stream(
              ChatStream.of(
                  ChatResponse.of(
                      "c", "guard", "policy", "canned", List.of(), FinishReason.STOP, Usage.ZERO)));
        };
    try (GatewayClient gateway = priced(stashing).build()) {
      try (ChatStream s = gateway.stream(request("fast"))) {
        s.forEach(c -> assertThat(c.text()).isEqualTo("canned"));
      }
      Interceptor.Chain late = stash.get();
      assertThatThrownBy(() -> late.proceed(late.request()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("after the interceptor holding the chain returned");
      assertThat(sources.get(0).closed).isTrue();
      assertThat(global(gateway).reserved()).isEqualTo(Money.ZERO);
      assertThat(quota.total()).isEqualTo(tokens(global(gateway).spent()));
    }
  }
}
