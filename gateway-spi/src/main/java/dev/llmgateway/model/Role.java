package dev.llmgateway.model;

/** Who wrote a {@link Message}. */
public enum Role {
  /** Instructions to the model. */
  SYSTEM,
  /** The end user. */
  USER,
  /** The model. */
  ASSISTANT,
  /** The result of a tool call the model asked for. */
  TOOL
}
