package dev.llmgateway.micrometer;

import dev.llmgateway.CallInfo;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The observations of the calls under way: one per call, a child per attempt carrying the routing
 * facts. Thread-safe: a call's events may come from several threads (hedged attempts, a stream read
 * elsewhere), so each call's entry is locked while it changes.
 */
final class CallObservations {
  static final String CALL = "llm.gateway.call";
  static final String ATTEMPT = "llm.gateway.attempt";

  private final ObservationRegistry registry;
  private final ProviderNames providers;
  private final ConcurrentHashMap<String, Track> calls = new ConcurrentHashMap<>();

  CallObservations(ObservationRegistry registry, ProviderNames providers) {
    this.registry = registry;
    this.providers = providers;
  }

  /** The target the call tried last, or null before any attempt (or for an unknown call). */
  @Nullable TargetRef lastTarget(CallInfo call) {
    Track t = calls.get(call.id());
    if (t == null) {
      return null;
    }
    synchronized (t) {
      return t.lastTarget;
    }
  }

  void start(CallInfo call) {
    Observation o =
        Observation.createNotStarted(CALL, registry)
            .contextualName(GenAi.operation(call.kind()) + " " + call.model())
            .lowCardinalityKeyValue(GenAi.OPERATION, GenAi.operation(call.kind()))
            .lowCardinalityKeyValue(GenAi.REQUEST_MODEL, call.model())
            .highCardinalityKeyValue("llm.gateway.call.id", call.id())
            .start();
    calls.put(call.id(), new Track(o));
  }

  void routeResolved(CallInfo call, @Nullable String alias) {
    Track t = calls.get(call.id());
    if (t != null && alias != null) {
      t.call.highCardinalityKeyValue("llm.gateway.alias", alias);
    }
  }

  void fallback(CallInfo call, TargetRef from, ErrorKind reason) {
    Track t = calls.get(call.id());
    if (t != null) {
      synchronized (t) {
        t.fallbackFrom = from;
        t.fallbackReason = reason;
      }
    }
  }

  void attemptStart(CallInfo call, TargetRef target, String keyId, int number) {
    Track t = calls.get(call.id());
    if (t == null) {
      return;
    }
    Observation o =
        Observation.createNotStarted(ATTEMPT, registry)
            .parentObservation(t.call)
            .contextualName("attempt " + target)
            .lowCardinalityKeyValue(GenAi.PROVIDER, providers.of(target))
            .lowCardinalityKeyValue(GenAi.RESPONSE_MODEL, target.model())
            .lowCardinalityKeyValue(GenAi.SERVER_ADDRESS, providers.host(target))
            .highCardinalityKeyValue("llm.gateway.target", target.toString())
            .highCardinalityKeyValue("llm.gateway.key.id", keyId)
            .highCardinalityKeyValue("llm.gateway.attempt.number", Integer.toString(number));
    synchronized (t) {
      t.lastTarget = target;
      if (t.fallbackReason != null && t.fallbackFrom != null) {
        o.highCardinalityKeyValue("llm.gateway.fallback.reason", t.fallbackReason.name());
        o.highCardinalityKeyValue("llm.gateway.fallback.from", t.fallbackFrom.toString());
        t.fallbackReason = null;
        t.fallbackFrom = null;
      }
      t.attempts.add(new Open(target, keyId, o.start()));
    }
  }

  void attemptEnded(CallInfo call, Attempt attempt, @Nullable Throwable error) {
    Track t = calls.get(call.id());
    if (t == null) {
      return;
    }
    Observation o = null;
    synchronized (t) {
      for (int i = 0; i < t.attempts.size(); i++) {
        Open open = t.attempts.get(i);
        if (open.target.equals(attempt.target()) && open.keyId.equals(attempt.keyId())) {
          o = t.attempts.remove(i).observation;
          break;
        }
      }
    }
    if (o == null) {
      return;
    }
    ErrorKind kind = attempt.errorKind();
    o.lowCardinalityKeyValue(GenAi.ERROR_TYPE, kind == null ? GenAi.NONE : kind.name());
    if (error != null) {
      o.error(error);
    }
    o.stop();
  }

