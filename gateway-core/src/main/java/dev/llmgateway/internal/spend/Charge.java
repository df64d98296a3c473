package dev.llmgateway.internal.spend;

import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one provider answer of a call charged its budgets when its reservation was settled, with the
 * route facts known at that moment, so that the call's usage record says what the budgets were
 * charged and token quotas count what was consumed. A call collects one per settled answer ({@link
 * CallState#charges()}): usually one; more when a user interceptor called {@code proceed()} more
 * than once.
 *
 * @param target the target the answer came from (for a stream, the one it was committed to)
 * @param keyId the id of the key used (never the key), or {@code null}
 * @param attempts the provider attempts made for this answer, its own included
 * @param usage the token counts the charge was computed from: reported, or estimated where the
 *     provider reported none (for a stream that ended early, what it consumed so far)
 * @param cost the settled cost ({@link Cost#UNKNOWN} when the model has no price)
 * @param completed whether the answer ended properly and was handed on (a whole chat or embedding
 *     answer, a stream read to its end); {@code false} for a stream closed early, cancelled, broken
 *     or abandoned, and for an answer that was billed but not handed on (a refusal the call fell
 *     back from)
 */
public record Charge(
    TargetRef target,
    @Nullable String keyId,
    int attempts,
    Usage usage,
    Cost cost,
    boolean completed) {

  /**
   * The sum of several charges: usage, cost and attempts added, the target and key of the last.
   *
   * @param charges the charges, in the order they were settled
   * @return the sum, the only charge itself, or {@code null} if there is none
   */
  public static @Nullable Charge total(List<Charge> charges) {
    if (charges.isEmpty()) {
      return null;
    }
    Charge sum = charges.get(0);
    for (int i = 1; i < charges.size(); i++) {
      Charge next = charges.get(i);
      sum =
          new Charge(
              next.target,
              next.keyId,
              sum.attempts + next.attempts,
              sum.usage.plus(next.usage),
              plus(sum.cost, next.cost),
              sum.completed && next.completed);
    }
    return sum;
  }

  /**
   * The sum of two costs: the known amounts added; {@link Cost.Status#REPORTED} when both were
   * reported, {@link Cost.Status#UNKNOWN} when neither price was known, else {@link
   * Cost.Status#ESTIMATED} (a part estimated, or a part without a price).
   *
   * @param a one cost
   * @param b the other
   * @return the sum
   */
  public static Cost plus(Cost a, Cost b) {
    Money amount = a.amount().plus(b.amount());
    if (!a.known() && !b.known()) {
      return Cost.UNKNOWN;
    }
    if (a.status() == Cost.Status.REPORTED && b.status() == Cost.Status.REPORTED) {
      return Cost.reported(amount);
    }
    return new Cost(amount, Cost.Status.ESTIMATED);
  }
}
