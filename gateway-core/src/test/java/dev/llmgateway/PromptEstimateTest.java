package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.QuotaExceededException;
import dev.llmgateway.internal.spend.PromptBound;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.pricing.TokenEstimator;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The prompt estimate is computed only when a budget, quota, context window or routing condition
 * needs it, at most once per call and tokenizer, and with the provider's type, never its name.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PromptEstimateTest {
  private static final Money ONE_PER_MILLION = Money.usd("1");

  /** Records every estimate as {@code type|model}; characters / 4 like the quarter estimator. */
  static final class RecordingEstimator implements TokenEstimator {
    final List<String> chats = new CopyOnWriteArrayList<>();
    final List<String> embeddings = new CopyOnWriteArrayList<>();
    final List<String> texts = new CopyOnWriteArrayList<>();
    private final boolean oneTokenizer;

    /**
     * @param oneTokenizer whether every model shares one tokenizer id (else the default: one per
     *     provider type and model)
     */
    RecordingEstimator(boolean oneTokenizer) {
      this.oneTokenizer = oneTokenizer;
    }

    @Override
    public long estimateChat(String type, String model, ChatRequest request) {
      chats.add(type + "|" + model);
      return QuarterTokenEstimator.INSTANCE.estimateChat(type, model, request);
    }

    @Override
    public long estimateEmbedding(String type, String model, EmbeddingRequest request) {
      embeddings.add(type + "|" + model);
      return QuarterTokenEstimator.INSTANCE.estimateEmbedding(type, model, request);
    }

    @Override
    public long estimateText(String type, String model, String text) {
      texts.add(type + "|" + model);
      return QuarterTokenEstimator.INSTANCE.estimateText(type, model, text);
    }

    @Override
    public String tokenizerId(String type, String model) {
      return oneTokenizer ? "words" : TokenEstimator.super.tokenizerId(type, model);
    }
  }

  private final ScriptedProvider a = new ScriptedProvider("a");

  private static ChatRequest ask(String model) {
    return ChatRequest.builder()
        .model(model)
        .user("how many tokens is this?")
        .maxTokens(50)
        .context(RequestContext.tenant("acme"))
        .build();
  }

  @Test
  void nothingIsEstimatedWhenNoBudgetQuotaOrContextWindowNeedsIt() {
    RecordingEstimator estimator = new RecordingEstimator(false);
    a.then("m1", fail(ErrorKind.UNAVAILABLE)); // a retry needs no estimate either
    try (GatewayClient gateway =
        builder(a)
            .tokenEstimator(estimator)
            .alias("fast", x -> x.target("a", "m1").fallback("a/m2"))
            .build()) {
      assertThat(gateway.chat(ask("fast")).text()).isEqualTo("ok from a/m1");
      gateway.chat(ask("a/m2"));
      try (ChatStream stream = gateway.stream(ask("fast"))) {
        stream.forEach(chunk -> {});
      }
      gateway.embed(EmbeddingRequest.of("a/e1", List.of("one", "two")));
      gateway.explain(ask("fast"));
    }
    assertThat(a.calls).hasSize(5);
    assertThat(estimator.chats).isEmpty();
    assertThat(estimator.embeddings).isEmpty();
    assertThat(estimator.texts).isEmpty();
  }

  @Test
  void oneEstimatePerCallIsSharedByQuotaRoutingAndEveryAttempt() {
    RecordingEstimator estimator = new RecordingEstimator(true);
    // m1 fails twice (a retry, then a fallback to m2): three attempts, three reservations.
    a.then("m1", fail(ErrorKind.UNAVAILABLE), fail(ErrorKind.NOT_FOUND));
    try (GatewayClient gateway =
        builder(a)
            .tokenEstimator(estimator)
            .prices(
                p ->
                    p.model("scripted", "m1", ONE_PER_MILLION, ONE_PER_MILLION)
                        .model("scripted", "m2", ONE_PER_MILLION, ONE_PER_MILLION))
            .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd("100")))
            .quota(q -> q.scope(QuotaScope.tenant("acme")).tokensPerMinute(1_000_000))
            .alias("fast", x -> x.target("a", "m1", t -> t.contextWindow(100_000)).fallback("a/m2"))
            .build()) {
      assertThat(gateway.chat(ask("fast")).text()).isEqualTo("ok from a/m2");
    }
    assertThat(a.calls).hasSize(3);
    // Computed once, by the quota, before a target is known; routing's context window check and
    // the three reservations reuse it.
    assertThat(estimator.chats).containsExactly("|fast");
  }

  @Test
  void eachTokenizerIsEstimatedOncePerCallAcrossRetriesAndFallbacks() {
    RecordingEstimator estimator = new RecordingEstimator(false);
    a.then("m1", fail(ErrorKind.UNAVAILABLE), fail(ErrorKind.NOT_FOUND));
    try (GatewayClient gateway =
        builder(a)
            .tokenEstimator(estimator)
            .prices(
                p ->
                    p.model("scripted", "m1", ONE_PER_MILLION, ONE_PER_MILLION)
                        .model("scripted", "m2", ONE_PER_MILLION, ONE_PER_MILLION))
            .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd("100")))
            .alias("fast", x -> x.target("a", "m1").fallback("a/m2"))
            .build()) {
      gateway.chat(ask("fast"));
    }
    // Only the budget needs it: no estimate before routing, one per target model.
    assertThat(estimator.chats).containsExactly("scripted|m1", "scripted|m2");
  }

  @Test
  void aProviderNamedUnlikeItsTypeIsEstimatedWithItsTypeForRoutingAndBudgets() {
    // Provider "a" has type "scripted".
    RecordingEstimator estimator = new RecordingEstimator(false);
    try (GatewayClient gateway =
        builder(a)
            .tokenEstimator(estimator)
            .prices(p -> p.model("scripted", "m1", ONE_PER_MILLION, ONE_PER_MILLION))
            .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd("100")))
            .quota(q -> q.scope(QuotaScope.tenant("acme")).tokensPerMinute(1_000_000))
            .modelRule("m*", "a")
            .build()) {
      gateway.chat(ask("a/m1")); // provider/model
      gateway.chat(ask("m1")); // a model rule's provider
    }
    // One estimate per call, with the type: the quota's before routing is the budget's too.
    assertThat(estimator.chats).containsExactly("scripted|m1", "scripted|m1");
  }

  @Test
  void quotaAndBudgetAgreeOnTheDefaultEstimateForAProviderNamedUnlikeItsType() {
    ScriptedProvider prod = new ScriptedProvider("prod");
    ChatRequest request =
        ChatRequest.builder()
            .model("prod/my-model")
            .user("Count the tokens of this sentence, please: 1, 2, 3, 4, 5.")
            .maxTokens(100)
            .context(RequestContext.tenant("acme"))
            .build();
    long expected = TokenEstimator.defaults().estimateChat("openai", "my-model", request);
    // Estimated with the name as if it were a type, the prompt would count differently.
    assertThat(TokenEstimator.defaults().estimateChat("prod", "my-model", request))
        .isNotEqualTo(expected);

    QuotaExceededException quota =
        catchThrowableOfType(
            QuotaExceededException.class,
            () -> {
              try (GatewayClient gateway =
                  openAiTyped(prod)
                      .quota(q -> q.scope(QuotaScope.tenant("acme")).tokensPerMinute(1))
                      .build()) {
                gateway.chat(request);
              }
            });
    assertThat(quota.getMessage()).contains("this call needs " + (expected + 100));

    BudgetExceededException budget =
        catchThrowableOfType(
            BudgetExceededException.class,
            () -> {
              try (GatewayClient gateway =
                  openAiTyped(prod)
                      .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd("0.000001")))
                      .build()) {
                gateway.chat(request);
              }
            });
    assertThat(budget.getMessage())
        .contains(String.format(Locale.ROOT, " %,d estimated input tokens", expected));
  }

  @Test
  void aShortPromptReservesItsUtf8BoundAndIsChargedItsReportedUsage() {
    ScriptedProvider prod = new ScriptedProvider("prod");
    ChatRequest request =
        ChatRequest.builder()
            .model("prod/my-model")
            .system("Answer in one sentence.")
            .user("Qu'est-ce qu'un disjoncteur ? 漢字")
            .maxTokens(100)
            .build();
    long bound = PromptBound.chat(request);
    long exact = TokenEstimator.defaults().estimateChat("openai", "my-model", request);
    assertThat(bound).isGreaterThan(exact);
    List<Money> reserved = new CopyOnWriteArrayList<>();
    GatewayEventListener listener =
        new GatewayEventListener() {
          @Override
          public void budgetReserved(CallInfo call, TargetRef target, Money amount) {
            reserved.add(amount);
          }
        };
    try (GatewayClient gateway =
        openAiTyped(prod)
            .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd("1")))
            .eventListener(listener)
            .build()) {
      ChatResponse answer = gateway.chat(request);
      // $1 per million tokens in and out: the worst case held is bound + maxTokens.
      assertThat(reserved).containsExactly(Money.ofNanos((bound + 100) * 1_000));
      assertThat(answer.cost().status()).isEqualTo(Cost.Status.REPORTED);
      assertThat(gateway.budgets().status(BudgetScope.global()).get(0).reserved())
          .isEqualTo(Money.ZERO);
    }
  }

  /**
   * A client with provider {@code prod} of type {@code openai}, answered by a scripted provider.
   */
  private static GatewayClient.Builder openAiTyped(ScriptedProvider prod) {
    ProviderFactory factory =
        new ProviderFactory() {
          @Override
          public String type() {
            return "openai";
          }

          @Override
          public Provider create(ProviderSettings settings) {
            return prod;
          }
        };
    return GatewayClient.builder()
        .providerFactory(factory)
        .provider("prod", p -> p.type("openai").apiKey(Secret.of(TestSupport.FAKE_KEY)))
        .prices(p -> p.model("openai", "my-model", ONE_PER_MILLION, ONE_PER_MILLION));
  }
}
