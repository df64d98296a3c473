/**
 * The Anthropic provider: the Messages API (plain and streamed, with tools and images), created by
 * {@link dev.llmgateway.provider.anthropic.AnthropicProviderFactory} for providers of type {@code
 * anthropic}. Anthropic has no embeddings endpoint.
 */
@NullMarked
package dev.llmgateway.provider.anthropic;

import org.jspecify.annotations.NullMarked;
