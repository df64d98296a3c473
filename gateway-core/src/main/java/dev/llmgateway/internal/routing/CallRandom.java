package dev.llmgateway.internal.routing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The random source of one call: SplitMix64 from a per-call seed. Cheap (one long), not
 * thread-safe, used on the thread running the call. The seeds come from {@link Seeds}.
 */
public final class CallRandom implements RandomGenerator {
  private final long seed;
  private long state;

  public CallRandom(long seed) {
    this.seed = seed;
    this.state = seed;
  }

  /** An independent stream from the same seed, leaving this one untouched. */
  public CallRandom fork() {
    return new CallRandom(seed ^ 0x5DEECE66DL * 0x9E3779B97F4A7C15L);
  }

  @Override
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Hands out per-call seeds. With a base seed, the n-th call's seed is a function of the base and
   * n, so {@link #peek()} tells the next call's seed without taking it (this is how {@code explain}
   * predicts the next call). With a user's random source, each seed is drawn from it and cannot be
   * peeked.
   */
  public static final class Seeds {
    private final long base;
    private final AtomicLong counter = new AtomicLong();
    private final @Nullable RandomGenerator source;

    /** Seeds derived from a base seed. */
    public Seeds(long base) {
      this.base = base;
      this.source = null;
    }

    /** Seeds drawn from a random source (thread-safe, as the builder requires). */
    public Seeds(RandomGenerator source) {
      this.base = 0;
      this.source = source;
    }

    /** The next call's random source, advancing. */
    public CallRandom next() {
      RandomGenerator s = source;
      return new CallRandom(s != null ? s.nextLong() : seed(counter.getAndIncrement()));
    }

    /**
     * The random source the next call will get, without advancing (a dry run); with a user's random
     * source it draws a fresh seed instead.
     */
    public CallRandom peek() {
      RandomGenerator s = source;
      return new CallRandom(s != null ? s.nextLong() : seed(counter.get()));
    }

    private long seed(long n) {
      return new CallRandom(base ^ (n * 0xD1B54A32D192ED03L)).nextLong();
    }
  }
}
