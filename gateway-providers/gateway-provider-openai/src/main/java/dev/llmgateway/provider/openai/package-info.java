/**
 * The OpenAI provider: Chat Completions (plain and streamed) and Embeddings, created by {@link
 * dev.llmgateway.provider.openai.OpenAiProviderFactory} for providers of type {@code openai}.
 * OpenAI-compatible endpoints (Azure OpenAI, Gemini, Vertex AI, Ollama, vLLM, Groq, Mistral,
 * OpenRouter, Together and any other) are reached through named profiles, and the legacy
 * Completions endpoint through endpoint modes.
 */
@NullMarked
package dev.llmgateway.provider.openai;

import org.jspecify.annotations.NullMarked;
