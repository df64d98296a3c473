package dev.llmgateway.internal;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
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
final class AttemptStage implements Interceptor {
  private final AttemptLoop loop;
  private final Spend spend;
  private final GatewayEventListener events;

  AttemptStage(AttemptLoop loop, Spend spend, GatewayEventListener events) {
    this.loop = loop;
    this.spend = spend;
    this.events = events;
  }

  /** A provider's value with the attempt's reservation, price and input estimate. */
  record Reserved<R>(
      R value, Reservation reservation, @Nullable ModelPrice price, LongSupplier input) {
    /** The attempt's estimated input tokens, computed on first use, once per call. */
    long inputTokens() {
      return input.getAsLong();
    }
  }

  /** One provider operation, given the request as applied to the target. */
  @FunctionalInterface
  private interface Op<R> {
    R call(dev.llmgateway.spi.Provider provider, Plan.PlannedTarget target, ProviderCall call);
  }

  private <R> AttemptLoop.Action<Reserved<R>> reserving(
      CallState state, GatewayRequest request, Op<R> op) {
    return (provider, target, call) -> {
      String type = target.provider().type();
      String model = target.ref().model();
      ModelPrice price = spend.price(type, target.ref());
      TokenEstimator tokens = spend.estimator();
      LongSupplier input;
      Integer maxTokens;
      if (request instanceof GatewayRequest.Chat chat) {
        ChatRequest applied = target.config().apply(chat.request());
        input =
            () ->
                state
                    .estimates()
                    .get(
                        request,
                        tokens.tokenizerId(type, model),
                        () -> tokens.estimateChat(type, model, applied));
        maxTokens = applied.maxTokens();
      } else {
        EmbeddingRequest r = ((GatewayRequest.Embed) request).request();
        input =
            () ->
                state
                    .estimates()
                    .get(
                        request,
                        tokens.tokenizerId(type, model),
                        () -> tokens.estimateEmbedding(type, model, r));
        maxTokens = 0;
      }
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
      return new Reserved<>(value, reservation, price, input);
    };
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
      Usage reported = response.usage();
      boolean estimated = reported.inputTokens() == 0 && reported.outputTokens() == 0;
      Usage charged =
          estimated
              ? Usage.of(
                  reserved.inputTokens(),
                  spend
                      .estimator()
                      .estimateText(
                          s.target().provider().type(), s.target().ref().model(), response.text()))
              : reported;
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
    boolean estimated = usage.inputTokens() == 0;
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
                lost.price(),
                usage.totalTokens() > 0 ? usage : Usage.of(lost.inputTokens(), 0),
                false)
            .amount(),
        events);
  }
}
