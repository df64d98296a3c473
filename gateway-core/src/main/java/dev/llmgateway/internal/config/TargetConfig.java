package dev.llmgateway.internal.config;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.EndpointMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One target of an alias as configured.
 *
 * @param ref the provider and model
 * @param weight the share of traffic
 * @param keyIds the keys this target may use (a pinned key or a sub-pool), empty for all of the
 *     provider's keys
 * @param endpointMode the endpoint mode handed to the provider
 * @param temperature a temperature that replaces the request's, or {@code null}
 * @param maxTokens a max-tokens value that replaces the request's, or {@code null}
 * @param extraParams provider parameters merged over the request's
 * @param contextWindow the model's context window in tokens, 0 if not configured
 * @param inputNanosPerMillion the price hint per million input tokens in nano-dollars, -1 if none
 * @param outputNanosPerMillion the price hint per million output tokens in nano-dollars, -1 if none
 */
public record TargetConfig(
    TargetRef ref,
    int weight,
    List<String> keyIds,
    EndpointMode endpointMode,
    @Nullable Double temperature,
    @Nullable Integer maxTokens,
    Map<String, @Nullable Object> extraParams,
    int contextWindow,
    long inputNanosPerMillion,
    long outputNanosPerMillion) {

  /** Output tokens assumed for a cost estimate when the request sets no {@code maxTokens}. */
  public static final int DEFAULT_EXPECTED_OUTPUT_TOKENS = 256;

  /**
   * Copies the collections.
   *
   * @param ref the provider and model
   * @param weight the share of traffic
   * @param keyIds the keys this target may use (a pinned key or a sub-pool), empty for all of the
   *     provider's keys
   * @param endpointMode the endpoint mode handed to the provider
   * @param temperature a temperature that replaces the request's, or {@code null}
   * @param maxTokens a max-tokens value that replaces the request's, or {@code null}
   * @param extraParams provider parameters merged over the request's
   * @param contextWindow the model's context window in tokens, 0 if not configured
   * @param inputNanosPerMillion the price hint per million input tokens in nano-dollars, -1 if none
   * @param outputNanosPerMillion the price hint per million output tokens in nano-dollars, -1 if
   *     none
   */
  public TargetConfig {
    keyIds = List.copyOf(keyIds);
    extraParams = Collections.unmodifiableMap(new LinkedHashMap<>(extraParams));
  }

  /**
   * A plain target: all keys, chat endpoint, no overrides, nothing known.
   *
   * @param ref the target
   * @return the configuration
   */
  public static TargetConfig plain(TargetRef ref) {
    return new TargetConfig(ref, 1, List.of(), EndpointMode.CHAT, null, null, Map.of(), 0, -1, -1);
  }

  /**
   * This target with another endpoint mode.
   *
   * @param mode the endpoint mode
   * @return the copy, or {@code this} if the mode is unchanged
   */
  public TargetConfig withEndpointMode(EndpointMode mode) {
    if (mode == endpointMode) {
      return this;
    }
    return new TargetConfig(
        ref,
        weight,
        keyIds,
        mode,
        temperature,
        maxTokens,
        extraParams,
        contextWindow,
        inputNanosPerMillion,
        outputNanosPerMillion);
  }

  public RoutingStrategy.Candidate candidate() {
    return new RoutingStrategy.Candidate(ref, weight);
  }

  public boolean hasOverrides() {
    return temperature != null || maxTokens != null || !extraParams.isEmpty();
  }

  /** The request as this target receives it: its model, with the target's overrides merged in. */
  public ChatRequest apply(ChatRequest request) {
    if (!hasOverrides()) {
      return request.withModel(ref.model());
    }
    ChatRequest.Builder b = request.toBuilder().model(ref.model());
    if (temperature != null) {
      b.temperature(temperature);
    }
    if (maxTokens != null) {
      b.maxTokens(maxTokens);
    }
    extraParams.forEach(b::extraParam);
    return b.build();
  }

  /**
   * This configuration with what it does not set taken from the catalog price: the context window
   * and the price hint.
   */
  public TargetConfig withCatalogDefaults(dev.llmgateway.pricing.@Nullable ModelPrice price) {
    if (price == null
        || (contextWindow > 0 && inputNanosPerMillion >= 0 && outputNanosPerMillion >= 0)) {
      return this;
    }
    boolean hint = inputNanosPerMillion < 0 || outputNanosPerMillion < 0;
    return new TargetConfig(
        ref,
        weight,
        keyIds,
        endpointMode,
        temperature,
        maxTokens,
        extraParams,
        contextWindow > 0 ? contextWindow : price.contextWindow(),
        hint ? price.inputPerMillion().nanos() : inputNanosPerMillion,
        hint ? price.outputPerMillion().nanos() : outputNanosPerMillion);
  }

  /** Whether the target has a price hint (configured or from the catalog). */
  public boolean hasPriceHint() {
    return inputNanosPerMillion >= 0 && outputNanosPerMillion >= 0;
  }

  /**
   * Estimated cost in nano-dollars (rounded up, integer arithmetic), or -1 without a price hint.
   */
  public long estimatedCostNanos(long promptTokens, @Nullable Integer requestMaxTokens) {
    if (inputNanosPerMillion < 0 || outputNanosPerMillion < 0) {
      return -1;
    }
    long out = maxTokens != null ? maxTokens : requestMaxTokens != null ? requestMaxTokens : 256;
    try {
      long femtos =
          Math.addExact(
              Math.multiplyExact(promptTokens, inputNanosPerMillion),
              Math.multiplyExact(out, outputNanosPerMillion));
      return (femtos + 999_999) / 1_000_000;
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return ref + "(" + weight + ")";
  }
}
