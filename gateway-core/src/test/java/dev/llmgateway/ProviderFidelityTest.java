package dev.llmgateway;

import static dev.llmgateway.ScriptedChunkStream.failure;
import static dev.llmgateway.ScriptedChunkStream.role;
import static dev.llmgateway.ScriptedChunkStream.text;
import static dev.llmgateway.ScriptedProvider.answer;
import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.GatewayException;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.error.StreamInterruptedException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import dev.llmgateway.routing.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Provider behaviour the client must treat alike whatever the provider: refusals, the provider's
 * own retry verdict, and one way to read a provider failure from every exception shape.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProviderFidelityTest {
  private static final TargetRef A = new TargetRef("a", "m1");
  private static final TargetRef B = new TargetRef("b", "m2");
  private static final String REFUSAL = "I'm sorry, I can't help with that.";

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");

  private GatewayClient.Builder twoTargets(Consumer<AliasSpec> more) {
    return builder(a, b)
        .alias(
            "fast",
            s -> {
              s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered());
              more.accept(s);
            });
  }

  private static ScriptedProvider.Step refuses(Usage usage) {
    return (p, r, c) ->
        ChatResponse.of("resp-r", p.name, r.model(), "", List.of(), FinishReason.STOP, usage)
            .withRefusal(REFUSAL);
  }

  private static ChatChunk refusalChunk(String delta) {
    return new ChatChunk(null, null, "", List.of(), null, null, delta);
  }

  private static ChatChunk refusedEnd() {
    return new ChatChunk(null, null, "", List.of(), FinishReason.CONTENT_FILTER, Usage.of(8, 9));
  }

  // Refusals

  @Test
  void aRefusalIsTheAnswerByDefault() {
    a.always("m1", refuses(Usage.of(8, 9)));
    try (GatewayClient gateway = twoTargets(s -> {}).build()) {
      ChatResponse response = gateway.chat(request("fast"));

      assertThat(response.refused()).isTrue();
      assertThat(response.refusal()).isEqualTo(REFUSAL);
      assertThat(response.text()).isEmpty();
      assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
      assertThat(response.route().target()).isEqualTo(A);
      assertThat(response.route().attempts()).hasSize(1);
      assertThat(b.calls).isEmpty();
    }
  }

  @Test
  void aRefusalFallsBackWhenTheAliasFallsBackOnContentFilteredAndIsPaidFor() {
    a.always("m1", refuses(Usage.of(1_000, 2_000)));
    b.always("m2", answer("Here is how."));
    CollectingSink sink = new CollectingSink();
    try (GatewayClient gateway =
        twoTargets(s -> s.fallbackOn(ErrorKind.CONTENT_FILTERED, true))
            .prices(
                p ->
                    p.model("scripted", "m1", Money.usd("1"), Money.usd("1"))
                        .model("scripted", "m2", Money.usd("1"), Money.usd("1")))
            .budget(s -> s.scope(BudgetScope.global()).daily(Money.usd("10")))
            .usage(u -> u.sink(sink))
            .build()) {
      ChatResponse response = gateway.chat(request("fast"));

      assertThat(response.text()).isEqualTo("Here is how.");
      assertThat(response.refused()).isFalse();
      assertThat(response.route().attempts())
          .extracting(Attempt::target, Attempt::errorKind)
          .containsExactly(tuple(A, ErrorKind.CONTENT_FILTERED), tuple(B, null));
      assertThat(response.route().attempts().get(0).error()).contains(REFUSAL);
      // The refusal's 3,000 tokens were billed by the provider, then b's 15: $1 per million.
      assertThat(gateway.budgets().status(BudgetScope.global()).get(0).spent())
          .isEqualTo(Money.ofNanos(3_015_000));
      assertThat(gateway.budgets().status(BudgetScope.global()).get(0).reserved())
          .isEqualTo(Money.ZERO);
    }
    // The call's record carries what its budgets were charged, the refusal included.
    assertThat(sink.records).hasSize(1);
    assertThat(sink.records.get(0).cost().amount()).isEqualTo(Money.ofNanos(3_015_000));
  }

  @Test
  void theLastTargetsRefusalIsTheAnswer() {
    a.always("m1", refuses(Usage.of(8, 9)));
    b.always("m2", refuses(Usage.of(8, 9)));
    try (GatewayClient gateway =
        twoTargets(s -> s.fallbackOn(ErrorKind.CONTENT_FILTERED, true)).build()) {
      ChatResponse response = gateway.chat(request("fast"));

      assertThat(response.refusal()).isEqualTo(REFUSAL);
      assertThat(response.route().target()).isEqualTo(B);
      assertThat(response.route().attempts())
          .extracting(Attempt::target, Attempt::errorKind)
          .containsExactly(tuple(A, ErrorKind.CONTENT_FILTERED), tuple(B, null));
    }
  }

  @Test
  void aStreamedRefusalReachesTheCallerAsRefusalChunksByDefault() {
    a.thenStream(
        "m1",
        (r, c) ->
            ScriptedChunkStream.of(
                role(), refusalChunk("I'm sorry, "), refusalChunk("no."), refusedEnd()));
    try (GatewayClient gateway = twoTargets(s -> {}).build();
        ChatStream stream = gateway.stream(request("fast"))) {
      List<String> refusals = new ArrayList<>();
      StringBuilder shown = new StringBuilder();
      stream.forEach(
          chunk -> {
            shown.append(chunk.text());
            if (chunk.refusal() != null) {
              refusals.add(chunk.refusal());
            }
          });

      assertThat(shown.toString()).isEmpty();
      assertThat(refusals).containsExactly("I'm sorry, ", "no.");
      assertThat(stream.response().refusal()).isEqualTo("I'm sorry, no.");
      assertThat(stream.response().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
      assertThat(b.calls).isEmpty();
    }
  }

  @Test
  void aStreamThatRefusesBeforeAnyContentFallsBackWhenTheAliasSaysSo() {
    ScriptedChunkStream refused =
        ScriptedChunkStream.of(role(), refusalChunk("I'm sorry."), refusedEnd());
    a.thenStream("m1", (r, c) -> refused);
    b.thenStream(
        "m2",
        (r, c) -> ScriptedChunkStream.of(text("Sure"), ScriptedChunkStream.end(Usage.of(3, 1))));
    try (GatewayClient gateway =
            twoTargets(s -> s.fallbackOn(ErrorKind.CONTENT_FILTERED, true)).build();
        ChatStream stream = gateway.stream(request("fast"))) {
      StringBuilder shown = new StringBuilder();
      stream.forEach(chunk -> shown.append(chunk.text()));

      assertThat(shown.toString()).isEqualTo("Sure");
      assertThat(stream.response().refused()).isFalse();
      assertThat(stream.response().route().attempts())
          .extracting(Attempt::target, Attempt::errorKind)
          .containsExactly(tuple(A, ErrorKind.CONTENT_FILTERED), tuple(B, null));
      assertThat(refused.closed).isTrue();
    }
  }

  // The provider's retry verdict

  @Test
  void aFailureTheProviderSaysNotToRetryFallsBackWithoutARetry() {
    a.always(
        "m1",
        (p, r, c) -> {
          throw ProviderException.builder(ErrorKind.UNAVAILABLE, "a")
              .model("m1")
              .httpStatus(503)
              .retryable(false)
              .message("Provider 'a' answered HTTP 503 (x-should-retry: false)")
              .build();
        });
    try (GatewayClient gateway = twoTargets(s -> {}).build()) {
      ChatResponse response = gateway.chat(request("fast"));

      // The same kind without the verdict is retried once before falling back (FailoverTest).
      assertThat(response.route().attempts())
          .extracting(Attempt::target, Attempt::errorKind)
          .containsExactly(tuple(A, ErrorKind.UNAVAILABLE), tuple(B, null));
    }
  }

  @Test
  void aFailureTheProviderSaysToRetryIsRetriedEvenIfItsKindIsNot() {
    a.then(
        "m1",
        (p, r, c) -> {
          throw ProviderException.builder(ErrorKind.INVALID_REQUEST, "a")
              .httpStatus(409)
              .retryable(true)
              .message("Provider 'a' answered HTTP 409 (x-should-retry: true)")
              .build();
        });
    try (GatewayClient gateway = twoTargets(s -> {}).build()) {
      ChatResponse response = gateway.chat(request("fast"));

      assertThat(response.route().attempts())
          .extracting(Attempt::target, Attempt::errorKind)
          .containsExactly(tuple(A, ErrorKind.INVALID_REQUEST), tuple(A, null));
    }
  }

  // One provider failure, three shapes

  @Test
  void aFailureThatDoesNotFallBackGivesItsKindAndMessage() {
    a.always("m1", fail(ErrorKind.INVALID_REQUEST));
    try (GatewayClient gateway = twoTargets(s -> {}).build()) {
      GatewayException e =
          catchThrowableOfType(GatewayException.class, () -> gateway.chat(request("fast")));

      assertThat(e).isInstanceOf(ProviderException.class);
      assertThat(e.errorKind()).contains(ErrorKind.INVALID_REQUEST);
      assertThat(e.providerMessage()).contains("scripted INVALID_REQUEST");
    }
  }

  @Test
  void everyTargetFailingGivesTheLastKindAndMessageAndListsEveryReason() {
    a.always("m1", fail(ErrorKind.NOT_FOUND));
    b.always("m2", fail(ErrorKind.PERMISSION));
    try (GatewayClient gateway = twoTargets(s -> {}).build()) {
      GatewayException e =
          catchThrowableOfType(GatewayException.class, () -> gateway.chat(request("fast")));

      assertThat(e).isInstanceOf(AllTargetsFailedException.class);
      assertThat(e.errorKind()).contains(ErrorKind.PERMISSION);
      assertThat(e.providerMessage()).contains("scripted PERMISSION");
      assertThat(e.getMessage())
          .isEqualTo(
              "All 2 attempt(s) for 'fast' failed:"
                  + " [a/m1#default: NOT_FOUND: scripted NOT_FOUND]"
                  + " [b/m2#default: PERMISSION: scripted PERMISSION]");
    }
  }

  @Test
  void aStreamCutAfterItsFirstChunkGivesTheCausesKindAndMessage() {
    a.thenStream("m1", (r, c) -> ScriptedChunkStream.of(text("Hel"), failure(ErrorKind.NETWORK)));
    try (GatewayClient gateway = twoTargets(s -> {}).build();
        ChatStream stream = gateway.stream(request("fast"))) {
      GatewayException e =
          catchThrowableOfType(GatewayException.class, () -> stream.forEach(chunk -> {}));

      assertThat(e).isInstanceOf(StreamInterruptedException.class);
      assertThat(e.errorKind()).contains(ErrorKind.NETWORK);
      assertThat(e.providerMessage()).contains("scripted stream NETWORK");
      assertThat(e.providerFailure()).containsSame((ProviderException) e.getCause());
    }
  }
}
