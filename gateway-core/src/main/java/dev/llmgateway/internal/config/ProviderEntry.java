package dev.llmgateway.internal.config;

import dev.llmgateway.internal.resilience.KeyPool;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.Provider;

/**
 * A created provider with what the client knows about it.
 *
 * @param name the configured name
 * @param provider the instance
 * @param capabilities its capabilities, read once at build time
 * @param keys its key pool
 * @param type its provider type, such as {@code openai}, for the price catalog
 */
public record ProviderEntry(
    String name, Provider provider, Capabilities capabilities, KeyPool keys, String type) {}
