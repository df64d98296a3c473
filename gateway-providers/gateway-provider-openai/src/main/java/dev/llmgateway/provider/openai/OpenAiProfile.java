package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.ProviderSettings;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What differs between OpenAI and the endpoints that speak its dialect: the default base URL, how
 * credentials are sent, how URLs are built, and the request fields each one names differently or
 * rejects. One immutable instance per known profile, chosen by {@link ProviderSettings#profile()}.
 *
 * <table>
 *   <caption>Known profiles and their quirks</caption>
 *   <tr><th>profile</th><th>default base URL</th><th>auth</th><th>quirks</th></tr>
 *   <tr><td>{@code openai}</td><td>{@code https://api.openai.com/v1}</td><td>Bearer key</td>
 *       <td>{@code max_completion_tokens}; streams ask for usage with {@code stream_options}</td></tr>
 *   <tr><td>{@code azure-openai}</td><td>none: the resource endpoint is required</td>
 *       <td>{@code api-key} header</td>
 *       <td>deployment URLs with {@code ?api-version=} (or the v1 path); {@code model} carries the
 *       deployment; {@code max_completion_tokens}</td></tr>
 *   <tr><td>{@code gemini}</td><td>{@code https://generativelanguage.googleapis.com/v1beta/openai}</td>
 *       <td>Bearer key</td><td>{@code max_tokens}; no {@code stream_options}</td></tr>
 *   <tr><td>{@code vertex}</td><td>{@code https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/endpoints/openapi}</td>
 *       <td>OAuth2 access token from service-account JSON</td>
 *       <td>model ids get a {@code google/} prefix unless they name a publisher; {@code
 *       max_tokens}; no {@code stream_options}</td></tr>
 *   <tr><td>{@code ollama}</td><td>{@code http://localhost:11434/v1}</td><td>none needed</td>
 *       <td>{@code max_tokens}</td></tr>
 *   <tr><td>{@code vllm}</td><td>none: required</td><td>optional Bearer key</td>
 *       <td>{@code max_tokens}</td></tr>
 *   <tr><td>{@code groq}</td><td>{@code https://api.groq.com/openai/v1}</td><td>Bearer key</td>
 *       <td>{@code max_completion_tokens}; drops {@code messages[].name}, {@code logprobs}, {@code
 *       top_logprobs}, {@code logit_bias} (Groq answers 400 to them); stream usage is read from
 *       {@code x_groq.usage} on the final chunk when no top-level usage chunk comes</td></tr>
 *   <tr><td>{@code mistral}</td><td>{@code https://api.mistral.ai/v1}</td><td>Bearer key</td>
 *       <td>{@code random_seed} for {@code seed}; tool choice {@code "any"} for {@code
 *       "required"}; {@code max_tokens}; drops {@code user}; no {@code stream_options}</td></tr>
 *   <tr><td>{@code openrouter}</td><td>{@code https://openrouter.ai/api/v1}</td><td>Bearer key</td>
 *       <td>{@code HTTP-Referer} / {@code X-Title} from the options {@code http-referer} / {@code
 *       x-title}; {@code max_tokens}</td></tr>
 *   <tr><td>{@code together}</td><td>{@code https://api.together.xyz/v1}</td><td>Bearer key</td>
 *       <td>{@code max_tokens}</td></tr>
 *   <tr><td>{@code openai-compatible}</td><td>none: required</td><td>optional Bearer key</td>
 *       <td>{@code max_tokens}</td></tr>
 * </table>
 *
 * @param name the profile name, as given in {@link ProviderSettings#profile()}
 * @param defaultBaseUrl the base URL used when the settings give none, or {@code null} if the
 *     settings must give one
 * @param auth how credentials are sent
 * @param keyRequired whether calls need a key; when not, a key with id {@value #NO_KEY_ID} sends no
 *     credentials
 * @param urls how URLs are built below the base URL
 * @param maxCompletionTokens whether the output limit is sent as {@code max_completion_tokens}
 *     (newer OpenAI models reject {@code max_tokens}) rather than {@code max_tokens}
 * @param streamUsage whether streams ask for a final usage chunk with {@code stream_options}
 * @param seedField the name of the seed field
 * @param requiredToolChoice what tool choice "required" is called
 * @param modelPrefix a prefix for model ids without a {@code /}, or empty
 * @param droppedFields request fields never sent (generated or extra); {@code messages[].name}
 *     stands for the name of each message
 */
record OpenAiProfile(
    String name,
    @Nullable String defaultBaseUrl,
    Auth auth,
    boolean keyRequired,
    Urls urls,
    boolean maxCompletionTokens,
    boolean streamUsage,
    String seedField,
    String requiredToolChoice,
    String modelPrefix,
    Set<String> droppedFields) {

  /** The id of the key the core passes when none is configured. */
  static final String NO_KEY_ID = "none";

  /** The pseudo field that stands for each message's {@code name}. */
  static final String MESSAGE_NAME = "messages[].name";

  /** How a profile sends credentials. */
  enum Auth {
    /** {@code Authorization: Bearer <key>}. */
    BEARER,
    /** {@code api-key: <key>} (Azure OpenAI). */
    API_KEY_HEADER,
    /** {@code Authorization: Bearer <access token>} minted from service-account JSON (Vertex). */
    GOOGLE_OAUTH
  }

  /** How a profile builds its URLs. */
  enum Urls {
    /** {@code {base}/chat/completions}, {@code {base}/completions}, {@code {base}/embeddings}. */
    STANDARD,
    /** {@code {endpoint}/openai/deployments/{deployment}/...?api-version=}, or the v1 path. */
    AZURE,
    /** {@code STANDARD} below a base URL built from the {@code project} and {@code location}. */
    VERTEX
  }

  OpenAiProfile {
    droppedFields = Set.copyOf(droppedFields);
  }

  private static OpenAiProfile compatible(String name, @Nullable String baseUrl, boolean keyed) {
    return new OpenAiProfile(
        name,
        baseUrl,
        Auth.BEARER,
        keyed,
        Urls.STANDARD,
        false,
        true,
        "seed",
        "required",
        "",
        Set.of());
  }

  static final OpenAiProfile OPENAI =
      new OpenAiProfile(
          "openai",
          OpenAiProviderFactory.DEFAULT_BASE_URL,
          Auth.BEARER,
          true,
          Urls.STANDARD,
          true,
          true,
          "seed",
          "required",
          "",
          Set.of());

  private static final Map<String, OpenAiProfile> KNOWN = new TreeMap<>();

  static {
    add(OPENAI);
    add(
        new OpenAiProfile(
            "azure-openai",
            null,
            Auth.API_KEY_HEADER,
            true,
            Urls.AZURE,
            true,
            true,
            "seed",
            "required",
            "",
            Set.of()));
    add(
        new OpenAiProfile(
            "gemini",
            "https://generativelanguage.googleapis.com/v1beta/openai",
            Auth.BEARER,
            true,
            Urls.STANDARD,
            false,
            false,
            "seed",
            "required",
            "",
            Set.of()));
    add(
        new OpenAiProfile(
            "vertex",
            null,
            Auth.GOOGLE_OAUTH,
            true,
            Urls.VERTEX,
            false,
            false,
            "seed",
            "required",
            "google/",
            Set.of()));
    add(compatible("ollama", "http://localhost:11434/v1", false));
    add(compatible("vllm", null, false));
    add(
        new OpenAiProfile(
            "groq",
            "https://api.groq.com/openai/v1",
            Auth.BEARER,
            true,
            Urls.STANDARD,
            true,
            true,
            "seed",
            "required",
            "",
            Set.of(MESSAGE_NAME, "logprobs", "top_logprobs", "logit_bias")));
    add(
        new OpenAiProfile(
            "mistral",
            "https://api.mistral.ai/v1",
            Auth.BEARER,
            true,
            Urls.STANDARD,
            false,
            false,
            "random_seed",
            "any",
            "",
            Set.of("user")));
    add(compatible("openrouter", "https://openrouter.ai/api/v1", true));
    add(compatible("together", "https://api.together.xyz/v1", true));
    add(compatible("openai-compatible", null, false));
  }

  private static void add(OpenAiProfile profile) {
    KNOWN.put(profile.name(), profile);
  }

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

  /** The names of every known profile, sorted. */
  static Set<String> names() {
    return KNOWN.keySet();
  }

  /** Whether a request field is sent to this profile. */
  boolean sends(String field) {
    return !droppedFields.contains(field);
  }

  /** The model id as the endpoint expects it. */
  String wireModel(String model) {
    if (modelPrefix.isEmpty() || model.indexOf('/') >= 0) {
      return model;
    }
    return modelPrefix + model;
  }

  /** The profile's name and default base URL; nothing secret. */
  @Override
  public String toString() {
    return "OpenAiProfile[" + name + ", " + defaultBaseUrl + "]";
  }
}
