package dev.llmgateway.internal.pipeline;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.SpeechAudio;
import dev.llmgateway.internal.attempt.AttemptContext;
import dev.llmgateway.internal.attempt.Outcome;
import dev.llmgateway.internal.attempt.PlanRunner;
import dev.llmgateway.internal.attempt.Success;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.internal.spend.MediaCosts;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.AudioStream;

/**
 * The attempt stage's media calls: images, transcription and speech run through the same plan loop
 * and attempt chain as chat (so they retry, fall back, reserve and are recorded the same way), and
 * are costed by {@link MediaCosts}. A speech call commits when its audio starts: it is settled then
 * (speech is billed by its input), and its audio is not retried.
 */
final class MediaAnswers {
  private final PlanRunner runner;
  private final GatewayEventListener events;

  MediaAnswers(PlanRunner runner, GatewayEventListener events) {
    this.runner = runner;
    this.events = events;
  }

  /** Runs a media call; the request is an image, transcription or speech request. */
  GatewayResponse answer(CallState state, Plan plan, GatewayRequest request) {
    if (request instanceof GatewayRequest.Image i) {
      ImageRequest r = i.request();
      Success<ImageResponse> s =
          runner.run(
              state,
              plan,
              request,
              (provider, a, call) -> provider.images(r.withModel(a.target().ref().model()), call),
              MediaAnswers::discard);
      Cost cost = MediaCosts.images(s.attempt().price(), r, s.value());
      Route route = settle(state, plan, s, s.value().usage(), cost);
      return new GatewayResponse.Image(s.value().withRoute(route, cost));
    }
    if (request instanceof GatewayRequest.Transcribe t) {
      TranscriptionRequest r = t.request();
      Success<TranscriptionResponse> s =
          runner.run(
              state,
              plan,
              request,
              (provider, a, call) ->
                  provider.transcribe(r.withModel(a.target().ref().model()), call),
              MediaAnswers::discard);
      Cost cost = MediaCosts.transcription(s.attempt().price(), r, s.value());
      Route route = settle(state, plan, s, s.value().usage(), cost);
      return new GatewayResponse.Transcription(s.value().withRoute(route, cost));
    }
    SpeechRequest r = ((GatewayRequest.Speech) request).request();
    Success<AudioStream> s =
        runner.run(
            state,
            plan,
            request,
            (provider, a, call) -> provider.speech(r.withModel(a.target().ref().model()), call),
            MediaAnswers::discard);
    AttemptContext a = s.attempt();
    Cost cost = MediaCosts.speech(a.price(), r, a::inputTokens);
    Route route = settle(state, plan, s, Usage.NOT_REPORTED, cost);
    return new GatewayResponse.Speech(new SpeechAudio(s.value(), route, cost));
  }

  /** Settles the winning reservation with the cost, adds the call's charge, and routes it. */
  private Route settle(CallState state, Plan plan, Success<?> s, Usage usage, Cost cost) {
    Spend.settle(s.attempt().reservation(), cost.amount(), events);
    state.charged(new Charge(s.target().ref(), s.keyId(), s.count(), usage, cost, true));
    return new Route(plan.alias(), s.target().ref(), s.keyId(), s.all(), false, state.elapsed());
  }

  /** Media calls are not hedged; an answer nobody takes still ends its reservation and stream. */
  private static void discard(Outcome<?> lost) {
    if (lost.value() instanceof AudioStream audio) {
      audio.close();
    }
    lost.attempt().reservation().release();
  }
}
