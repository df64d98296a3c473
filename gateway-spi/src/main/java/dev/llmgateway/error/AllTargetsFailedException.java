package dev.llmgateway.error;

import dev.llmgateway.model.Attempt;
import java.util.List;
import java.util.Optional;

/**
 * Every target of a call's plan was tried and none answered. Carries every attempt in order; the
 * message lists each attempt's target, key, kind and one-line reason, such as
 *
 * <pre>
 * All 2 attempt(s) for 'fast' failed: [openai/gpt-4o-mini#primary: RATE_LIMITED: Provider 'openai'
 * (model 'gpt-4o-mini') answered HTTP 429 ...] [claude/claude-haiku-4-5#primary: UNAVAILABLE: ...]
 * </pre>
 *
 * <p>The cause is the last attempt's exception, which {@link #providerFailure()} also returns;
 * every earlier attempt's exception is added as suppressed, so a stack trace tells the whole story.
 */
public class AllTargetsFailedException extends GatewayException {
  private static final long serialVersionUID = 1L;

  /** The model or alias, or null. */
  private final String model;

  /** Every attempt, in order. */
  private final transient List<Attempt> attempts;

  /** The longest reason of one attempt kept in the message. */
  static final int MAX_REASON_CHARS = 300;

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
      sb.append(": ").append(a.errorKind());
      if (a.error() != null && !a.error().isBlank()) {
        sb.append(": ").append(oneLine(a.error()));
      }
      sb.append(']');
    }
    return sb.toString();
  }

  /** The reason on one line: whitespace runs collapsed, cut at {@link #MAX_REASON_CHARS}. */
  private static String oneLine(String reason) {
    StringBuilder sb = new StringBuilder(Math.min(reason.length(), MAX_REASON_CHARS + 3));
    boolean space = false;
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      if (Character.isWhitespace(c)) {
        space = sb.length() > 0;
        continue;
      }
      if (space) {
        sb.append(' ');
        space = false;
      }
      if (sb.length() >= MAX_REASON_CHARS) {
        return sb.append("...").toString();
      }
      sb.append(c);
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
   * The last attempt's failure, which decided that nothing else was tried.
   *
   * @return the cause when it is a provider failure, else empty
   */
  @Override
  public Optional<ProviderException> providerFailure() {
    return getCause() instanceof ProviderException p ? Optional.of(p) : Optional.empty();
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
