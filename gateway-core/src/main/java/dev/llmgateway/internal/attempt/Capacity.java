package dev.llmgateway.internal.attempt;

import dev.llmgateway.internal.resilience.Resilience;
import org.jspecify.annotations.Nullable;

/**
 * Why a call's keys could not take its attempts, gathered while it runs: the last reason, when
 * capacity returns, and whether only rate-limit cooldowns were in the way. Written by key steps (on
 * the executor too, for hedged attempts), read by the plan loop: thread-safe.
 */
final class Capacity {
  private final Resilience resilience;
  private long earliestRecovery = Long.MAX_VALUE;
  private @Nullable String lastBlock;
  private boolean onlyCooling = true;

  Capacity(Resilience resilience) {
    this.resilience = resilience;
  }

  Resilience resilience() {
    return resilience;
  }

  /** A key was not available: cooling, open, disabled. */
  synchronized void blocked(Resilience.KeyStatus s) {
    lastBlock = s.reason();
    if (s.block() == Resilience.Block.COOLING || s.block() == Resilience.Block.OPEN) {
      earliestRecovery = Math.min(earliestRecovery, s.untilNanos());
    }
    if (s.block() != Resilience.Block.COOLING) {
      onlyCooling = false;
    }
  }

  /** A key's permit was refused (probes taken, trial taken). */
  synchronized void refused(String why) {
    onlyCooling = false;
    lastBlock = why;
  }

  /** A key was rate limited by an attempt: the target recovers when its cooldown ends. */
  synchronized void cooling(long untilNanos, String why) {
    earliestRecovery = Math.min(earliestRecovery, untilNanos);
    lastBlock = why;
  }

  synchronized long earliestRecovery() {
    return earliestRecovery;
  }

  /** Forgets the recovery time before deferred targets are tried again. */
  synchronized void resetRecovery() {
    earliestRecovery = Long.MAX_VALUE;
  }

  synchronized @Nullable String lastBlock() {
    return lastBlock;
  }

  synchronized boolean onlyCooling() {
    return onlyCooling;
  }
}