  /**
   * The call ended. A failed call's observation stops now; a successful one's stays open until
   * {@link #usage}, which follows {@code callEnd} for every successful call, so that its span has
   * the tokens and the finish reason.
   */
  void end(CallInfo call, @Nullable Route route, @Nullable Throwable error) {
    Track t = error != null ? calls.remove(call.id()) : calls.get(call.id());
    if (t == null) {
      return;
    }
    List<Open> left;
    synchronized (t) {
      left = new ArrayList<>(t.attempts);
      t.attempts.clear();
    }
    // Attempts without an end of their own (one a budget refused before it called): they end with
    // the call, and say how it ended.
    String callError = error == null ? GenAi.NONE : GenAi.errorType(error);
    for (Open open : left) {
      open.observation.lowCardinalityKeyValue(GenAi.ERROR_TYPE, callError).stop();
    }
    Observation o = t.call;
    if (route != null) {
      o.lowCardinalityKeyValue(GenAi.PROVIDER, providers.of(route.target()))
          .lowCardinalityKeyValue(GenAi.RESPONSE_MODEL, route.target().model())
          .lowCardinalityKeyValue("llm.gateway.cache.hit", Boolean.toString(route.cacheHit()))
          .lowCardinalityKeyValue(GenAi.ERROR_TYPE, GenAi.NONE)
          .highCardinalityKeyValue("llm.gateway.target", route.target().toString())
          .highCardinalityKeyValue(
              "llm.gateway.attempts", Integer.toString(route.attempts().size()));
    }
    if (error != null) {
      TargetRef last;
      synchronized (t) {
        last = t.lastTarget;
      }
      o.lowCardinalityKeyValue(GenAi.PROVIDER, last == null ? GenAi.NONE : providers.of(last))
          .lowCardinalityKeyValue(GenAi.RESPONSE_MODEL, GenAi.NONE)
          .lowCardinalityKeyValue("llm.gateway.cache.hit", "false")
          .lowCardinalityKeyValue(GenAi.ERROR_TYPE, GenAi.errorType(error))
          .error(error)
          .stop();
    }
  }

  /** A chat call's finish reason, for its span. */
  void finished(CallInfo call, FinishReason reason) {
    Track t = calls.get(call.id());
    if (t != null) {
      synchronized (t) {
        t.finishReason = reason;
      }
    }
  }

  /**
   * A successful call's usage: its tokens (of an answer a provider produced; a cache hit used none)
   * and finish reason become span attributes, and its observation stops.
   */
  void usage(CallInfo call, Route route, Usage usage) {
    Track t = calls.remove(call.id());
    if (t == null) {
      return;
    }
    Observation o = t.call;
    if (!route.cacheHit()) {
      if (usage.isReported(Usage.Count.INPUT)) {
        o.highCardinalityKeyValue(GenAi.USAGE_INPUT, Long.toString(usage.inputTokens()));
      }
      if (usage.isReported(Usage.Count.OUTPUT)) {
        o.highCardinalityKeyValue(GenAi.USAGE_OUTPUT, Long.toString(usage.outputTokens()));
      }
      if (usage.isReported(Usage.Count.CACHED_READ_INPUT)) {
        o.highCardinalityKeyValue(
            GenAi.USAGE_CACHE_READ, Long.toString(usage.cachedReadInputTokens()));
      }
    }
    FinishReason reason;
    synchronized (t) {
      reason = t.finishReason;
    }
    if (reason != null) {
      o.highCardinalityKeyValue(GenAi.FINISH_REASONS, GenAi.finishReason(reason));
    }
    o.stop();
  }

  private static final class Track {
    final Observation call;
    final List<Open> attempts = new ArrayList<>(2);
    @Nullable TargetRef lastTarget;
    @Nullable TargetRef fallbackFrom;
    @Nullable ErrorKind fallbackReason;
    @Nullable FinishReason finishReason;

    Track(Observation call) {
      this.call = call;
    }
  }

  private record Open(TargetRef target, String keyId, Observation observation) {}
}
