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
 * will cost, never less.
 *
 * <p>Implementations must be thread-safe and fast; they run on the calling thread before every
 * attempt.
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
   * @return the shared default estimator
   */
  static TokenEstimator defaults() {
    return DefaultTokenEstimator.INSTANCE;
  }
}
