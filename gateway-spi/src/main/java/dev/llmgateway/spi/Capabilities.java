package dev.llmgateway.spi;

/**
 * What a provider can do. The router skips providers that lack what a request needs.
 *
 * @param chat chat calls
 * @param streaming streamed chat calls
 * @param tools tool calling
 * @param vision images in user messages
 * @param jsonMode JSON object and JSON schema response formats
 * @param embeddings embedding calls
 */
public record Capabilities(
    boolean chat,
    boolean streaming,
    boolean tools,
    boolean vision,
    boolean jsonMode,
    boolean embeddings) {

  /** Everything. */
  public static final Capabilities ALL = new Capabilities(true, true, true, true, true, true);

  /** Plain and streamed chat only. */
  public static final Capabilities CHAT_ONLY =
      new Capabilities(true, true, false, false, false, false);
}
