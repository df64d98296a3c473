package dev.llmgateway.internal.pipeline;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.attempt.AttemptLoop;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.internal.stream.OpenedStream;
import dev.llmgateway.internal.stream.RealChatStream;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.Usage;
import dev.llmgateway.pricing.ModelPrice;
import dev.llmgateway.pricing.TokenEstimator;
import dev.llmgateway.spi.ProviderCall;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Stages 6 and 7: runs the {@link AttemptLoop} over the call's plan with the provider operation of
 * the call's kind, reserving budget per attempt, and turns the winning attempt into the caller's
 * answer with its {@link Route} and {@link Cost}; the winning reservation is settled with that
 * cost. For a streamed call the answer is a {@link RealChatStream} that committed to the target
 * whose first content chunk arrived; it settles when the stream ends, breaks or is closed. Each
 * settled answer adds its {@link Charge} to the call's {@link CallState#charges()}.
 *
 * <p>Per attempt, before the provider is called: the worst case (the prompt estimate plus {@code
 * maxTokens}, or the model's maximum output, at the target's price) is reserved in every budget
 * that applies; a failed or cancelled attempt releases it. The prompt is estimated with the {@link
 * dev.llmgateway.pricing.TokenEstimator} only when a budget applies and the price is known, or when
 * an answer without reported usage is costed, and at most once per call and tokenizer (shared with
 * quotas and routing through {@link CallState#estimates()}). A budget refusal ends the call with
 * {@link dev.llmgateway.error.BudgetExceededException} (no fallback: a later target would be
 * charged to the same budgets).
 */
public final class AttemptStage implements Interceptor {
  private final AttemptLoop loop;
  private final Spend spend;
  private final GatewayEventListener events;

  public AttemptStage(AttemptLoop loop, Spend spend, GatewayEventListener events) {
    this.loop = loop;
    this.spend = spend;
    this.events = events;
  }

  /** A provider's value with the attempt's reservation, price and input estimate. */
  public record Reserved<R>(
      R value, Reservation reservation, @Nullable ModelPrice price, LongSupplier input) {
    /** The attempt's estimated input tokens, computed on first use, once per call. */
    public long inputTokens() {
      return input.getAsLong();
    }
  }

  /** One provider operation, given the request as applied to the target. */
  @FunctionalInterface
  private interface Op<R> {
    public R call(
        dev.llmgateway.spi.Provider provider, Plan.PlannedTarget target, ProviderCall call);
  }

  private <R> AttemptLoop.Action<Reserved<R>> reserving(
      CallState state, GatewayRequest request, Op<R> op) {
    return (provider, target, call) -> {
      String type = target.provider().type();
      String model = target.ref().model();
      ModelPrice price = spend.price(type, target.ref());
      TokenEstimator tokens = spend.estimator();
      LongSupplier estimate;
      Integer maxTokens;
      if (request instanceof GatewayRequest.Chat chat) {
        ChatRequest applied = target.config().apply(chat.request());
        estimate = () -> tokens.estimateChat(type, model, applied);
        maxTokens = applied.maxTokens();
      } else {
        EmbeddingRequest r = ((GatewayRequest.Embed) request).request();
        estimate = () -> tokens.estimateEmbedding(type, model, r);
        maxTokens = 0;
      }
      // Computed on first use, once per call and tokenizer (shared with quotas and routing).
      LongSupplier input =
          () -> state.estimates().get(request, tokens.tokenizerId(type, model), estimate);
      Reservation reservation =
          spend.reserve(request.context(), target.ref(), price, input, maxTokens);
      R value;
      try {
        value = op.call(provider, target, call);
      } catch (Throwable e) {
        // Whatever was thrown (an Error too), the reservation ends here, then it passes on.
        reservation.release();
        throw e;
      }
      Reserved<R> reserved = new Reserved<>(value, reservation, price, input);
      contentFilterVerdict(state, target, call, reserved);
      return reserved;
    };
  }

  /**
   * Treats a content-filter verdict that arrived as an answer (a refusal, or a finish reason of
   * {@code CONTENT_FILTER}) like a {@code CONTENT_FILTERED} failure when the alias falls back on
   * that kind ({@code fallbackOn(ErrorKind.CONTENT_FILTERED, true)}) and a later target is left in
   * the plan: the answer's cost is settled (the provider bills a refusal), a stream is closed, and
   * a {@link ProviderException} of kind {@code CONTENT_FILTERED} lets the attempt loop fall back.
   * Otherwise (the default, or the plan's last target) the verdict is the caller's answer. A stream
   * falls back only when the verdict came before any content (its first content chunk is a refusal,
   * or it ended filtered without content), as every stream does.
   */
  private void contentFilterVerdict(
      CallState state, Plan.PlannedTarget target, ProviderCall call, Reserved<?> reserved) {
    Plan plan = state.plan();
    if (!plan.fallbackKinds().contains(ErrorKind.CONTENT_FILTERED)) {
      return;
    }
    int index = plan.targets().indexOf(target);
    if (index < 0 || index == plan.targets().size() - 1) {
      return;
    }
    String type = target.provider().type();
    String model = target.ref().model();
    String refusal;
    Usage charged;
    Cost cost;
    if (reserved.value() instanceof ChatResponse response) {
      if (response.finishReason() != FinishReason.CONTENT_FILTER) {
        return;
      }
      refusal = response.refusal();
      charged = chargedUsage(target, reserved, response);
      cost = Spend.cost(reserved.price(), charged, !response.usage().isReported());
    } else if (reserved.value() instanceof OpenedStream stream) {
      String said = null;
      boolean filtered = false;
      for (ChatChunk chunk : stream.held()) {
        if (chunk.refusal() != null) {
          said = said == null ? chunk.refusal() : said + chunk.refusal();
        }
        filtered |= chunk.finishReason() == FinishReason.CONTENT_FILTER;
      }
      boolean refusedFirst = said != null && !said.isEmpty();
      if (!refusedFirst && !(stream.ended() && (filtered || said != null))) {
        return;
      }
      stream.source().close();
      refusal = said;
      long out = said == null ? 0 : spend.estimator().estimateText(type, model, said);
      charged = Usage.of(reserved.inputTokens(), out);
      cost = Spend.cost(reserved.price(), charged, true);
    } else {
      return;
    }
    Spend.settle(reserved.reservation(), cost.amount(), events);
    // Billed but not handed on: the call's usage record adds it to the answer's cost.
    state.charged(new Charge(target.ref(), call.key().id(), 1, charged, cost, false));
    String what =
        refusal == null
            ? "filtered the answer (finish reason CONTENT_FILTER)"
            : refusal.isEmpty() ? "refused to answer" : "refused: " + shorten(refusal);
    throw ProviderException.builder(ErrorKind.CONTENT_FILTERED, target.ref().provider())
        .model(model)
        .providerCode(refusal == null ? "content_filter" : "refusal")
        .message(
            "Provider '"
                + target.ref().provider()
                + "' (model '"
                + model
                + "') "
                + what
                + "; the alias falls back on CONTENT_FILTERED")
        .build();
  }

  private static String shorten(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }

  @Override
  public GatewayResponse intercept(Chain chain) {
    CallState state = RealInterceptorChain.stateOf(chain);
    Plan plan = state.plan();
    GatewayRequest request = chain.request();
    if (request instanceof GatewayRequest.Chat chat) {
      ChatRequest r = chat.request();
      if (chat.streaming()) {
        AttemptLoop.Success<Reserved<OpenedStream>> s =
            loop.run(
                state,
                plan,
                reserving(
                    state,
                    request,
                    (provider, target, call) ->
                        OpenedStream.open(provider, target.config().apply(r), call)));
        Duration firstChunk = state.elapsed();
        state.timeToFirstToken(firstChunk);
        if (!s.value().value().ended()) {
          state.events().streamFirstChunk(state.info(), s.target().ref(), firstChunk);
        }
        return new GatewayResponse.Stream(
            new RealChatStream(state, plan.alias(), s, spend, events));
      }
      AttemptLoop.Success<Reserved<ChatResponse>> s =
          loop.run(
              state,
              plan,
              reserving(
                  state,
                  request,
                  (provider, target, call) -> provider.chat(target.config().apply(r), call)),
              this::discard);
      Reserved<ChatResponse> reserved = s.value();
      ChatResponse response = reserved.value();
      String providerName = s.target().ref().provider();
      if (!response.provider().equals(providerName)) {
        response = response.withProvider(providerName);
      }
      boolean estimated = !response.usage().isReported();
      Usage charged = chargedUsage(s.target(), reserved, response);
      Cost cost = Spend.cost(reserved.price(), charged, estimated);
      Spend.settle(reserved.reservation(), cost.amount(), events);
      state.charged(new Charge(s.target().ref(), s.keyId(), s.all().size(), charged, cost, true));
      Route route =
          new Route(plan.alias(), s.target().ref(), s.keyId(), s.all(), false, state.elapsed());
      return new GatewayResponse.Chat(response.withRoute(route, cost));
    }
    EmbeddingRequest r = ((GatewayRequest.Embed) request).request();
    AttemptLoop.Success<Reserved<EmbeddingResponse>> s =
        loop.run(
            state,
            plan,
            reserving(
                state,
                request,
                (provider, target, call) ->
                    provider.embed(r.withModel(target.ref().model()), call)));
    Reserved<EmbeddingResponse> reserved = s.value();
    Usage usage = reserved.value().usage();
    boolean estimated = !usage.isReported(Usage.Count.INPUT);
    Usage charged = estimated ? Usage.of(reserved.inputTokens(), 0) : usage;
    Cost cost = Spend.cost(reserved.price(), charged, estimated);
    Spend.settle(reserved.reservation(), cost.amount(), events);
    state.charged(new Charge(s.target().ref(), s.keyId(), s.all().size(), charged, cost, true));
    Route route =
        new Route(plan.alias(), s.target().ref(), s.keyId(), s.all(), false, state.elapsed());
    return new GatewayResponse.Embed(reserved.value().withRoute(route, cost));
  }

  /** Ends the reservation of a hedged answer that lost: it was paid for, so it is settled. */
  private void discard(Reserved<ChatResponse> lost) {
    Usage usage = lost.value().usage();
    Spend.settle(
        lost.reservation(),
        Spend.cost(
                lost.price(), usage.isReported() ? usage : Usage.of(lost.inputTokens(), 0), false)
            .amount(),
        events);
  }

  /**
   * The token counts a chat answer is charged for: the reported ones, and where the provider did
   * not report its input or output count, the estimate (the prompt's estimate; the answer's text
   * and refusal).
   */
  private Usage chargedUsage(
      Plan.PlannedTarget target, Reserved<?> reserved, ChatResponse response) {
    Usage usage = response.usage();
    if (usage.isReported()) {
      return usage;
    }
    long in = usage.isReported(Usage.Count.INPUT) ? usage.inputTokens() : reserved.inputTokens();
    long out = usage.outputTokens();
    if (!usage.isReported(Usage.Count.OUTPUT)) {
      String produced =
          response.refusal() == null ? response.text() : response.text() + response.refusal();
      out =
          spend.estimator().estimateText(target.provider().type(), target.ref().model(), produced);
    }
    return Usage.of(in, out);
  }
}
