package dev.llmgateway.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Token counts of one call, normalized across providers, and which of them the provider reported.
 *
 * <p>{@code inputTokens} counts <em>all</em> prompt tokens, including those read from or written to
 * the provider's prompt cache; {@code cachedReadInputTokens} and {@code cacheWriteInputTokens} are
 * parts of it. {@code outputTokens} counts all generated tokens, including {@code reasoningTokens}.
 * Adapters convert providers that count differently (Anthropic reports cache reads and writes
 * beside its input count) to this shape.
 *
 * <p>A count the provider did not report reads as {@code 0}, so the simple accessors stay simple;
 * {@link #isReported(Count)} tells it from a reported {@code 0}. A stream whose provider sent no
 * usage, or an OpenAI-compatible server that omits {@code usage}, yields {@link #NOT_REPORTED}; the
 * gateway then estimates the cost instead of charging nothing ({@link Cost.Status#ESTIMATED}).
 *
 * <pre>{@code
 * Usage usage = response.usage();
 * if (usage.isReported()) {
 *   bill(usage.inputTokens(), usage.outputTokens());
 * }
 * usage.isReported(Usage.Count.REASONING); // false for a provider without a reasoning count
 * }</pre>
 *
 * @param inputTokens all prompt tokens
 * @param outputTokens all generated tokens
 * @param cachedReadInputTokens prompt tokens served from the provider's prompt cache
 * @param cacheWriteInputTokens prompt tokens written to the provider's prompt cache
 * @param reasoningTokens generated tokens spent on hidden reasoning
 * @param reported the counts the provider reported; the others are {@code 0}
 */
public record Usage(
    long inputTokens,
    long outputTokens,
    long cachedReadInputTokens,
    long cacheWriteInputTokens,
    long reasoningTokens,
    Set<Count> reported) {

  /** One of the token counts of a {@link Usage}. */
  public enum Count {
    /** {@link Usage#inputTokens()}. */
    INPUT,
    /** {@link Usage#outputTokens()}. */
    OUTPUT,
    /** {@link Usage#cachedReadInputTokens()}. */
    CACHED_READ_INPUT,
    /** {@link Usage#cacheWriteInputTokens()}. */
    CACHE_WRITE_INPUT,
    /** {@link Usage#reasoningTokens()}. */
    REASONING
  }

  private static final Set<Count> ALL = Collections.unmodifiableSet(EnumSet.allOf(Count.class));

  private static final Set<Count> INPUT_AND_OUTPUT =
      Collections.unmodifiableSet(EnumSet.of(Count.INPUT, Count.OUTPUT));

  /** No tokens, reported as such: every count is a real {@code 0}. */
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

  /** The provider reported no usage at all: every count reads as {@code 0} and is unreported. */
  public static final Usage NOT_REPORTED = new Usage(0, 0, 0, 0, 0, Set.of());

  /**
   * Validates the counts and copies the reported set.
   *
   * @param inputTokens all prompt tokens
   * @param outputTokens all generated tokens
   * @param cachedReadInputTokens prompt tokens served from the provider's prompt cache
   * @param cacheWriteInputTokens prompt tokens written to the provider's prompt cache
   * @param reasoningTokens generated tokens spent on hidden reasoning
   * @param reported the counts the provider reported; the others are {@code 0}
   * @throws IllegalArgumentException if a count is negative, a part exceeds its whole, {@code
   *     reported} is null, or a count that is not reported is not {@code 0}
   */
  public Usage {
    if (reported == null) {
      throw new IllegalArgumentException("reported must not be null");
    }
    EnumSet<Count> copy = EnumSet.noneOf(Count.class);
    copy.addAll(reported);
    reported = copy.size() == ALL.size() ? ALL : Collections.unmodifiableSet(copy);
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
    requireReportedOrZero(Count.INPUT, inputTokens, reported);
    requireReportedOrZero(Count.OUTPUT, outputTokens, reported);
    requireReportedOrZero(Count.CACHED_READ_INPUT, cachedReadInputTokens, reported);
    requireReportedOrZero(Count.CACHE_WRITE_INPUT, cacheWriteInputTokens, reported);
    requireReportedOrZero(Count.REASONING, reasoningTokens, reported);
  }

  private static void requireReportedOrZero(Count c, long value, Set<Count> reported) {
    if (value != 0 && !reported.contains(c)) {
      throw new IllegalArgumentException(
          "the " + c + " count is not reported, so it must be 0 but was " + value);
    }
  }

  /**
   * Usage whose every count the provider reported.
   *
   * @param inputTokens all prompt tokens
   * @param outputTokens all generated tokens
   * @param cachedReadInputTokens prompt tokens served from the provider's prompt cache
   * @param cacheWriteInputTokens prompt tokens written to the provider's prompt cache
   * @param reasoningTokens generated tokens spent on hidden reasoning
   * @throws IllegalArgumentException if a count is negative or a part exceeds its whole
   */
  public Usage(
      long inputTokens,
      long outputTokens,
      long cachedReadInputTokens,
      long cacheWriteInputTokens,
      long reasoningTokens) {
    this(
        inputTokens,
        outputTokens,
        cachedReadInputTokens,
        cacheWriteInputTokens,
        reasoningTokens,
        ALL);
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
   * Usage with only input and output counts: the cache and reasoning counts are not reported.
   *
   * @param inputTokens all prompt tokens
   * @param outputTokens all generated tokens
   * @return the usage
   * @throws IllegalArgumentException if a count is negative
   */
  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, 0, 0, 0, INPUT_AND_OUTPUT);
  }

  /**
   * Whether the provider reported the given count; an unreported count reads as {@code 0}.
   *
   * @param count the count
   * @return {@code true} if the provider reported it
   */
  public boolean isReported(Count count) {
    return reported.contains(count);
  }

  /**
   * Whether the provider reported both the input and the output count, the two a cost needs.
   *
   * @return {@code true} if input and output tokens were reported
   */
  public boolean isReported() {
    return reported.contains(Count.INPUT) && reported.contains(Count.OUTPUT);
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
   * The sum of this and another usage, count by count; a count is reported if either reported it.
   *
   * @param other the usage to add
   * @return the sum
   */
  public Usage plus(Usage other) {
    EnumSet<Count> union = EnumSet.noneOf(Count.class);
    union.addAll(reported);
    union.addAll(other.reported);
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cachedReadInputTokens + other.cachedReadInputTokens,
        cacheWriteInputTokens + other.cacheWriteInputTokens,
        reasoningTokens + other.reasoningTokens,
        union);
  }
}
