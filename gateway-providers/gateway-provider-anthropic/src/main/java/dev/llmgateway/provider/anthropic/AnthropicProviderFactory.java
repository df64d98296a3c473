package dev.llmgateway.provider.anthropic;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;

/**
 * Creates providers of type {@code anthropic}: the Anthropic Messages API ({@code POST
 * /v1/messages}), sent to {@value #DEFAULT_BASE_URL} unless {@link ProviderSettings#baseUrl()} says
 * otherwise, with the key in the {@code x-api-key} header. Found through {@link
 * java.util.ServiceLoader}.
 *
 * <pre>{@code
 * Provider claude = new AnthropicProviderFactory().create(
 *     ProviderSettings.builder("claude", "anthropic")
 *         .key(ProviderKey.of("primary", Secret.env("ANTHROPIC_API_KEY")))
 *         .build());
 * }</pre>
 *
 * <p>The base URL excludes the {@code /v1} path segment (as in Anthropic's own SDKs). Options:
 *
 * <ul>
 *   <li>{@value #OPTION_VERSION}: the {@code anthropic-version} header; defaults to {@value
 *       #DEFAULT_VERSION}.
 *   <li>{@value #OPTION_DEFAULT_MAX_TOKENS}: the {@code max_tokens} sent when a request sets none
 *       (Anthropic requires the field); defaults to a value per model family, see {@link
 *       #DEFAULT_MAX_TOKENS}.
 * </ul>
 *
 * <p>Mapping notes. System messages, wherever they appear, become the top-level {@code system};
 * consecutive turns of one role are merged, and tool results are sent as {@code tool_result} blocks
 * of a user turn. Anthropic has no JSON response mode: for {@code JSON_OBJECT} and {@code
 * JSON_SCHEMA} response formats the provider adds a system instruction that asks for a single JSON
 * object (quoting the schema), which models follow reliably but which Anthropic does not enforce.
 * Reasoning becomes extended or adaptive thinking by model version ({@code ClaudeThinking}), whose
 * signed thinking blocks come back as reasoning and are sent back unmodified; cache markers become
 * {@code cache_control} blocks. The request's {@code seed} is ignored (Anthropic has none); {@code
 * endUser} is sent as {@code metadata.user_id}; {@code extraParams} replace or add top-level body
 * fields, except {@code stream}. {@link ProviderSettings#headers()} (such as {@code
 * anthropic-beta}) are sent with every request. Providers share the connection pool of {@link
 * dev.llmgateway.provider.http.HttpClients#shared()}.
 *
 * <p>Stateless and thread-safe.
 */
public final class AnthropicProviderFactory implements ProviderFactory {
  /** The type name: {@value}. */
  public static final String TYPE = "anthropic";

  /** Anthropic's API base URL, without {@code /v1}: {@value}. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

  /** The {@code anthropic-version} header sent by default: {@value}. */
  public static final String DEFAULT_VERSION = "2023-06-01";

  /** The option that overrides the {@code anthropic-version} header: {@value}. */
  public static final String OPTION_VERSION = "anthropic-version";

  /** The option that overrides the default {@code max_tokens}: {@value}. */
  public static final String OPTION_DEFAULT_MAX_TOKENS = "default-max-tokens";

  /**
   * The {@code max_tokens} sent for an unknown model when the request sets none: {@value}, which
   * every Claude model accepts. Known families get their own default: {@value #CLAUDE_3_MAX_TOKENS}
   * for Claude 3 ({@code claude-3-opus}, {@code -sonnet}, {@code -haiku}, its hard limit), {@value
   * #CLAUDE_3_5_MAX_TOKENS} for Claude 3.5 (its hard limit) and {@value #CLAUDE_CURRENT_MAX_TOKENS}
   * for Claude 3.7 and the {@code claude-opus-*}, {@code claude-sonnet-*} and {@code
   * claude-haiku-*} families (well below their limits, so that a forgotten limit does not make
   * every answer expensive).
   */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /** The default {@code max_tokens} of Claude 3 models: {@value}. */
  public static final int CLAUDE_3_MAX_TOKENS = 4096;

  /** The default {@code max_tokens} of Claude 3.5 models: {@value}. */
  public static final int CLAUDE_3_5_MAX_TOKENS = 8192;

  /** The default {@code max_tokens} of Claude 3.7 and later models: {@value}. */
  public static final int CLAUDE_CURRENT_MAX_TOKENS = 16384;

  /** Creates the factory; {@link java.util.ServiceLoader} needs this constructor. */
  public AnthropicProviderFactory() {}

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
   * Creates an Anthropic provider instance.
   *
   * @param settings the instance's settings
   * @return the provider
   * @throws ConfigurationException if the base URL is invalid or {@value
   *     #OPTION_DEFAULT_MAX_TOKENS} is not a positive integer
   */
  @Override
  public Provider create(ProviderSettings settings) {
    return new AnthropicProvider(settings);
  }

  /**
   * Returns {@code true}: every call sends the key in the {@code x-api-key} header, and Anthropic
   * answers 401 without one.
   *
   * @param settings the instance's settings
   * @return {@code true}
   */
  @Override
  public boolean requiresKey(ProviderSettings settings) {
    return true;
  }

  /**
   * The {@code max_tokens} sent for a model when the request sets none.
   *
   * @param model the model id, such as {@code claude-haiku-4-5}
   * @return the default limit
   */
  static int defaultMaxTokens(String model) {
    if (model.startsWith("claude-3-5-")) {
      return CLAUDE_3_5_MAX_TOKENS;
    }
    if (model.startsWith("claude-3-7-")
        || model.startsWith("claude-opus-")
        || model.startsWith("claude-sonnet-")
        || model.startsWith("claude-haiku-")) {
      return CLAUDE_CURRENT_MAX_TOKENS;
    }
    if (model.startsWith("claude-3-")) {
      return CLAUDE_3_MAX_TOKENS;
    }
    return DEFAULT_MAX_TOKENS;
  }
}
