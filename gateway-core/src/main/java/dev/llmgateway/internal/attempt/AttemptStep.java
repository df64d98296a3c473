package dev.llmgateway.internal.attempt;

/**
 * One step of the attempt tier (key, breaker permit, budget reservation, content verdict, a user's
 * attempt interceptor). A step proceeds at most once, and ends what it took (a permit, a
 * reservation) exactly once, in {@code finally} or when the rest fails.
 */
public interface AttemptStep {

  /**
   * Runs the step around the rest of the attempt.
   *
   * @param attempt the attempt under way
   * @param next the rest of the attempt
   * @return what the provider answered
   */
  <R> R proceed(AttemptContext attempt, Next<R> next);

  /** The rest of an attempt, as seen by one step. */
  interface Next<R> {

    /**
     * Runs the rest of the attempt.
     *
     * @param attempt the attempt under way
     * @return what the provider answered
     */
    R proceed(AttemptContext attempt);
  }
}
