package dev.llmgateway.internal.engine;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.SpeechAudio;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.pipeline.RealInterceptorChain;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.internal.stream.ChargedStream;
import dev.llmgateway.internal.stream.ObservedChatStream;
import dev.llmgateway.internal.stream.OpenStreams;
import dev.llmgateway.internal.usage.UsageRecords;
import dev.llmgateway.internal.usage.UsageWriter;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.Usage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Record} end of the request path: one usage record per call, success or failure, with
 * what every provider answer of the call charged; for a stream, when it ends. Thread-safe (the
 * writer's queue is).
 */
final class CallRecorder {
  private final UsageWriter usage;
  private final Clock clock;
  private final GatewayEventListener events;
  private final OpenStreams streams;

  CallRecorder(UsageWriter usage, Clock clock, GatewayEventListener events, OpenStreams streams) {
    this.usage = usage;
    this.clock = clock;
    this.events = events;
    this.streams = streams;
  }

  /**
   * The caller's stream: its terminal event, usage record and the generation's release come when it
   * ends (read to its end, broken, closed, ended by {@code close()} of the client, or by the
   * cleaner once abandoned). Streams an interceptor got from proceed() and answered around end
   * first, so the record has them. {@code release} runs once, last.
   */
  ChatStream observe(CallState call, ChatStream answer, Runnable release) {
    Duration ttft = call.timeToFirstToken();
    AtomicBoolean left = new AtomicBoolean();
    ObservedChatStream.Terminal terminal =
        new ObservedChatStream.Terminal() {
          @Override
          public void ended(ChatResponse r) {
            try {
              endStreamsOf(call, "the call ended");
              success(call, r.route(), r.usage(), r.cost(), ttft, answer, r.finishReason());
            } finally {
              leave();
            }
          }

          @Override
          public void failed(Throwable error) {
            try {
              endStreamsOf(call, "the call ended");
              failure(call, ttft, error);
            } finally {
              leave();
            }
          }

          private void leave() {
            if (left.compareAndSet(false, true)) {
              release.run();
            }
          }
        };
    ObservedChatStream observed =
        new ObservedChatStream(answer, call.info(), events, terminal, streams::untrack);
    Plan plan = call.planOrNull();
    String label =
        plan != null && plan.alias() != null
            ? "alias '" + plan.alias() + "'"
            : "model '" + call.info().model() + "'";
    return streams.track(observed, label);
  }

  UsageWriter usage() {
    return usage;
  }

  /** Ends a call answered with anything else than a stream: the event and the usage record. */
  void answered(CallState call, GatewayResponse response) {
    Route route;
    Usage usage;
    Cost cost;
    FinishReason finish = null;
    if (response instanceof GatewayResponse.Chat c) {
      finish = c.response().finishReason();
      route = c.response().route();
      usage = c.response().usage();
      cost = c.response().cost();
    } else if (response instanceof GatewayResponse.Embed e) {
      route = e.response().route();
      usage = e.response().usage();
      cost = e.response().cost();
    } else if (response instanceof GatewayResponse.Image i) {
      route = i.response().route();
      usage = i.response().usage();
      cost = i.response().cost();
    } else if (response instanceof GatewayResponse.Transcription t) {
      route = t.response().route();
      usage = t.response().usage();
      cost = t.response().cost();
    } else {
      SpeechAudio a = ((GatewayResponse.Speech) response).response();
      route = a.route();
      usage = Usage.NOT_REPORTED;
      cost = a.cost();
    }
    events.callEnd(call.info(), route);
    success(call, route, usage, cost, null, null, finish);
  }

  void success(
      CallState state,
      Route route,
      Usage used,
      Cost cost,
      @Nullable Duration ttft,
      @Nullable ChatStream answer,
      @Nullable FinishReason finish) {
    if (finish != null) {
      events.chatFinished(state.info(), finish);
    }
    events.callUsage(state.info(), route, used, cost);
    if (usage.enabled()) {
      usage.record(
          UsageRecords.success(
              state.info(),
              clock.instant(),
              route,
              used,
              cost,
              ttft,
              state.savedCost(),
              extraCharge(state, answer)));
    }
  }

  void failure(CallState state, @Nullable Duration ttft, Throwable error) {
    if (!usage.enabled()) {
      return;
    }
    Plan plan = state.planOrNull();
    usage.record(
        UsageRecords.failure(
            state.info(),
            clock.instant(),
            plan == null ? null : plan.alias(),
            state.attemptsMade(),
            state.elapsed(),
            ttft,
            state.cancellation().isCancelled(),
            error,
            Charge.total(state.charges())));
  }

  /** Ends the streams an interceptor got from proceed() that were left to end with the call. */
  static void endStreamsOf(CallState state, String why) {
    List<ChatStream> left = state.takeStreamsToEnd();
    if (!left.isEmpty()) {
      RealInterceptorChain.end(left, state, why);
    }
  }

  /**
   * What a successful call charged besides its answer: the provider answers that did not reach the
   * caller, because a user interceptor called {@code proceed()} more than once or answered around
   * them. When the answer is the built-in stream, every other charge is extra; otherwise (an
   * interceptor's own stream or response, which may carry a whole answer's cost) only streams that
   * ended early are, since they cannot have produced it.
   *
   * @param answer the stream the caller got, or {@code null} for a chat or embedding answer
   * @return the sum of the extra charges, or {@code null} if there is none
   */
  private static @Nullable Charge extraCharge(CallState state, @Nullable ChatStream answer) {
    List<Charge> charges = state.charges();
    if (charges.isEmpty()) {
      return null;
    }
    boolean builtIn = answer instanceof ChargedStream;
    Charge own = builtIn ? ((ChargedStream) answer).charge() : null;
    List<Charge> extra = new ArrayList<>(charges.size());
    for (Charge c : charges) {
      if (builtIn ? c != own : !c.completed()) {
        extra.add(c);
      }
    }
    return Charge.total(extra);
  }
}
