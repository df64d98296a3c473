/**
 * The OpenAI provider: Chat Completions (plain and streamed) and Embeddings, created by {@link
 * dev.llmgateway.provider.openai.OpenAiProviderFactory} for providers of type {@code openai}.
 * OpenAI-compatible endpoints are reached through named profiles; only the {@code openai} profile
 * exists so far.
 */
@NullMarked
package dev.llmgateway.provider.openai;

import org.jspecify.annotations.NullMarked;
