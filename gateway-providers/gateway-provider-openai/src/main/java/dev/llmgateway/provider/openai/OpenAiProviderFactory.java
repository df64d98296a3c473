package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;

/**
 * Creates providers of type {@code openai}: the OpenAI Chat Completions and Embeddings APIs, sent
 * to {@value #DEFAULT_BASE_URL} unless {@link ProviderSettings#baseUrl()} says otherwise, with
 * {@code Authorization: Bearer <key>}. Found through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * Provider openai = new OpenAiProviderFactory().create(
 *     ProviderSettings.builder("openai", "openai")
 *         .key(ProviderKey.of("primary", Secret.env("OPENAI_API_KEY")))
 *         .build());
 * }</pre>
 *
 * <p>{@link ProviderSettings#profile()} selects an OpenAI-compatible endpoint; an unknown name is a
 * {@link ConfigurationException} listing the known ones. Each profile has a default base URL, an
 * auth style and a table of quirks (docs/openai-compatible.md has the details):
 *
 * <table>
 *   <caption>Profiles</caption>
 *   <tr><th>profile</th><th>base URL</th><th>auth</th><th>quirks</th></tr>
 *   <tr><td>{@code openai} (default)</td><td>{@code https://api.openai.com/v1}</td>
 *       <td>Bearer</td><td>{@code max_completion_tokens}</td></tr>
 *   <tr><td>{@code azure-openai}</td><td>required: the resource endpoint</td>
 *       <td>{@code api-key} header</td><td>{@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=}
 *       (option {@code api-version}, default {@code 2024-10-21}; {@code v1} selects {@code
 *       {endpoint}/openai/v1/chat/completions}); the deployment is the model id unless option
 *       {@code deployment} or {@code deployments} ({@code model=deployment,...}) maps it, and is
 *       sent as {@code model}</td></tr>
 *   <tr><td>{@code gemini}</td><td>{@code https://generativelanguage.googleapis.com/v1beta/openai}</td>
 *       <td>Bearer</td><td>{@code max_tokens}; no {@code stream_options}</td></tr>
 *   <tr><td>{@code vertex}</td><td>{@code https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/endpoints/openapi}</td>
 *       <td>OAuth2 access token minted from the key, which holds a service-account JSON key; needs
 *       {@code com.google.auth:google-auth-library-oauth2-http}</td><td>options {@code project}
 *       (required), {@code location} (default {@code us-central1}), {@code
 *       token-refresh-margin-seconds} (default 300); {@code google/} model prefix; {@code
 *       max_tokens}; no {@code stream_options}</td></tr>
 *   <tr><td>{@code ollama}</td><td>{@code http://localhost:11434/v1}</td><td>none needed</td>
 *       <td>{@code max_tokens}</td></tr>
 *   <tr><td>{@code vllm}</td><td>required</td><td>optional Bearer</td><td>{@code max_tokens}</td></tr>
 *   <tr><td>{@code groq}</td><td>{@code https://api.groq.com/openai/v1}</td><td>Bearer</td>
 *       <td>drops {@code messages[].name}, {@code logprobs}, {@code top_logprobs}, {@code
 *       logit_bias}</td></tr>
 *   <tr><td>{@code mistral}</td><td>{@code https://api.mistral.ai/v1}</td><td>Bearer</td>
 *       <td>{@code random_seed}; tool choice {@code any}; {@code max_tokens}; drops {@code user};
 *       no {@code stream_options}</td></tr>
 *   <tr><td>{@code openrouter}</td><td>{@code https://openrouter.ai/api/v1}</td><td>Bearer</td>
 *       <td>options {@code http-referer} / {@code x-title} become the {@code HTTP-Referer} / {@code
 *       X-Title} headers; {@code max_tokens}</td></tr>
 *   <tr><td>{@code together}</td><td>{@code https://api.together.xyz/v1}</td><td>Bearer</td>
 *       <td>{@code max_tokens}</td></tr>
 *   <tr><td>{@code openai-compatible}</td><td>required</td><td>optional Bearer</td>
 *       <td>{@code max_tokens}</td></tr>
 * </table>
 *
 * <p>Keyless profiles ({@code ollama}, {@code vllm}, {@code openai-compatible}) send no credentials
 * when the call's key has the id {@code none}, which the client passes when no key is configured;
 * the other profiles fail such a call with {@code AUTHENTICATION}.
 *
 * <p>{@link dev.llmgateway.spi.ProviderCall#endpointMode()} picks the endpoint: {@code CHAT} uses
 * {@code chat/completions}; {@code COMPLETIONS} uses the legacy {@code completions} endpoint with
 * the messages flattened into one prompt (tools, tool choice, response formats and images fail with
 * {@code INVALID_REQUEST} naming the field); {@code RESPONSES} uses the Responses API ({@code
 * responses}, stateless unless the request says {@code store(true)}; its stream is read past its
 * preamble before {@code stream()} returns, so that a failure announced before the first content
 * fails the call); {@code AUTO} uses the Responses API for Responses-only models and requests that
 * continue a stored response, else tries chat and moves to completions only when the answer says
 * the endpoint or model does not support chat (never on 429, 5xx or authentication errors), and
 * remembers both per model. Reasoning becomes {@code reasoning_effort} (Gemini's thinking budget on
 * the Google profiles) and {@code promptCacheKey} {@code prompt_cache_key} on the {@code openai}
 * and {@code azure-openai} profiles. {@link ProviderSettings#headers()} are sent with every
 * request. Providers share the connection pool of {@link
 * dev.llmgateway.provider.http.HttpClients#shared()}.
 *
 * <p>Media: {@code images/generations}, {@code audio/transcriptions} (multipart, plain and
 * streamed) and {@code audio/speech} (streamed audio) on the profiles whose servers offer them
 * ({@code openai}, {@code azure-openai} and {@code together} all three, {@code groq} transcription
 * and speech, {@code mistral} and {@code vllm} transcription, {@code gemini} images); the option
 * {@code media} ({@code none} or a list of {@code images}, {@code transcription}, {@code speech})
 * overrides that, and a media call to a profile without the endpoint fails with {@code
 * INVALID_REQUEST} before anything is sent.
 *
 * <p>Stateless and thread-safe.
 */
public final class OpenAiProviderFactory implements ProviderFactory {
  /** The type name: {@value}. */
  public static final String TYPE = "openai";

  /** OpenAI's API base URL: {@value}. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** Creates the factory; {@link java.util.ServiceLoader} needs this constructor. */
  public OpenAiProviderFactory() {}

  /**
   * Returns {@value #TYPE}.
   *
   * @return the type name
   */
  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Creates an OpenAI provider instance.
   *
   * @param settings the instance's settings
   * @return the provider
   * @throws ConfigurationException if the profile is unknown, a required base URL or option is
   *     missing or invalid, or the vertex profile lacks Google's auth library
   */
  @Override
  public Provider create(ProviderSettings settings) {
    return new OpenAiProvider(settings);
  }

  /**
   * Whether the settings' profile needs a key: every profile but the keyless {@code ollama}, {@code
   * vllm} and {@code openai-compatible}, whose servers often run without authentication.
   *
   * @param settings the instance's settings
   * @return {@code true} unless the profile is keyless
   * @throws ConfigurationException if the profile is unknown, listing the known ones
   */
  @Override
  public boolean requiresKey(ProviderSettings settings) {
    return OpenAiProfile.of(settings).keyRequired();
  }
}
