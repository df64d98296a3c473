package dev.llmgateway.internal.engine;

import dev.llmgateway.ChatStream;
import dev.llmgateway.internal.pipeline.CallState;
import dev.llmgateway.internal.pipeline.RealInterceptorChain;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.internal.stream.ChargedStream;
import dev.llmgateway.internal.usage.UsageRecords;
import dev.llmgateway.internal.usage.UsageWriter;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.Usage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Record} end of the request path: one usage record per call, success or failure, with
 * what every provider answer of the call charged. Thread-safe (the writer's queue is).
 */
final class CallRecorder {
  private final UsageWriter usage;
  private final Clock clock;

  CallRecorder(UsageWriter usage, Clock clock) {
    this.usage = usage;
    this.clock = clock;
  }

  UsageWriter usage() {
    return usage;
  }

  void success(
      CallState state,
      Route route,
      Usage used,
      Cost cost,
      @Nullable Duration ttft,
      @Nullable ChatStream answer) {
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
