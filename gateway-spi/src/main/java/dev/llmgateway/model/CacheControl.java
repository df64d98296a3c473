package dev.llmgateway.model;

import org.jspecify.annotations.Nullable;

/**
 * A prompt-cache marker: the prompt up to and including the marked part (a message, the tools) is a
 * prefix the provider should cache. Mapped to Anthropic's {@code cache_control: {"type":
 * "ephemeral"}} and Bedrock's {@code cachePoint} blocks; providers that cache prefixes on their own
 * (OpenAI) ignore markers and take {@link ChatRequest#promptCacheKey()} instead.
 *
 * <pre>{@code
 * ChatRequest.builder()
 *     .model("claude")
 *     .message(Message.system(longInstructions).cacheable())          // 5 minutes
 *     .tools(tools).cacheTools(CacheControl.ttl(CacheControl.Ttl.ONE_HOUR))
 *     .user(question);
 * }</pre>
 *
 * <p>A request carries at most {@value ChatRequest#MAX_CACHE_MARKERS} markers, the limit of
 * Anthropic and Bedrock. Cache writes and reads appear in {@link Usage}.
 *
 * @param ttl how long the provider keeps the prefix, or {@code null} for its default (5 minutes on
 *     Anthropic and Bedrock)
 */
public record CacheControl(@Nullable Ttl ttl) {

  /** A marker with the provider's default lifetime (5 minutes on Anthropic and Bedrock). */
  public static final CacheControl EPHEMERAL = new CacheControl(null);

  /** The lifetimes providers accept for a cached prefix. */
  public enum Ttl {
    /** Five minutes, refreshed on every hit: {@code "5m"}. */
    FIVE_MINUTES("5m"),
    /** One hour, at a higher write price: {@code "1h"}. */
    ONE_HOUR("1h");

    private final String wire;

    Ttl(String wire) {
      this.wire = wire;
    }

    /**
     * The value providers take, {@code "5m"} or {@code "1h"}.
     *
     * @return the wire value
     */
    public String wireValue() {
      return wire;
    }
  }

  /**
   * A marker with an explicit lifetime.
   *
   * @param ttl the lifetime
   * @return the marker
   * @throws dev.llmgateway.error.InvalidRequestException if {@code ttl} is null
   */
  public static CacheControl ttl(Ttl ttl) {
    return new CacheControl(Checks.notNull(ttl, "cacheControl.ttl"));
  }
}
