package dev.llmgateway;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.internal.config.TargetConfig;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.spi.EndpointMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Configures one target of an alias inside {@link AliasSpec#target(String, String,
 * java.util.function.Consumer)}: its weight, which keys it uses, its endpoint mode, parameter
 * overrides, its context window and a price hint. Every setter checks its argument at once and
 * throws {@link ConfigurationException} naming the target and the value given.
 *
 * <pre>{@code
 * .alias("long", a -> a
 *     .target("openai", "gpt-4.1", t -> t.weight(3).contextWindow(1_000_000).maxTokens(4_000)
 *         .price(Money.usd("2.00"), Money.usd("8.00")))
 *     .target("claude", "claude-sonnet-4-5", t -> t.key("eu").temperature(0.2)))
 * }</pre>
 *
 * <p>Not thread-safe; used only while the builder runs its configurer.
 */
public final class TargetSpec {
  /** The weight of a target configured without one: 1. */
  public static final int DEFAULT_WEIGHT = 1;

  private final String alias;
  private final TargetRef ref;
  private int weight = DEFAULT_WEIGHT;
  private final List<String> keyIds = new ArrayList<>();
  private EndpointMode endpointMode = EndpointMode.CHAT;
  private @Nullable Double temperature;
  private @Nullable Integer maxTokens;
  private final Map<String, @Nullable Object> extraParams = new LinkedHashMap<>();
  private int contextWindow;
  private long inputNanos = -1;
  private long outputNanos = -1;

  TargetSpec(String alias, TargetRef ref) {
    this.alias = alias;
    this.ref = ref;
  }

  /**
   * Sets the target's share of traffic. Defaults to {@value #DEFAULT_WEIGHT}.
   *
   * @param weight at least 1
   * @return this spec
   * @throws ConfigurationException if below 1
   */
  public TargetSpec weight(int weight) {
    if (weight < 1) {
      throw fail("weight must be at least 1, was " + weight);
    }
    this.weight = weight;
    return this;
  }

  /**
   * Restricts the target to a key of its provider; call it several times for a sub-pool. The key
   * ids are checked by {@link GatewayClient.Builder#build()}. Defaults to every key of the
   * provider.
   *
   * @param keyId the key's id
   * @return this spec
   * @throws ConfigurationException if the id is blank or already given
   */
  public TargetSpec key(String keyId) {
    if (keyId == null || keyId.isBlank()) {
      throw fail("key id must not be blank, was " + (keyId == null ? "null" : "'" + keyId + "'"));
    }
    if (keyIds.contains(keyId)) {
      throw fail("already uses key '" + keyId + "'");
    }
    keyIds.add(keyId);
    return this;
  }

  /**
   * Sets which chat endpoint the provider calls for this target. Defaults to {@link
   * EndpointMode#CHAT}.
   *
   * @param mode the endpoint mode
   * @return this spec
   * @throws ConfigurationException if null
   */
  public TargetSpec endpointMode(EndpointMode mode) {
    if (mode == null) {
      throw fail("endpointMode must not be null");
    }
    this.endpointMode = mode;
    return this;
  }

  /**
   * Replaces the request's temperature when the call goes to this target. Defaults to the request's
   * own.
   *
   * @param temperature 0..2
   * @return this spec
   * @throws ConfigurationException if out of range
   */
  public TargetSpec temperature(double temperature) {
    if (Double.isNaN(temperature) || temperature < 0 || temperature > 2) {
      throw fail("temperature must be between 0 and 2, was " + temperature);
    }
    this.temperature = temperature;
    return this;
  }

  /**
   * Replaces the request's max output tokens when the call goes to this target. Defaults to the
   * request's own.
   *
   * @param maxTokens at least 1
   * @return this spec
   * @throws ConfigurationException if below 1
   */
  public TargetSpec maxTokens(int maxTokens) {
    if (maxTokens < 1) {
      throw fail("maxTokens must be at least 1, was " + maxTokens);
    }
    this.maxTokens = maxTokens;
    return this;
  }

  /**
   * Adds a provider parameter merged over the request's {@code extraParams} when the call goes to
   * this target. Defaults to none.
   *
   * @param name the JSON field name
   * @param value a JSON-like value
   * @return this spec
   * @throws ConfigurationException if the name is blank
   */
  public TargetSpec extraParam(String name, @Nullable Object value) {
    if (name == null || name.isBlank()) {
      throw fail("extraParam name must not be blank, was " + name);
    }
    extraParams.put(name, value);
    return this;
  }

  /**
   * Sets the model's context window in tokens. The router skips the target when the estimated
   * prompt (the client's {@link dev.llmgateway.pricing.TokenEstimator}) plus the request's {@code
   * maxTokens} does not fit, and after a {@code CONTEXT_LENGTH_EXCEEDED} answer skips targets whose
   * window is not larger. Defaults to unknown (never skipped).
   *
   * @param tokens at least 1
   * @return this spec
   * @throws ConfigurationException if below 1
   */
  public TargetSpec contextWindow(int tokens) {
    if (tokens < 1) {
      throw fail("contextWindow must be at least 1 token, was " + tokens);
    }
    this.contextWindow = tokens;
    return this;
  }

  /**
   * Sets a price hint for {@link dev.llmgateway.routing.RoutingStrategy#lowestCost()}. Defaults to
   * none (such targets rank last).
   *
   * @param inputPerMillion the price of a million input tokens
   * @param outputPerMillion the price of a million output tokens
   * @return this spec
   * @throws ConfigurationException if a price is null or negative
   */
  public TargetSpec price(Money inputPerMillion, Money outputPerMillion) {
    if (inputPerMillion == null
        || outputPerMillion == null
        || inputPerMillion.nanos() < 0
        || outputPerMillion.nanos() < 0) {
      throw fail(
          "prices must be zero or positive, were " + inputPerMillion + " and " + outputPerMillion);
    }
    this.inputNanos = inputPerMillion.nanos();
    this.outputNanos = outputPerMillion.nanos();
    return this;
  }

  TargetConfig toConfig() {
    return new TargetConfig(
        ref,
        weight,
        keyIds,
        endpointMode,
        temperature,
        maxTokens,
        extraParams,
        contextWindow,
        inputNanos,
        outputNanos);
  }

  private ConfigurationException fail(String what) {
    return new ConfigurationException("Alias '" + alias + "' target '" + ref + "' " + what);
  }
}
