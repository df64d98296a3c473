package dev.llmgateway.redis;

import dev.llmgateway.config.StoreSettings;
import dev.llmgateway.config.StoreSettings.FailurePolicy;
import io.lettuce.core.RedisCommandExecutionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store's failure policy: runs a Redis operation within the command timeout, and when it fails
 * (a timeout, a closed connection, a Redis error), either runs the in-memory alternative ({@code
 * FAIL_LOCAL}) or refuses with {@link RedisUnavailableException} ({@code FAIL_CLOSED}). After a
 * failure Redis is not asked again for the retry interval, so that calls meanwhile do not each wait
 * for a timeout; the first success after it ends the outage. The listener hears each outage once.
 * Thread-safe.
 */
final class Guard {
  private static final Logger log = LoggerFactory.getLogger(Guard.class);

  private final StoreSettings.Shared store;
  private final FailurePolicy policy;
  private final long timeoutNanos;
  private final long retryNanos;
  private final RedisStoreListener listener;
  private final String server;
  private final AtomicBoolean down = new AtomicBoolean();
  private volatile long downUntil;
  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder refusals = new LongAdder();

  Guard(
      StoreSettings.Shared store,
      FailurePolicy policy,
      Duration timeout,
      Duration retryInterval,
      RedisStoreListener listener,
      String server) {
    this.store = store;
    this.policy = policy;
    this.timeoutNanos = timeout.toNanos();
    this.retryNanos = retryInterval.toNanos();
    this.listener = listener;
    this.server = server;
  }

  /**
   * Runs {@code redis} and waits for its answer at most the command timeout; on failure runs {@code
   * local} or refuses, by the policy.
   *
   * @param redis starts the Redis operation
   * @param local the in-memory alternative
   * @return the answer
   * @throws RedisUnavailableException under {@code FAIL_CLOSED} when Redis failed
   */
  <T> T call(Supplier<CompletableFuture<T>> redis, Supplier<T> local) {
    if (resting()) {
      return unavailable(null, local);
    }
    CompletableFuture<T> f = null;
    try {
      f = redis.get();
      T value = f.get(timeoutNanos, TimeUnit.NANOSECONDS);
      succeeded();
      return value;
    } catch (TimeoutException e) {
      f.cancel(false);
      failed(e);
      return unavailable(e, local);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      failed(cause);
      return unavailable(cause, local);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (f != null) {
        f.cancel(false);
      }
      return unavailable(e, local);
    } catch (RuntimeException e) {
      failed(e);
      return unavailable(e, local);
    }
  }

  /**
   * Runs {@code redis} as {@link #call} does, but on failure always runs {@code otherwise},
   * whatever the policy: for what must not be refused once a call has happened (settling its cost).
   *
   * @param redis starts the Redis operation
   * @param otherwise what to do when it fails (keep it for later, typically)
   * @return the answer
   */
  <T> T always(Supplier<CompletableFuture<T>> redis, Supplier<T> otherwise) {
    if (resting()) {
      return otherwise.get();
    }
    CompletableFuture<T> f = null;
    try {
      f = redis.get();
      T value = f.get(timeoutNanos, TimeUnit.NANOSECONDS);
      succeeded();
      return value;
    } catch (ExecutionException | CompletionException e) {
      failed(e.getCause() != null ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | RuntimeException e) {
      failed(e);
    }
    if (f != null) {
      f.cancel(false);
    }
    return otherwise.get();
  }

  /**
   * Whether Redis failed within the retry interval: calls meanwhile go to the alternative at once.
   */
  boolean resting() {
    return down.get() && System.nanoTime() - downUntil < 0;
  }

  /** Records the outcome of an operation nobody waits for (a cache write, a late settlement). */
  void observe(CompletableFuture<?> f) {
    f.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS)
        .whenComplete(
            (v, e) -> {
              if (e == null) {
                succeeded();
              } else {
                failed(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
              }
            });
  }

  /** Counts a call served by the in-memory alternative without asking Redis. */
  void countFallback() {
    fallbacks.increment();
  }

  void succeeded() {
    if (down.get() && down.compareAndSet(true, false)) {
      log.info("Shared {} store reached Redis at {} again", name(), server);
      try {
        listener.recovered(store);
      } catch (RuntimeException e) {
        log.warn("RedisStoreListener.recovered threw; ignored", e);
      }
    }
  }

  void failed(Throwable cause) {
    failures.increment();
    downUntil = System.nanoTime() + retryNanos;
    if (down.compareAndSet(false, true)) {
      if (cause instanceof RedisCommandExecutionException) {
        log.error(
            "Shared {} store: Redis at {} refused a command: {}", name(), server, cause.toString());
      } else {
        log.warn(
            "Shared {} store lost Redis at {} ({}); calls {} until it answers again",
            name(),
            server,
            cause.toString(),
            policy == FailurePolicy.FAIL_LOCAL ? "go on in memory" : "are refused");
      }
      try {
        listener.unavailable(store, policy, cause);
      } catch (RuntimeException e) {
        log.warn("RedisStoreListener.unavailable threw; ignored", e);
      }
    }
  }

  private <T> T unavailable(@Nullable Throwable cause, Supplier<T> local) {
    if (policy == FailurePolicy.FAIL_CLOSED) {
      refusals.increment();
      throw new RedisUnavailableException(
          store,
          "Shared "
              + name()
              + " store cannot reach Redis at "
              + server
              + (cause == null
                  ? " (it failed less than the retry interval ago)"
                  : " within " + Duration.ofNanos(timeoutNanos) + ": " + cause)
              + "; the call is refused (FAIL_CLOSED)",
          cause);
    }
    fallbacks.increment();
    return local.get();
  }

  private String name() {
    return store.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  StoreSettings.Shared store() {
    return store;
  }

  FailurePolicy policy() {
    return policy;
  }

  boolean available() {
    return !down.get();
  }

  long fallbacks() {
    return fallbacks.sum();
  }

  long failures() {
    return failures.sum();
  }

  long refusals() {
    return refusals.sum();
  }
}
