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
   * Pick per model: the Responses endpoint for models served only there (for OpenAI the codex and
   * {@code -pro} families, or a model whose chat call answered that it is served only by the
   * Responses endpoint); otherwise the chat endpoint, moving to the completion endpoint only when
   * the answer says the endpoint or model does not support chat. Never moves on other errors.
   */
  AUTO,
  /**
   * The Responses endpoint (for OpenAI and Azure OpenAI: {@code /v1/responses}), stateless by
   * default ({@code store: false}); the same normalized request and answer as {@link #CHAT}.
   */
  RESPONSES
}
