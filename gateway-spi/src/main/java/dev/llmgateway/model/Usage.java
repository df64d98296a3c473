package dev.llmgateway.model;

/**
 * Token counts of one call, normalized across providers.
 *
 * <p>{@code inputTokens} counts <em>all</em> prompt tokens, including those read from or written to
 * the provider's prompt cache; {@code cachedReadInputTokens} and {@code cacheWriteInputTokens} are
 * parts of it. {@code outputTokens} counts all generated tokens, including {@code reasoningTokens}.
 * Adapters convert providers that count differently (Anthropic reports cache reads and writes
 * beside its input count) to this shape.
 *
 * @param inputTokens all prompt tokens
 * @param outputTokens all generated tokens
 * @param cachedReadInputTokens prompt tokens served from the provider's prompt cache
 * @param cacheWriteInputTokens prompt tokens written to the provider's prompt cache
 * @param reasoningTokens generated tokens spent on hidden reasoning
 */
public record Usage(
    long inputTokens,
    long outputTokens,
    long cachedReadInputTokens,
    long cacheWriteInputTokens,
    long reasoningTokens) {

  /** No tokens. */
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

  /**
   * Validates the counts.
   *
   * @param inputTokens all prompt tokens
   * @param outputTokens all generated tokens
   * @param cachedReadInputTokens prompt tokens served from the provider's prompt cache
   * @param cacheWriteInputTokens prompt tokens written to the provider's prompt cache
   * @param reasoningTokens generated tokens spent on hidden reasoning
   * @throws IllegalArgumentException if a count is negative or a part exceeds its whole
   */
  public Usage {
    if (inputTokens < 0
        || outputTokens < 0
        || cachedReadInputTokens < 0
        || cacheWriteInputTokens < 0
        || reasoningTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must not be negative: "
              + describe(
                  inputTokens,
                  outputTokens,
                  cachedReadInputTokens,
                  cacheWriteInputTokens,
                  reasoningTokens));
    }
    if (cachedReadInputTokens + cacheWriteInputTokens > inputTokens) {
      throw new IllegalArgumentException(
          "cached read and write tokens are part of the input tokens: "
              + describe(
                  inputTokens,
                  outputTokens,
                  cachedReadInputTokens,
                  cacheWriteInputTokens,
                  reasoningTokens));
    }
    if (reasoningTokens > outputTokens) {
      throw new IllegalArgumentException(
          "reasoning tokens are part of the output tokens: "
              + describe(
                  inputTokens,
                  outputTokens,
                  cachedReadInputTokens,
                  cacheWriteInputTokens,
                  reasoningTokens));
    }
  }

  private static String describe(
      long input, long output, long cachedRead, long cacheWrite, long reasoning) {
    return "input="
        + input
        + ", output="
        + output
        + ", cachedRead="
        + cachedRead
        + ", cacheWrite="
        + cacheWrite
        + ", reasoning="
        + reasoning;
  }

  /**
   * Usage with only input and output counts.
   *
   * @param inputTokens all prompt tokens
   * @param outputTokens all generated tokens
   * @return the usage
   * @throws IllegalArgumentException if a count is negative
   */
  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0, 0);
  }

  /**
   * Input plus output tokens.
   *
   * @return the total
   */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /**
   * Input tokens that were neither read from nor written to the prompt cache.
   *
   * @return the uncached input tokens
   */
  public long uncachedInputTokens() {
    return inputTokens - cachedReadInputTokens - cacheWriteInputTokens;
  }

  /**
   * The sum of this and another usage, count by count.
   *
   * @param other the usage to add
   * @return the sum
   */
  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cachedReadInputTokens + other.cachedReadInputTokens,
        cacheWriteInputTokens + other.cacheWriteInputTokens,
        reasoningTokens + other.reasoningTokens);
  }
}
