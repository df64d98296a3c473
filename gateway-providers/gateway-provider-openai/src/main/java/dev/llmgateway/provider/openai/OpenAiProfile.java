package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.ProviderSettings;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * What differs between OpenAI and the endpoints that speak its dialect: base URL, how the key is
 * sent, how paths are built and which request fields they accept. One instance per known profile;
 * immutable.
 *
 * @param name the profile name, as given in {@link ProviderSettings#profile()}
 * @param defaultBaseUrl the base URL used when the settings give none
 * @param auth how the key is sent
 * @param chatPath the chat completions path below the base URL
 * @param embeddingsPath the embeddings path below the base URL
 * @param maxCompletionTokens whether the output limit is sent as {@code max_completion_tokens}
 *     (newer OpenAI models reject {@code max_tokens}) rather than {@code max_tokens}
 * @param streamUsage whether streams ask for a final usage chunk with {@code stream_options}
 */
record OpenAiProfile(
    String name,
    String defaultBaseUrl,
    Auth auth,
    String chatPath,
    String embeddingsPath,
    boolean maxCompletionTokens,
    boolean streamUsage) {

  /** How a profile sends the key. */
  enum Auth {
    /** {@code Authorization: Bearer <key>}. */
    BEARER,
    /** {@code api-key: <key>} (Azure OpenAI). */
    API_KEY_HEADER
  }

  static final OpenAiProfile OPENAI =
      new OpenAiProfile(
          "openai",
          OpenAiProviderFactory.DEFAULT_BASE_URL,
          Auth.BEARER,
          "chat/completions",
          "embeddings",
          true,
          true);

  private static final Map<String, OpenAiProfile> KNOWN = new TreeMap<>(Map.of("openai", OPENAI));

  /**
   * The profile the settings ask for: {@code openai} when they name none.
   *
   * @throws ConfigurationException naming the unknown profile and the known ones
   */
  static OpenAiProfile of(ProviderSettings settings) {
    String requested = settings.profile();
    if (requested == null) {
      return OPENAI;
    }
    OpenAiProfile profile = KNOWN.get(requested);
    if (profile == null) {
      throw new ConfigurationException(
          "Provider '"
              + settings.name()
              + "' has unknown profile '"
              + requested
              + "'; known profiles: "
              + KNOWN.keySet());
    }
    return profile;
  }

  /**
   * The base URL: the settings' if given, else the profile's default.
   *
   * @throws ConfigurationException if the URL cannot be parsed
   */
  HttpUrl baseUrl(ProviderSettings settings) {
    String url = settings.baseUrl() != null ? settings.baseUrl() : defaultBaseUrl;
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new ConfigurationException(
          "Provider '" + settings.name() + "' baseUrl is not a valid URL: '" + url + "'");
    }
    return parsed;
  }

  HttpUrl chatUrl(HttpUrl base, String model) {
    return base.newBuilder().addPathSegments(chatPath).build();
  }

  HttpUrl embeddingsUrl(HttpUrl base, String model) {
    return base.newBuilder().addPathSegments(embeddingsPath).build();
  }

  void authenticate(Request.Builder request, String key) {
    switch (auth) {
      case BEARER -> request.header("Authorization", "Bearer " + key);
      case API_KEY_HEADER -> request.header("api-key", key);
    }
  }

  /** The profile's name and base URL; nothing secret. */
  @Override
  public String toString() {
    return "OpenAiProfile[" + name + ", " + defaultBaseUrl + "]";
  }
}
