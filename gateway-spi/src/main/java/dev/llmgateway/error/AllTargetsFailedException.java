package dev.llmgateway.error;

import dev.llmgateway.model.Attempt;
import java.util.List;

/**
 * Every target of a call's plan was tried and none answered. Carries every attempt in order; each
 * attempt's exception is also added as suppressed, so a stack trace tells the whole story. The
 * cause is the last attempt's exception.
 */
public class AllTargetsFailedException extends GatewayException {
  private static final long serialVersionUID = 1L;

  /** The model or alias, or null. */
  private final String model;

  /** Every attempt, in order. */
  private final transient List<Attempt> attempts;

  /**
   * Creates the exception.
   *
   * @param model the model or alias the call asked for
   * @param attempts every attempt, in order
   * @param failures the exception of each failed attempt, in order
   * @throws IllegalArgumentException if there are no failures
   */
  public AllTargetsFailedException(
      String model, List<Attempt> attempts, List<? extends Throwable> failures) {
    super(message(model, attempts), last(failures));
    this.model = model;
    this.attempts = List.copyOf(attempts);
    for (int i = 0; i < failures.size() - 1; i++) {
      addSuppressed(failures.get(i));
    }
  }

  private static Throwable last(List<? extends Throwable> failures) {
    if (failures.isEmpty()) {
      throw new IllegalArgumentException("AllTargetsFailedException needs at least one failure");
    }
    return failures.get(failures.size() - 1);
  }

  private static String message(String model, List<Attempt> attempts) {
    StringBuilder sb =
        new StringBuilder("All ")
            .append(attempts.size())
            .append(" attempt(s) for '")
            .append(model)
            .append("' failed:");
    for (Attempt a : attempts) {
      sb.append(" [").append(a.target());
      if (a.keyId() != null) {
        sb.append('#').append(a.keyId());
      }
      sb.append(": ").append(a.errorKind()).append(']');
    }
    return sb.toString();
  }

  /**
   * The model or alias the call asked for.
   *
   * @return the requested model or alias
   */
  public String model() {
    return model;
  }

  /**
   * Every attempt, in order.
   *
   * @return the attempts
   */
  public List<Attempt> attempts() {
    return attempts;
  }

  /**
   * The kind of the last failure, which decided that nothing else was tried.
   *
   * @return the last attempt's error kind, or {@code null} if it was not a provider failure
   */
  public @org.jspecify.annotations.Nullable ErrorKind lastKind() {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).errorKind();
  }
}
