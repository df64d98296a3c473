package dev.llmgateway.internal.attempt;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.CapacityUnavailableException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.util.Nanos;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ProviderKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one call's plan loop has seen so far: the attempts and failures in order, the deferred
 * targets, and why keys were unavailable; and the loop's one place for creating attempts, recording
 * their outcomes, the fallback check and the call's final errors. Used by the call's thread only
 * (hedged attempts report through a queue); {@link Capacity} is the part attempts write.
 */
final class Run {
  private static final Logger log = LoggerFactory.getLogger(Run.class);
  final CallState state;
  final Plan plan;
  private final GatewayRequest request;
  final Capacity capacity;
  final List<Attempt> attempts = new ArrayList<>();
  final List<ProviderException> failures = new ArrayList<>();
  final List<Plan.PlannedTarget> deferred = new ArrayList<>(0);
  int minContextWindow;
  boolean capReached;
  int hedgeConsumed;
  private @Nullable TargetRef fellFrom;
  private @Nullable ErrorKind fellFor;

  Run(CallState state, Plan plan, GatewayRequest request, Resilience resilience) {
    this.state = state;
    this.plan = plan;
    this.request = request;
    this.capacity = new Capacity(resilience);
  }

  /**
   * A new attempt on a target with the keys it may take, in order, and the time left that the loop
   * checked was positive (read once: the provider gets exactly what was checked).
   */
  AttemptContext attempt(
      Plan.PlannedTarget target,
      List<ProviderKey> keys,
      Cancellation cancellation,
      Duration allotted,
      boolean hedged) {
    return new AttemptContext(
        state, request, target, keys, capacity, cancellation, allotted, hedged);
  }

  /** Remembers that the last failure moves the call on; the next target's entry reports it. */
  void fellBack(TargetRef from, ErrorKind reason) {
    fellFrom = from;
    fellFor = reason;
  }

  /**
   * A target is about to be tried: if the call fell back from another one, reports the move ({@code
   * fallback} event, WARN) once.
   */
  void enter(Plan.PlannedTarget target) {
    TargetRef from = fellFrom;
    ErrorKind reason = fellFor;
    if (from == null || reason == null || from.equals(target.ref())) {
      return;
    }
    fellFrom = null;
    fellFor = null;
    log.warn(
        "Call {} for '{}': {} failed with {}; falling back to {}",
        state.info().id(),
        state.info().model(),
        from,
        reason,
        target.ref());
    state.events().fallback(state.info(), from, target.ref(), reason);
  }

  /** Whether the call made all the attempts it may; then no wait can lead to another one. */
  boolean capReached() {
    if (attempts.size() >= state.maxAttempts()) {
      capReached = true;
    }
    return capReached;
  }

  /** The fallback check: whether a failure of this kind moves the call to the next target. */
  boolean fallsBack(ProviderException e) {
    return plan.fallbackKinds().contains(e.kind());
  }

  /**
   * Records a failed attempt: its {@link Attempt}, the failure, the {@code attemptFailed} event.
   */
  void failed(Outcome<?> o) {
    ProviderException e = o.error();
    AttemptContext a = o.attempt();
    String message = e.getMessage();
    Attempt failed =
        new Attempt(
            a.target().ref(),
            a.key().id(),
            e.kind(),
            message == null ? e.kind().toString() : message,
            Duration.ofNanos(Math.max(0, a.tookNanos())));
    attempts.add(failed);
    failures.add(e);
    state.events().attemptFailed(state.info(), failed, e);
  }

  /** Records the successful attempt and the {@code attemptEnd} event. */
  <R> Success<R> succeeded(Outcome<R> o) {
    AttemptContext a = o.attempt();
    Attempt ok =
        new Attempt(a.target().ref(), a.key().id(), null, null, Duration.ofNanos(a.tookNanos()));
    state.events().attemptEnd(state.info(), ok);
    @SuppressWarnings("null")
    R value = o.value();
    return new Success<>(value, a, attempts, ok);
  }

  /** Defers a target whose keys could not take an attempt now. */
  void defer(Plan.PlannedTarget target) {
    if (!deferred.contains(target)) {
      deferred.add(target);
    }
  }

  /** The failure that ends the call, with the earlier failures suppressed on it. */
  ProviderException stop(ProviderException e) {
    for (int i = 0; i < failures.size() - 1; i++) {
      e.addSuppressed(failures.get(i));
    }
    return e;
  }

  /** The call's end when no target answered: deadline, no capacity, or every target failed. */
  RuntimeException exhausted() {
    Duration remaining = state.remaining();
    if (!attempts.isEmpty() && (remaining.isZero() || remaining.isNegative())) {
      return deadlineExceeded(attempts.get(attempts.size() - 1).target());
    }
    if (failures.isEmpty()) {
      return noCapacity();
    }
    return new AllTargetsFailedException(state.info().model(), attempts, failures);
  }

  CapacityUnavailableException noCapacity() {
    long earliest = capacity.earliestRecovery();
    Duration retryAfter =
        earliest == Long.MAX_VALUE
            ? null
            : Duration.ofNanos(Math.max(0, earliest - capacity.resilience().now()));
    Instant at = earliest == Long.MAX_VALUE ? null : Nanos.instant(earliest);
    ErrorKind kind = capacity.onlyCooling() ? ErrorKind.RATE_LIMITED : ErrorKind.UNAVAILABLE;
    String message =
        "Call "
            + state.info().id()
            + " for '"
            + state.info().model()
            + "' made no attempt: every target is out of capacity ("
            + capacity.lastBlock()
            + ")"
            + (at == null ? "" : "; capacity returns at " + at);
    return new CapacityUnavailableException(kind, state.info().model(), retryAfter, at, message);
  }

  ProviderException deadlineExceeded(TargetRef target) {
    StringBuilder sb =
        new StringBuilder("Call ")
            .append(state.info().id())
            .append(" for '")
            .append(state.info().model())
            .append("' exceeded its deadline of ")
            .append(state.timeout())
            .append(" after ")
            .append(attempts.size())
            .append(" attempt(s):");
    for (Attempt a : attempts) {
      sb.append(" [").append(a.target()).append('#').append(a.keyId()).append(": ");
      sb.append(a.errorKind()).append(']');
    }
    @Nullable ProviderException last =
        failures.isEmpty() ? null : failures.get(failures.size() - 1);
    ProviderException timeout =
        new ProviderException(
            ErrorKind.TIMEOUT, target.provider(), target.model(), sb.toString(), last);
    for (int i = 0; i < failures.size() - 1; i++) {
      timeout.addSuppressed(failures.get(i));
    }
    return timeout;
  }

  CancellationException cancelled(@Nullable Throwable cause) {
    CancellationException e =
        new CancellationException(
            "Call " + state.info().id() + " for '" + state.info().model() + "' was cancelled");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }
}
