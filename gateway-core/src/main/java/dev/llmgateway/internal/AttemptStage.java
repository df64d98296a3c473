package dev.llmgateway.internal;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.Route;
import java.time.Duration;

/**
 * Stage 6, the last of the chain: runs the {@link AttemptLoop} over the call's plan with the
 * provider operation of the call's kind and turns the winning attempt into the caller's answer,
 * with its {@link Route} filled in and {@link Cost#UNKNOWN} (pricing comes later). For a streamed
 * call the answer is a {@link RealChatStream} that committed to the target whose first content
 * chunk arrived.
 */
final class AttemptStage implements Interceptor {
  private final AttemptLoop loop;

  AttemptStage(AttemptLoop loop) {
    this.loop = loop;
  }

  @Override
  public GatewayResponse intercept(Chain chain) {
    CallState state = RealInterceptorChain.stateOf(chain);
    Plan plan = state.plan();
    GatewayRequest request = chain.request();
    if (request instanceof GatewayRequest.Chat chat) {
      ChatRequest r = chat.request();
      if (chat.streaming()) {
        AttemptLoop.Success<OpenedStream> s =
            loop.run(
                state,
                plan,
                (provider, target, call) ->
                    OpenedStream.open(provider, target.config().apply(r), call));
        Duration firstChunk = state.elapsed();
        state.timeToFirstToken(firstChunk);
        if (!s.value().ended()) {
          state.events().streamFirstChunk(state.info(), s.target().ref(), firstChunk);
        }
        return new GatewayResponse.Stream(new RealChatStream(state, plan.alias(), s));
      }
      AttemptLoop.Success<ChatResponse> s =
          loop.run(
              state,
              plan,
              (provider, target, call) -> provider.chat(target.config().apply(r), call));
      ChatResponse response = s.value();
      String providerName = s.target().ref().provider();
      if (!response.provider().equals(providerName)) {
        response = response.withProvider(providerName);
      }
      Route route =
          new Route(plan.alias(), s.target().ref(), s.keyId(), s.all(), false, state.elapsed());
      return new GatewayResponse.Chat(response.withRoute(route, Cost.UNKNOWN));
    }
    EmbeddingRequest r = ((GatewayRequest.Embed) request).request();
    AttemptLoop.Success<EmbeddingResponse> s =
        loop.run(
            state,
            plan,
            (provider, target, call) -> provider.embed(r.withModel(target.ref().model()), call));
    Route route =
        new Route(plan.alias(), s.target().ref(), s.keyId(), s.all(), false, state.elapsed());
    return new GatewayResponse.Embed(s.value().withRoute(route, Cost.UNKNOWN));
  }
}
