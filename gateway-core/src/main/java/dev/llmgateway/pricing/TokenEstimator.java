package dev.llmgateway.pricing;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.EmbeddingRequest;

/**
 * Estimates how many input tokens a request will count before it is sent, to reserve budget for its
 * worst case and to check context windows.
 *
 * <p>The {@linkplain #defaults() default} uses the real tokenizers for OpenAI models (jtokkit:
 * {@code o200k_base} for {@code gpt-4o}, {@code gpt-4.1}, {@code gpt-5} and the o-series, {@code
 * cl100k_base} for older models and embeddings) and a calibrated character estimate for every other
 * model; see {@link #defaults()}. Estimates err high: a budget reserves a little more than a call
 * will cost, never less (prompts beyond the default's exact limit are extrapolated; see {@link
 * #defaults()}).
 *
 * <p><b>When the client asks.</b> Only when something needs the number: a budget that applies to
 * the call and a known price (the reservation), a tokens-per-minute quota, a target with a context
 * window, a routing hook, a request rule on prompt size, a strategy that reads {@link
 * dev.llmgateway.routing.RoutingContext#estimatedPromptTokens()} or a cost signal, or an answer
 * whose provider reported no usage. A call without any of these is never estimated. Each call
 * estimates its prompt at most once per {@linkplain #tokenizerId tokenizer}: quotas, routing and
 * the budget reservations of every attempt share the number, so retries and fallbacks to targets
 * with the same tokenizer cost nothing more. The per-call estimate before a target is known (for
 * quotas, rules, hooks and context windows) uses the provider type and model the request names
 * ({@code provider/model}, or a model rule's provider), and an empty type with the alias name for
 * an alias.
 *
 * <p>Implementations must be thread-safe and fast; they run on the calling thread, and must bound
 * their own cost: a request may carry up to 8,000,000 characters.
 */
public interface TokenEstimator {

  /**
   * Estimates the input tokens of a chat request sent to a model.
   *
   * @param providerType the provider type, such as {@code openai} or {@code anthropic}
   * @param model the model id the request goes to
   * @param request the request
   * @return the estimated input tokens, at least 1
   */
  long estimateChat(String providerType, String model, ChatRequest request);

  /**
   * Estimates the input tokens of an embedding request sent to a model.
   *
   * @param providerType the provider type
   * @param model the model id the request goes to
   * @param request the request
   * @return the estimated input tokens, at least 1
   */
  long estimateEmbedding(String providerType, String model, EmbeddingRequest request);

  /**
   * Estimates the tokens of a text, such as the part of an answer a stream delivered before it
   * broke.
   *
   * @param providerType the provider type
   * @param model the model id
   * @param text the text
   * @return the estimated tokens, 0 for an empty text
   */
  long estimateText(String providerType, String model, String text);

  /**
   * Names the tokenizer this estimator uses for a model. Two provider type and model pairs with the
   * same id must get the same estimate for the same request: the client then estimates a call's
   * prompt once per id and shares it between quotas, routing and the budget reservations of every
   * attempt (a target's overrides of temperature, {@code maxTokens} or extra parameters do not
   * change the prompt, so they do not change the estimate). Defaults to {@code providerType + "/" +
   * model}, which shares nothing between models; the {@linkplain #defaults() default estimator}
   * returns {@code o200k_base}, {@code cl100k_base} or {@code chars/3.5}.
   *
   * @param providerType the provider type, or empty when the target is not yet known
   * @param model the model id, or the alias the request names
   * @return the tokenizer's id
   */
  default String tokenizerId(String providerType, String model) {
    return providerType + "/" + model;
  }

  /**
   * The default estimator. For OpenAI models (by provider type {@code openai} or by a model id
   * starting with {@code gpt-}, {@code chatgpt-}, {@code o1}, {@code o3}, {@code o4} or {@code
   * text-embedding-}): the tokenizer's exact count of every text, plus {@value
   * DefaultTokenEstimator#OPENAI_TOKENS_PER_MESSAGE} tokens per message and {@value
   * DefaultTokenEstimator#OPENAI_REPLY_PRIMING} for the reply (OpenAI's documented chat format
   * overhead, rounded up). For every other model: characters / 3.5 rounded up (English prose
   * averages 3.5 to 4 characters per token on the Claude, Gemini, Llama and Nova tokenizers, so
   * dividing by 3.5 errs high), plus {@value DefaultTokenEstimator#OTHER_TOKENS_PER_MESSAGE} per
   * message. Tool definitions and tool-call arguments count as text; each image counts {@value
   * DefaultTokenEstimator#TOKENS_PER_IMAGE} tokens (the high end of the providers' image pricing).
   * The tokenizers' tables are loaded once, on first use.
   *
   * <p><b>Limits.</b> The character estimate takes constant time. The tokenizer counts the first
   * {@value DefaultTokenEstimator#EXACT_CHARS} characters of an estimate exactly (about 60,000
   * English tokens), handing it at most {@value DefaultTokenEstimator#CHUNK_CHARS} characters at a
   * time, cut before a space where one is near (its memory grows with an unbroken run of text). The
   * text beyond that is extrapolated: {@value DefaultTokenEstimator#SAMPLE_WINDOWS} windows of
   * {@value DefaultTokenEstimator#SAMPLE_CHARS} characters spread evenly over it are counted, and
   * the rest is charged at the higher of their density and the exact part's, but never more tokens
   * than its UTF-8 bytes (no token covers less than a byte). So one estimate tokenizes at most
   * 327,680 characters and holds a few chunks in memory, whatever the request's size; on large
   * prompts of uniform text the extrapolation is within a few percent of the exact count, but it
   * can be lower than that count when the text's density varies between the sampled windows.
   *
   * @return the shared default estimator
   */
  static TokenEstimator defaults() {
    return DefaultTokenEstimator.INSTANCE;
  }
}
