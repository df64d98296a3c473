package dev.llmgateway.model;

/** Why the model stopped generating. */
public enum FinishReason {
  /** It finished its answer or hit a stop sequence. */
  STOP,
  /** It hit the maximum number of output tokens. */
  LENGTH,
  /** It stopped to let the application run tool calls. */
  TOOL_CALLS,
  /** A content filter cut the answer. */
  CONTENT_FILTER,
  /** Any other reason the provider gave. */
  OTHER
}
