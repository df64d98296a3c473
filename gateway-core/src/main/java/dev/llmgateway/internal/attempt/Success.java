package dev.llmgateway.internal.attempt;

import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.model.Attempt;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempt that answered a call, with the failed attempts before it.
 *
 * @param value what the provider returned
 * @param attempt the successful attempt, with its key, timing and reservation
 * @param failed the failed attempts before it, in order
 * @param ok the successful attempt's record
 */
public record Success<R>(R value, AttemptContext attempt, List<Attempt> failed, Attempt ok) {

  /** Copies the list. */
  public Success {
    failed = List.copyOf(failed);
  }

  /** The target that answered. */
  public Plan.PlannedTarget target() {
    return attempt.target();
  }

  /** The id of the key that answered. */
  public String keyId() {
    return attempt.key().id();
  }

  /** When the successful attempt started, by the call's ticker. */
  public long startNanos() {
    return attempt.startNanos();
  }

  /** Every attempt, the successful one last. */
  public List<Attempt> all() {
    if (failed.isEmpty()) {
      return List.of(ok);
    }
    List<Attempt> all = new ArrayList<>(failed.size() + 1);
    all.addAll(failed);
    all.add(ok);
    return all;
  }

  /**
   * How many attempts the call made, the successful one included.
   *
   * @return the count, at least 1
   */
  public int count() {
    return failed.size() + 1;
  }

  /** A copy with one more failed attempt: a hedged attempt that lost. */
  Success<R> withLost(Attempt lost) {
    List<Attempt> more = new ArrayList<>(failed);
    more.add(lost);
    return new Success<>(value, attempt, more, ok);
  }
}
