package dev.llmgateway.internal.attempt;

import dev.llmgateway.AttemptInterceptor;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.RateLimitObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempt tier as a chain: {@code key -> breaker permit -> budget reservation -> content
 * verdict -> user attempt interceptors -> provider}. {@link #attempt} is the one single-attempt
 * function: plain, retried, fallback and hedged attempts all run through it, and it turns whatever
 * happened into an {@link Outcome} for the plan loop to decide on. Immutable and thread-safe.
 */
public final class AttemptChain {
  private final List<AttemptStep> steps;

  /**
   * Creates the chain.
   *
   * @param steps the steps, outermost first; the provider call ends the chain
   */
  public AttemptChain(List<AttemptStep> steps) {
    this.steps = List.copyOf(steps);
  }

  /**
   * The request path's attempt chain: key, breaker permit, budget reservation, content verdict,
   * then the user's attempt interceptors in the order added.
   *
   * @param resilience the live state of targets and keys
   * @param retryBudget counts attempts per target
   * @param spend prices and budgets
   * @param events the client's listener
   * @param interceptors the user's attempt interceptors, in order
   * @return the chain
   */
  public static AttemptChain standard(
      Resilience resilience,
      RetryBudget retryBudget,
      Spend spend,
      GatewayEventListener events,
      List<AttemptInterceptor> interceptors) {
    List<AttemptStep> steps = new ArrayList<>(4 + interceptors.size());
    steps.add(new KeyStep(resilience));
    steps.add(new BreakerStep(resilience, retryBudget));
    steps.add(new ReserveStep(spend));
    steps.add(new VerdictStep(spend, events));
    for (AttemptInterceptor i : interceptors) {
      steps.add(new UserAttemptStep(i));
    }
    return new AttemptChain(steps);
  }

  /**
   * Runs one attempt. Never throws: a refusal, a provider failure and any other throwable become
   * the outcome, after every step released what it held.
   *
   * @param attempt the attempt to make
   * @param action the provider operation
   * @return what happened
   */
  public <R> Outcome<R> attempt(AttemptContext attempt, Action<R> action) {
    try {
      R value = new Link<>(0, action).proceed(attempt);
      return Outcome.success(attempt, value);
    } catch (Refused e) {
      return Outcome.refused(attempt);
    } catch (dev.llmgateway.error.ProviderException e) {
      return Outcome.failure(attempt, e);
    } catch (Throwable e) {
      return Outcome.local(attempt, e);
    }
  }

  /** The rest of the chain from one step on; proceeds once. */
  private final class Link<R> implements AttemptStep.Next<R> {
    private final int index;
    private final Action<R> action;
    private boolean proceeded;

    Link(int index, Action<R> action) {
      this.index = index;
      this.action = action;
    }

    @Override
    public R proceed(AttemptContext attempt) {
      if (proceeded) {
        throw new IllegalStateException(
            "attempt step #" + index + " proceeded twice; each step proceeds at most once");
      }
      proceeded = true;
      if (index < steps.size()) {
        return steps.get(index).proceed(attempt, new Link<>(index + 1, action));
      }
      return call(attempt, action);
    }
  }

  /** The end of the chain: the provider call with the attempt's key and time. */
  private static <R> R call(AttemptContext a, Action<R> action) {
    CallState state = a.state();
    Plan.PlannedTarget target = a.target();
    ProviderCall call =
        new ProviderCall(
            a.key(),
            a.allotted(),
            a.cancellation(),
            state.headers(),
            state.info().id(),
            target.config().endpointMode(),
            observer(a));
    return action.call(target.provider().provider(), a, call);
  }

  /** With several keys, a spent allowance cools the key before the provider says 429. */
  private static RateLimitObserver observer(AttemptContext a) {
    Plan.PlannedTarget target = a.target();
    if (target.provider().keys().keys().size() < 2) {
      return RateLimitObserver.NONE;
    }
    String keyId = a.key().id();
    return (remainingRequests, remainingTokens, resetIn) -> {
      if (remainingRequests == 0 || remainingTokens == 0) {
        a.capacity()
            .resilience()
            .coolDown(
                target.ref().provider(),
                keyId,
                resetIn != null && !resetIn.isNegative() && !resetIn.isZero()
                    ? resetIn
                    : target.provider().keys().rateLimitCooldown(),
                "allowance spent");
      }
    };
  }
}
