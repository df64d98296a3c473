package dev.llmgateway.usage;

/** How a call ended, as a {@link UsageRecord} tells it. */
public enum UsageOutcome {
  /** The call answered (for streams: the stream was read to its end). */
  SUCCESS,
  /** A provider failure ended the call (see {@link UsageRecord#errorKind()}). */
  FAILURE,
  /** The caller cancelled the call or closed its stream before the end. */
  CANCELLED,
  /**
   * The gateway refused the call without a provider answering: invalid request, no route, budget or
   * quota exceeded, no capacity.
   */
  REFUSED
}
