package dev.llmgateway.provider.bedrock;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Capabilities;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Friendly model names and the Bedrock model ids they stand for. Unknown names (full model ids,
 * inference profile ids, ARNs) pass through unchanged. With a cross-region prefix ({@code us},
 * {@code eu}, {@code apac}) the chat models are addressed through their system-defined cross-region
 * inference profile, whose id is the prefix, a dot and the model id; embedding models have no
 * profile and keep their id.
 *
 * <table>
 *   <caption>Friendly names</caption>
 *   <tr><th>name</th><th>Bedrock model id</th></tr>
 *   <tr><td>claude-haiku-4-5</td><td>anthropic.claude-haiku-4-5-20251001-v1:0</td></tr>
 *   <tr><td>claude-sonnet-4-5</td><td>anthropic.claude-sonnet-4-5-20250929-v1:0</td></tr>
 *   <tr><td>claude-3-5-haiku</td><td>anthropic.claude-3-5-haiku-20241022-v1:0</td></tr>
 *   <tr><td>nova-pro</td><td>amazon.nova-pro-v1:0</td></tr>
 *   <tr><td>nova-lite</td><td>amazon.nova-lite-v1:0</td></tr>
 *   <tr><td>nova-micro</td><td>amazon.nova-micro-v1:0</td></tr>
 *   <tr><td>llama3-3-70b</td><td>meta.llama3-3-70b-instruct-v1:0</td></tr>
 *   <tr><td>mistral-large</td><td>mistral.mistral-large-2407-v1:0</td></tr>
 *   <tr><td>titan-embed-text-v2</td><td>amazon.titan-embed-text-v2:0</td></tr>
 *   <tr><td>cohere-embed-english-v3</td><td>cohere.embed-english-v3</td></tr>
 *   <tr><td>cohere-embed-multilingual-v3</td><td>cohere.embed-multilingual-v3</td></tr>
 *   <tr><td>nova-canvas</td><td>amazon.nova-canvas-v1:0</td></tr>
 *   <tr><td>titan-image-generator-v2</td><td>amazon.titan-image-generator-v2:0</td></tr>
 * </table>
 */
final class BedrockModels {
  /** The option that selects cross-region inference profiles. */
  static final String CROSS_REGION_OPTION = "crossRegion";

  private static final Capabilities CHAT_AND_VISION =
      new Capabilities(true, true, true, true, false, false);
  private static final Capabilities CHAT_TEXT =
      new Capabilities(true, true, true, false, false, false);
  private static final Capabilities EMBEDDINGS =
      new Capabilities(false, false, false, false, false, true);
  private static final Capabilities IMAGES =
      new Capabilities(false, false, false, false, false, false).withMedia(true, false, false);

  /** A table row. */
  record Model(String id, Capabilities capabilities, boolean crossRegion) {}

  private static final Map<String, Model> TABLE =
      Map.ofEntries(
          chat("claude-haiku-4-5", "anthropic.claude-haiku-4-5-20251001-v1:0", CHAT_AND_VISION),
          chat("claude-sonnet-4-5", "anthropic.claude-sonnet-4-5-20250929-v1:0", CHAT_AND_VISION),
          chat("claude-3-5-haiku", "anthropic.claude-3-5-haiku-20241022-v1:0", CHAT_TEXT),
          chat("nova-pro", "amazon.nova-pro-v1:0", CHAT_AND_VISION),
          chat("nova-lite", "amazon.nova-lite-v1:0", CHAT_AND_VISION),
          chat("nova-micro", "amazon.nova-micro-v1:0", CHAT_TEXT),
          chat("llama3-3-70b", "meta.llama3-3-70b-instruct-v1:0", CHAT_TEXT),
          chat("mistral-large", "mistral.mistral-large-2407-v1:0", CHAT_TEXT),
          Map.entry(
              "titan-embed-text-v2", new Model("amazon.titan-embed-text-v2:0", EMBEDDINGS, false)),
          Map.entry(
              "cohere-embed-english-v3", new Model("cohere.embed-english-v3", EMBEDDINGS, false)),
          Map.entry(
              "cohere-embed-multilingual-v3",
              new Model("cohere.embed-multilingual-v3", EMBEDDINGS, false)),
          Map.entry("nova-canvas", new Model("amazon.nova-canvas-v1:0", IMAGES, false)),
          Map.entry(
              "titan-image-generator-v2",
              new Model("amazon.titan-image-generator-v2:0", IMAGES, false)));

  private final @Nullable String crossRegion;

  /**
   * Creates the mapping for one provider instance.
   *
   * @param provider the provider's name, for messages
   * @param crossRegion {@code us}, {@code eu}, {@code apac}, or {@code null} for none
   * @throws ConfigurationException if the prefix is not one of those
   */
  BedrockModels(String provider, @Nullable String crossRegion) {
    if (crossRegion != null) {
      crossRegion = crossRegion.trim().toLowerCase(Locale.ROOT);
      if (!crossRegion.equals("us") && !crossRegion.equals("eu") && !crossRegion.equals("apac")) {
        throw new ConfigurationException(
            "Provider '"
                + provider
                + "' option '"
                + CROSS_REGION_OPTION
                + "' must be us, eu or apac, was '"
                + crossRegion
                + "'");
      }
    }
    this.crossRegion = crossRegion;
  }

  private static Map.Entry<String, Model> chat(String name, String id, Capabilities caps) {
    return Map.entry(name, new Model(id, caps, true));
  }

  /** Returns the Bedrock model id (or inference profile id) for a model name. */
  String modelId(String model) {
    Model row = TABLE.get(model);
    if (row == null) {
      return model;
    }
    return crossRegion != null && row.crossRegion() ? crossRegion + "." + row.id() : row.id();
  }

  /**
   * Returns what a model can do: its table row's, image generation only for the ids of Amazon's
   * image models, and for other names {@code fallback} without image generation.
   */
  static Capabilities capabilities(String model, Capabilities fallback) {
    Model row = TABLE.get(model);
    if (row != null) {
      return row.capabilities();
    }
    return BedrockImages.isImageModel(model) ? IMAGES : fallback.withMedia(false, false, false);
  }

  /** Whether the (resolved) model id is a Cohere Embed model, which takes a batch of texts. */
  static boolean isCohereEmbed(String modelId) {
    return modelId.startsWith("cohere.embed") || modelId.contains(".cohere.embed");
  }
}
