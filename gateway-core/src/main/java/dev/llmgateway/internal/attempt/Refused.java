package dev.llmgateway.internal.attempt;

/**
 * Thrown by a step when the attempt cannot start on this key (its breaker refused a permit, a
 * disabled key's trial was taken by another call): nothing was called and nothing is held. The key
 * step then tries the next key; when none is left the attempt ends refused and the plan loop defers
 * the target. Carries no stack trace: it is control flow, never seen outside the attempt tier.
 */
final class Refused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Refused(String why) {
    super(why, null, false, false);
  }
}
