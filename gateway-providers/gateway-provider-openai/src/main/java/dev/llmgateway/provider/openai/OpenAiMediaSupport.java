package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ProviderSettings;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which media endpoints ({@code images/generations}, {@code audio/transcriptions}, {@code
 * audio/speech}) each profile's server offers, and which models serve which.
 *
 * <table>
 *   <caption>Media endpoints per profile (the {@code media} option overrides)</caption>
 *   <tr><th>profile</th><th>images</th><th>transcription</th><th>speech</th></tr>
 *   <tr><td>{@code openai}</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@code azure-openai}</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@code groq}</td><td>no</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@code together}</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@code mistral}</td><td>no</td><td>yes</td><td>no</td></tr>
 *   <tr><td>{@code gemini}</td><td>yes (Imagen)</td><td>no</td><td>no</td></tr>
 *   <tr><td>{@code vllm}</td><td>no</td><td>yes (Whisper models)</td><td>no</td></tr>
 *   <tr><td>{@code vertex}, {@code ollama}, {@code openrouter}, {@code
 *       openai-compatible}</td><td>no</td><td>no</td><td>no</td></tr>
 * </table>
 *
 * <p>The option {@code media} replaces a profile's row: {@code none}, or a comma-separated list of
 * {@code images}, {@code transcription} and {@code speech} (for an {@code openai-compatible} proxy
 * that serves them, say).
 *
 * <p>Per model, the known media models do only their one thing ({@code dall-e-*}, {@code
 * gpt-image-*} and {@code imagen-*} images; {@code whisper*}, {@code *-transcribe*} and {@code
 * voxtral*} transcription; {@code tts-*} and {@code *-tts*} speech), known chat and embedding
 * families do no media, and other names get the provider's capabilities.
 */
final class OpenAiMediaSupport {
  /** The option that overrides a profile's media endpoints. */
  static final String OPTION = "media";

  /** A profile's media endpoints. */
  record Media(boolean images, boolean transcription, boolean speech) {
    static final Media NONE = new Media(false, false, false);
    static final Media ALL = new Media(true, true, true);
  }

  private static final Map<String, Media> BY_PROFILE =
      Map.of(
          "openai", Media.ALL,
          "azure-openai", Media.ALL,
          "groq", new Media(false, true, true),
          "together", Media.ALL,
          "mistral", new Media(false, true, false),
          "gemini", new Media(true, false, false),
          "vllm", new Media(false, true, false));

  private static final String[] CHAT_FAMILIES = {
    "gpt-3",
    "gpt-4",
    "gpt-5",
    "o1",
    "o3",
    "o4",
    "chatgpt",
    "text-embedding",
    "claude",
    "gemini",
    "llama",
    "meta-llama",
    "mistral",
    "mixtral",
    "codestral",
    "qwen",
    "deepseek",
    "gemma"
  };

  private OpenAiMediaSupport() {}

  /**
   * The media endpoints of a provider instance: its profile's, or the {@code media} option's.
   *
   * @throws ConfigurationException if the option names something unknown
   */
  static Media of(OpenAiProfile profile, ProviderSettings settings) {
    String option = settings.option(OPTION);
    if (option == null) {
      return BY_PROFILE.getOrDefault(profile.name(), Media.NONE);
    }
    boolean images = false;
    boolean transcription = false;
    boolean speech = false;
    for (String raw : option.split(",")) {
      String item = raw.trim().toLowerCase(Locale.ROOT);
      switch (item) {
        case "none" -> {}
        case "images" -> images = true;
        case "transcription" -> transcription = true;
        case "speech" -> speech = true;
        default ->
            throw new ConfigurationException(
                "Provider '"
                    + settings.name()
                    + "' option '"
                    + OPTION
                    + "' must list images, transcription and speech (or say none), but has '"
                    + raw.trim()
                    + "'");
      }
    }
    return new Media(images, transcription, speech);
  }

  /** What one model can do, given what the provider instance can. */
  static Capabilities forModel(String model, Capabilities provider) {
    String m = bareName(model);
    Media only = mediaModel(m);
    if (only != null) {
      return new Capabilities(false, false, false, false, false, false)
          .withMedia(
              only.images() && provider.images(),
              only.transcription() && provider.transcription(),
              only.speech() && provider.speech());
    }
    for (String family : CHAT_FAMILIES) {
      if (m.startsWith(family)) {
        return provider.withMedia(false, false, false);
      }
    }
    return provider;
  }

  /** Whether the model is one of OpenAI's GPT image models, which always answer with bytes. */
  static boolean isGptImage(String model) {
    return bareName(model).startsWith("gpt-image");
  }

  /** The media a known media model serves, or null for other models. */
  private static @Nullable Media mediaModel(String m) {
    if (m.startsWith("dall-e") || m.startsWith("gpt-image") || m.startsWith("imagen")) {
      return new Media(true, false, false);
    }
    if (m.contains("whisper") || m.contains("-transcribe") || m.startsWith("voxtral")) {
      return new Media(false, true, false);
    }
    if (m.startsWith("tts-") || m.contains("-tts")) {
      return new Media(false, false, true);
    }
    return null;
  }

  /** The model id without a publisher or organisation prefix, lower case. */
  private static String bareName(String model) {
    int slash = model.lastIndexOf('/');
    return model.substring(slash + 1).toLowerCase(Locale.ROOT);
  }
}
