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
 * @param reasoning a reasoning effort or thinking budget on chat calls
 * @param promptCaching cache markers on prompt prefixes
 * @param images image generation calls
 * @param transcription speech-to-text calls
 * @param speech text-to-speech calls
 */
public record Capabilities(
    boolean chat,
    boolean streaming,
    boolean tools,
    boolean vision,
    boolean jsonMode,
    boolean embeddings,
    boolean reasoning,
    boolean promptCaching,
    boolean images,
    boolean transcription,
    boolean speech) {

  /** Everything. */
  public static final Capabilities ALL =
      new Capabilities(true, true, true, true, true, true, true, true, true, true, true);

  /** Plain and streamed chat only. */
  public static final Capabilities CHAT_ONLY =
      new Capabilities(true, true, false, false, false, false);

  /**
   * The chat and embedding capabilities; reasoning, prompt caching, images and audio are off.
   *
   * @param chat chat calls
   * @param streaming streamed chat calls
   * @param tools tool calling
   * @param vision images in user messages
   * @param jsonMode JSON object and JSON schema response formats
   * @param embeddings embedding calls
   */
  public Capabilities(
      boolean chat,
      boolean streaming,
      boolean tools,
      boolean vision,
      boolean jsonMode,
      boolean embeddings) {
    this(chat, streaming, tools, vision, jsonMode, embeddings, false, false, false, false, false);
  }

  /**
   * A copy with reasoning and prompt caching set.
   *
   * @param reasoning a reasoning effort or thinking budget on chat calls
   * @param promptCaching cache markers on prompt prefixes
   * @return the copy
   */
  public Capabilities withChatExtras(boolean reasoning, boolean promptCaching) {
    return new Capabilities(
        chat,
        streaming,
        tools,
        vision,
        jsonMode,
        embeddings,
        reasoning,
        promptCaching,
        images,
        transcription,
        speech);
  }

  /**
   * A copy with the media capabilities set.
   *
   * @param images image generation calls
   * @param transcription speech-to-text calls
   * @param speech text-to-speech calls
   * @return the copy
   */
  public Capabilities withMedia(boolean images, boolean transcription, boolean speech) {
    return new Capabilities(
        chat,
        streaming,
        tools,
        vision,
        jsonMode,
        embeddings,
        reasoning,
        promptCaching,
        images,
        transcription,
        speech);
  }
}
