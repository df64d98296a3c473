package dev.llmgateway.spi;

/**
 * Which of a provider's endpoints a target uses for chat calls. Providers with one chat endpoint
 * ignore it.
 */
public enum EndpointMode {
  /** The chat endpoint (for OpenAI: {@code /v1/chat/completions}). The default. */
  CHAT,
  /**
   * The legacy text-completion endpoint (for OpenAI: {@code /v1/completions}), with the messages
   * flattened into one prompt.
   */
  COMPLETIONS,
  /**
   * Try the chat endpoint; move to the completion endpoint only when the answer says the endpoint
   * or model does not support chat, never on other errors.
   */
  AUTO
}
