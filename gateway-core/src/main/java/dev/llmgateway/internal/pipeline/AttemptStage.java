package dev.llmgateway.internal.pipeline;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.internal.attempt.AttemptContext;
import dev.llmgateway.internal.attempt.OpenedStream;
import dev.llmgateway.internal.attempt.Outcome;
import dev.llmgateway.internal.attempt.PlanRunner;
import dev.llmgateway.internal.attempt.Success;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.internal.stream.RealChatStream;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.Usage;
import java.time.Duration;

/**
 * Stages 6 and 7: runs the {@link PlanRunner} over the call's plan with the provider operation of
 * the call's kind (every attempt reserves its worst case in the attempt chain), and turns the
 * winning attempt into the caller's answer with its {@link Route} and {@link Cost}; the winning
 * reservation is settled with that cost. For a streamed call the answer is a {@link RealChatStream}
 * that committed to the target whose first content chunk arrived; it settles when the stream ends,
 * breaks or is closed. Each settled answer adds its {@link Charge} to the call's {@link
 * CallState#charges()}.
 */
public final class AttemptStage implements Interceptor {
  private final PlanRunner runner;
  private final Spend spend;
  private final GatewayEventListener events;
  private final MediaAnswers media;

  /**
   * Creates the stage.
   *
   * @param runner the plan loop
   * @param spend prices and budgets
   * @param events the client's listener
   */
  public AttemptStage(PlanRunner runner, Spend spend, GatewayEventListener events) {
    this.runner = runner;
    this.spend = spend;
    this.events = events;
    this.media = new MediaAnswers(runner, events);
  }

  @Override
  public GatewayResponse intercept(Chain chain) {
    CallState state = RealInterceptorChain.stateOf(chain);
    Plan plan = state.plan();
    GatewayRequest request = chain.request();
    if (request instanceof GatewayRequest.Chat chat) {
      if (chat.streaming()) {
        Success<OpenedStream> s =
            runner.run(
                state,
                plan,
                request,
                (provider, a, call) -> OpenedStream.open(provider, a.chatRequest(), call),
                this::discard);
        Duration firstChunk = state.elapsed();
        state.timeToFirstToken(firstChunk);
        if (!s.value().ended()) {
          state.events().streamFirstChunk(state.info(), s.target().ref(), firstChunk);
        }
        return new GatewayResponse.Stream(
            new RealChatStream(state, plan.alias(), s, spend, events));
      }
      Success<ChatResponse> s =
          runner.run(
              state,
              plan,
              request,
              (provider, a, call) -> provider.chat(a.chatRequest(), call),
              this::discard);
      return new GatewayResponse.Chat(answer(state, plan, s));
    }
    if (!(request instanceof GatewayRequest.Embed embed)) {
      return media.answer(state, plan, request);
    }
    EmbeddingRequest r = embed.request();
    Success<EmbeddingResponse> s =
        runner.run(
            state,
            plan,
            request,
            (provider, a, call) -> provider.embed(r.withModel(a.target().ref().model()), call),
            this::discard);
    AttemptContext a = s.attempt();
    Usage usage = s.value().usage();
    boolean estimated = !usage.isReported(Usage.Count.INPUT);
    Usage charged = estimated ? Usage.of(a.inputTokens(), 0) : usage;
    Cost cost = Spend.cost(a.price(), charged, estimated);
    Spend.settle(a.reservation(), cost.amount(), events);
    state.charged(new Charge(s.target().ref(), s.keyId(), s.count(), charged, cost, true));
    Route route =
        new Route(plan.alias(), s.target().ref(), s.keyId(), s.all(), false, state.elapsed());
    return new GatewayResponse.Embed(s.value().withRoute(route, cost));
  }

  /** A plain chat answer with its route and cost; its reservation settled. */
  private ChatResponse answer(CallState state, Plan plan, Success<ChatResponse> s) {
    AttemptContext a = s.attempt();
    ChatResponse response = s.value();
    String providerName = s.target().ref().provider();
    if (!response.provider().equals(providerName)) {
      response = response.withProvider(providerName);
    }
    boolean estimated = !response.usage().isReported();
    Usage charged =
        spend.chargedUsage(
            s.target().provider().type(), s.target().ref().model(), a::inputTokens, response);
    Cost cost = Spend.cost(a.price(), charged, estimated);
    Spend.settle(a.reservation(), cost.amount(), events);
    state.charged(new Charge(s.target().ref(), s.keyId(), s.count(), charged, cost, true));
    Route route =
        new Route(plan.alias(), s.target().ref(), s.keyId(), s.all(), false, state.elapsed());
    return response.withRoute(route, cost);
  }

  /**
   * Ends the reservation of a hedged answer that lost: it was paid for, so it is settled (a lost
   * stream or embedding cannot happen: only plain chat hedges, but each kind is handled).
   */
  private void discard(Outcome<?> lost) {
    AttemptContext a = lost.attempt();
    Object value = lost.value();
    Usage usage = Usage.of(a.inputTokens(), 0);
    if (value instanceof ChatResponse r && r.usage().isReported()) {
      usage = r.usage();
    } else if (value instanceof OpenedStream o) {
      o.source().close();
    }
    Spend.settle(a.reservation(), Spend.cost(a.price(), usage, false).amount(), events);
  }
}
