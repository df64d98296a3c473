package dev.llmgateway.internal.attempt;

import dev.llmgateway.AttemptInterceptor;
import dev.llmgateway.CallInfo;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.TargetRef;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A user's {@link AttemptInterceptor} as an attempt step. Checks its contract: it proceeds at most
 * once and returns the result it got, or throws. A stream it opened and then failed with its own
 * exception is closed, so that no HTTP call is left behind.
 */
final class UserAttemptStep implements AttemptStep {
  private final AttemptInterceptor interceptor;

  UserAttemptStep(AttemptInterceptor interceptor) {
    this.interceptor = interceptor;
  }

  @Override
  public <R> R proceed(AttemptContext a, Next<R> next) {
    RealChain<R> chain = new RealChain<>(a, next);
    AttemptInterceptor.Result result;
    try {
      result = interceptor.intercept(chain);
    } catch (RuntimeException | Error e) {
      chain.abandon();
      throw e;
    }
    if (chain.result == null || result != chain.result) {
      chain.abandon();
      throw new IllegalStateException(
          "AttemptInterceptor "
              + interceptor
              + (chain.result == null
                  ? " returned without calling proceed(); it must proceed or throw"
                  : " returned another result than the one proceed() gave it"));
    }
    return chain.result.value;
  }

  /** The chain one interceptor sees. */
  private static final class RealChain<R> implements AttemptInterceptor.Chain {
    private final AttemptContext attempt;
    private final Next<R> next;
    @Nullable Result<R> result;
    private boolean proceeded;

    RealChain(AttemptContext attempt, Next<R> next) {
      this.attempt = attempt;
      this.next = next;
    }

    @Override
    public CallInfo call() {
      return attempt.state().info();
    }

    @Override
    public TargetRef target() {
      return attempt.target().ref();
    }

    @Override
    public String keyId() {
      return attempt.key().id();
    }

    @Override
    public int attemptNumber() {
      return attempt.number();
    }

    @Override
    public boolean hedged() {
      return attempt.hedged();
    }

    @Override
    public Duration timeAllotted() {
      return attempt.allotted();
    }

    @Override
    public AttemptInterceptor.Result proceed() {
      if (proceeded) {
        throw new IllegalStateException(
            "AttemptInterceptor.Chain.proceed() called twice for attempt #" + attempt.number());
      }
      proceeded = true;
      Result<R> r = new Result<>(next.proceed(attempt));
      result = r;
      return r;
    }

    /** The interceptor failed or broke the contract after proceeding: end an opened stream. */
    void abandon() {
      if (result != null && result.value instanceof OpenedStream s) {
        s.source().close();
      }
    }
  }

  /** What the provider answered, as the interceptor sees it. */
  private static final class Result<R> implements AttemptInterceptor.Result {
    final R value;

    Result(R value) {
      this.value = value;
    }

    @Override
    public @Nullable ChatResponse chatResponse() {
      return value instanceof ChatResponse r ? r : null;
    }

    @Override
    public @Nullable EmbeddingResponse embeddingResponse() {
      return value instanceof EmbeddingResponse r ? r : null;
    }

    @Override
    public boolean streamOpened() {
      return value instanceof OpenedStream;
    }

    @Override
    public String toString() {
      return "AttemptInterceptor.Result{"
          + (streamOpened() ? "stream" : value.getClass().getSimpleName())
          + "}";
    }
  }
}
