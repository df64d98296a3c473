package dev.llmgateway.internal.attempt;

import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.resilience.KeyPool;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.spi.ProviderKey;
import java.time.Duration;

/**
 * The first attempt step: takes the first key (in the plan loop's order) that is enabled, not
 * cooling down, and whose breaker grants a permit; when the rest of the attempt fails, the key pool
 * reacts ({@code RATE_LIMITED}: the key cools down for Retry-After or the provider's default;
 * {@code AUTHENTICATION}: the key is disabled for the provider; {@code PERMISSION}: for the
 * target). Throws {@link Refused} when no key can take the attempt.
 */
final class KeyStep implements AttemptStep {
  private final Resilience resilience;

  KeyStep(Resilience resilience) {
    this.resilience = resilience;
  }

  @Override
  public <R> R proceed(AttemptContext a, Next<R> next) {
    Plan.PlannedTarget target = a.target();
    for (ProviderKey k : a.keys()) {
      Resilience.KeyStatus s = resilience.status(target.state(), k);
      if (!s.available()) {
        a.capacity().blocked(s);
        continue;
      }
      a.key(k, s);
      try {
        return next.proceed(a);
      } catch (Refused r) {
        a.capacity().refused(r.getMessage());
      } catch (ProviderException e) {
        if (!a.cancellation().isCancelled()) {
          a.coolingUntil(react(target, k, e));
        }
        throw e;
      }
    }
    throw new Refused(String.valueOf(a.capacity().lastBlock()));
  }

  /** The key pool's reaction; returns when a rate-limited key's cooldown ends, else MIN_VALUE. */
  private long react(Plan.PlannedTarget target, ProviderKey key, ProviderException e) {
    switch (e.kind()) {
      case RATE_LIMITED -> {
        Duration d = e.retryAfter().orElse(target.provider().keys().rateLimitCooldown());
        return resilience.coolDown(target.ref().provider(), key.id(), d, "rate limited");
      }
      case AUTHENTICATION, PERMISSION -> {
        if (!KeyPool.NO_KEY_ID.equals(key.id())) {
          resilience.disable(target.ref(), key.id(), e.kind());
        }
        return Long.MIN_VALUE;
      }
      default -> {
        return Long.MIN_VALUE;
      }
    }
  }
}
