package dev.llmgateway.pricing;

import dev.llmgateway.model.Money;
import dev.llmgateway.model.Usage;
import java.math.BigInteger;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The price of one model of one provider type, per million tokens, with its limits.
 *
 * <pre>{@code
 * ModelPrice p = ModelPrice.of("openai", "gpt-4o-mini", Money.usd("0.15"), Money.usd("0.60"));
 * Money cost = p.cost(new Usage(1_000, 200, 0, 0, 0));   // $0.000270000
 * }</pre>
 *
 * <p><b>Rounding.</b> {@link #cost(Usage)} is exact up to one final rounding: each component is its
 * token count times its price in nano-dollars per million tokens (an exact integer, since a price
 * has at most nine decimals); the four products are added, and the sum is divided by one million,
 * rounding half up, once per call. So a call's cost is within half a nano-dollar of the exact
 * value, and the same usage always gives the same cost.
 *
 * <p><b>Media.</b> {@link #media()} holds the prices of image, transcription and speech work
 * ({@link MediaPrice}); a chat model has none. A media-only model may have zero token prices (such
 * as {@code whisper-1}, priced per minute). For a model whose only output is images or audio
 * ({@code gpt-image-1}, {@code gpt-4o-mini-tts}) the bundled catalog sets {@code outputPerMillion}
 * to that output's token price too, so {@link #cost(Usage)} prices a reported usage right.
 *
 * @param provider the provider type, such as {@code openai}, {@code anthropic}, {@code bedrock} or
 *     {@code gemini}
 * @param model the model id as the provider names it (dated variants match by prefix in the
 *     catalog)
 * @param inputPerMillion the price of a million uncached input tokens
 * @param outputPerMillion the price of a million output tokens (reasoning included)
 * @param cachedReadPerMillion the price of a million input tokens read from the prompt cache
 * @param cacheWritePerMillion the price of a million input tokens written to the prompt cache
 * @param contextWindow the model's context window in tokens, 0 if unknown
 * @param maxOutputTokens the most tokens the model generates in one answer, 0 if unknown
 * @param media the prices of the model's media work, empty for none (an empty {@link MediaPrice}
 *     counts as none)
 */
public record ModelPrice(
    String provider,
    String model,
    Money inputPerMillion,
    Money outputPerMillion,
    Money cachedReadPerMillion,
    Money cacheWritePerMillion,
    int contextWindow,
    int maxOutputTokens,
    Optional<MediaPrice> media) {

  /** The highest plausible price per million tokens: $1000; above it is likely a unit mistake. */
  public static final Money MAX_PLAUSIBLE_PER_MILLION = Money.usd("1000");

  /**
   * The lowest plausible non-zero price per million tokens: $0.000001 (1000 nano-dollars); below it
   * is likely a per-token price entered as per-million.
   */
  public static final Money MIN_PLAUSIBLE_PER_MILLION = Money.usd("0.000001");

  private static final long MILLION = 1_000_000L;

  /**
   * Validates the price.
   *
   * @param provider the provider type
   * @param model the model id
   * @param inputPerMillion the price of a million uncached input tokens
   * @param outputPerMillion the price of a million output tokens
   * @param cachedReadPerMillion the price of a million cached-read input tokens
   * @param cacheWritePerMillion the price of a million cache-write input tokens
   * @param contextWindow the context window in tokens, 0 if unknown
   * @param maxOutputTokens the most output tokens per answer, 0 if unknown
   * @param media the media prices, empty for none
   * @throws IllegalArgumentException naming the model and the field if a name is blank, a price is
   *     null, negative or implausible (above {@link #MAX_PLAUSIBLE_PER_MILLION}, or non-zero below
   *     {@link #MIN_PLAUSIBLE_PER_MILLION}), a limit is negative, or {@code media} is null
   */
  public ModelPrice {
    if (provider == null || provider.isBlank() || model == null || model.isBlank()) {
      throw new IllegalArgumentException(
          "A model price needs a provider and a model, was '" + provider + "/" + model + "'");
    }
    check(provider, model, "input", inputPerMillion);
    check(provider, model, "output", outputPerMillion);
    check(provider, model, "cachedRead", cachedReadPerMillion);
    check(provider, model, "cacheWrite", cacheWritePerMillion);
    if (contextWindow < 0 || maxOutputTokens < 0) {
      throw new IllegalArgumentException(
          "Price of '"
              + provider
              + "/"
              + model
              + "': contextWindow and maxOutputTokens must not be negative, were "
              + contextWindow
              + " and "
              + maxOutputTokens);
    }
    if (media == null) {
      throw new IllegalArgumentException(
          "Price of '"
              + provider
              + "/"
              + model
              + "': media must not be null (use Optional.empty())");
    }
    if (media.isPresent() && media.get().isEmpty()) {
      media = Optional.empty();
    }
  }

  /**
   * A price without media prices.
   *
   * @param provider the provider type
   * @param model the model id
   * @param inputPerMillion the price of a million uncached input tokens
   * @param outputPerMillion the price of a million output tokens
   * @param cachedReadPerMillion the price of a million cached-read input tokens
   * @param cacheWritePerMillion the price of a million cache-write input tokens
   * @param contextWindow the context window in tokens, 0 if unknown
   * @param maxOutputTokens the most output tokens per answer, 0 if unknown
   * @throws IllegalArgumentException as the canonical constructor
   */
  public ModelPrice(
      String provider,
      String model,
      Money inputPerMillion,
      Money outputPerMillion,
      Money cachedReadPerMillion,
      Money cacheWritePerMillion,
      int contextWindow,
      int maxOutputTokens) {
    this(
        provider,
        model,
        inputPerMillion,
        outputPerMillion,
        cachedReadPerMillion,
        cacheWritePerMillion,
        contextWindow,
        maxOutputTokens,
        Optional.empty());
  }

  private static void check(String provider, String model, String field, Money price) {
    if (price == null) {
      throw new IllegalArgumentException(
          "Price of '" + provider + "/" + model + "': " + field + " must not be null");
    }
    if (price.nanos() < 0
        || price.compareTo(MAX_PLAUSIBLE_PER_MILLION) > 0
        || (!price.isZero() && price.compareTo(MIN_PLAUSIBLE_PER_MILLION) < 0)) {
      throw new IllegalArgumentException(
          "Price of '"
              + provider
              + "/"
              + model
              + "': "
              + field
              + " of "
              + price
              + " per million tokens is implausible (allowed: 0 or "
              + MIN_PLAUSIBLE_PER_MILLION
              + ".."
              + MAX_PLAUSIBLE_PER_MILLION
              + "); was a per-token or per-thousand price entered?");
    }
  }

  /**
   * A price with only input and output prices: cached reads and cache writes cost as much as
   * uncached input, and the limits are unknown.
   *
   * @param provider the provider type
   * @param model the model id
   * @param inputPerMillion the price of a million input tokens
   * @param outputPerMillion the price of a million output tokens
   * @return the price
   * @throws IllegalArgumentException as the canonical constructor
   */
  public static ModelPrice of(
      String provider, String model, Money inputPerMillion, Money outputPerMillion) {
    return new ModelPrice(
        provider, model, inputPerMillion, outputPerMillion, inputPerMillion, inputPerMillion, 0, 0);
  }

  /**
   * The same price under another model id (for aliases and dated variants).
   *
   * @param otherModel the model id
   * @return the price
   */
  public ModelPrice withModel(String otherModel) {
    return new ModelPrice(
        provider,
        otherModel,
        inputPerMillion,
        outputPerMillion,
        cachedReadPerMillion,
        cacheWritePerMillion,
        contextWindow,
        maxOutputTokens,
        media);
  }

  /**
   * The same price with these media prices (replacing any it had).
   *
   * <pre>{@code
   * ModelPrice whisper = ModelPrice.of("openai", "whisper-1", Money.ZERO, Money.ZERO)
   *     .withMedia(MediaPrice.builder().perMinute(Money.usd("0.006")).build());
   * }</pre>
   *
   * @param mediaPrice the media prices; {@code null} or an empty one removes them
   * @return the price
   */
  public ModelPrice withMedia(@Nullable MediaPrice mediaPrice) {
    return new ModelPrice(
        provider,
        model,
        inputPerMillion,
        outputPerMillion,
        cachedReadPerMillion,
        cacheWritePerMillion,
        contextWindow,
        maxOutputTokens,
        Optional.ofNullable(mediaPrice));
  }

  /**
   * What a call with this usage costs: uncached input at the input price, cached reads at the
   * cached-read price, cache writes at the cache-write price and all output at the output price,
   * summed exactly and divided by a million once, rounding half up (see the class Javadoc).
   *
   * @param usage the token counts
   * @return the cost
   */
  public Money cost(Usage usage) {
    return Money.ofNanos(
        costNanos(
            usage.uncachedInputTokens(),
            usage.cachedReadInputTokens(),
            usage.cacheWriteInputTokens(),
            usage.outputTokens()));
  }

  /**
   * The worst-case cost of a call before it is made: every input token at the higher of the input
   * and cache-write prices, and every output token at the output price.
   *
   * @param inputTokens the estimated input tokens
   * @param outputTokens the most output tokens the call may generate
   * @return the worst-case cost
   */
  public Money worstCase(long inputTokens, long outputTokens) {
    long in = Math.max(inputPerMillion.nanos(), cacheWritePerMillion.nanos());
    return Money.ofNanos(
        costNanos(inputTokens, in, 0, 0, 0, 0, outputTokens, outputPerMillion.nanos()));
  }

  private long costNanos(long uncached, long cachedRead, long cacheWrite, long output) {
    return costNanos(
        uncached,
        inputPerMillion.nanos(),
        cachedRead,
        cachedReadPerMillion.nanos(),
        cacheWrite,
        cacheWritePerMillion.nanos(),
        output,
        outputPerMillion.nanos());
  }

  /**
   * Sum of tokens times nano-dollars per million, divided by a million, rounding half up. Stays on
   * longs (no allocation); only a sum beyond 9.2 * 10^18 femto-dollars (about $9,200 in one call)
   * falls back to BigInteger.
   */
  private static long costNanos(
      long t1, long p1, long t2, long p2, long t3, long p3, long t4, long p4) {
    try {
      long femtos =
          Math.addExact(
              Math.addExact(Math.multiplyExact(t1, p1), Math.multiplyExact(t2, p2)),
              Math.addExact(Math.multiplyExact(t3, p3), Math.multiplyExact(t4, p4)));
      long q = femtos / MILLION;
      long r = femtos % MILLION;
      return r * 2 >= MILLION ? q + 1 : q;
    } catch (ArithmeticException overflow) {
      BigInteger femtos =
          BigInteger.valueOf(t1)
              .multiply(BigInteger.valueOf(p1))
              .add(BigInteger.valueOf(t2).multiply(BigInteger.valueOf(p2)))
              .add(BigInteger.valueOf(t3).multiply(BigInteger.valueOf(p3)))
              .add(BigInteger.valueOf(t4).multiply(BigInteger.valueOf(p4)));
      BigInteger[] qr = femtos.divideAndRemainder(BigInteger.valueOf(MILLION));
      long q = qr[0].longValueExact();
      return qr[1].longValue() * 2 >= MILLION ? q + 1 : q;
    }
  }
}
