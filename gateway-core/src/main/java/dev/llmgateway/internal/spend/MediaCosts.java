package dev.llmgateway.internal.spend;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.model.Usage;
import dev.llmgateway.pricing.MediaPrice;
import dev.llmgateway.pricing.ModelPrice;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What media calls cost (images, transcription, speech): the worst case an attempt reserves before
 * it is sent, and the cost of the answer. Prices come from the model's {@link MediaPrice}; text
 * tokens of media models use the model's input and output prices. Where the price cannot cost a
 * call (no media price, an unknown audio duration) the worst case is {@code null} and the budget's
 * {@link dev.llmgateway.pricing.UnknownPricePolicy} decides. Stateless.
 *
 * <p>Assumptions, documented in {@code docs/spend-control.md}: input audio is {@value
 * #AUDIO_IN_TOKENS_PER_SECOND} tokens per second and output audio {@value
 * #AUDIO_OUT_TOKENS_PER_SECOND} (OpenAI's published rates: one token per 100 ms in, per 50 ms out);
 * speech runs at no fewer than {@value #SPOKEN_CHARACTERS_PER_SECOND} characters per second at
 * speed 1; a transcript is at most the model's maximum output, or {@value
 * #DEFAULT_TRANSCRIPT_TOKENS} tokens when the catalog does not say.
 */
public final class MediaCosts {
  /** Tokens per second of input audio (one per 100 ms). */
  static final long AUDIO_IN_TOKENS_PER_SECOND = 10;

  /** Tokens per second of output audio (one per 50 ms). */
  static final long AUDIO_OUT_TOKENS_PER_SECOND = 20;

  /** The slowest speech assumed, in characters per second at speed 1. */
  static final long SPOKEN_CHARACTERS_PER_SECOND = 12;

  /** A transcript's most tokens when the model's maximum output is unknown. */
  static final long DEFAULT_TRANSCRIPT_TOKENS = 2_000;

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /**
   * A worst case and how it was reached.
   *
   * @param amount the amount to reserve
   * @param what how it was computed, for a refusal's message
   */
  public record Worst(Money amount, String what) {}

  private MediaCosts() {}

  /**
   * The worst case of a media attempt.
   *
   * @param request the call's request (an image, transcription or speech request)
   * @param price the target's price, or null if unknown
   * @param promptTokens the request's text tokens (the image prompt, the speech input), asked only
   *     for token-priced models
   * @return the worst case, or null if the price cannot cost it
   */
  public static @Nullable Worst worstCase(
      GatewayRequest request, @Nullable ModelPrice price, LongSupplier promptTokens) {
    Optional<MediaPrice> media = price == null ? Optional.empty() : price.media();
    if (price == null || media.isEmpty()) {
      return null;
    }
    MediaPrice m = media.get();
    if (request instanceof GatewayRequest.Image i) {
      return images(i.request(), price, m, promptTokens);
    }
    if (request instanceof GatewayRequest.Transcribe t) {
      return transcription(t.request(), price, m, promptTokens);
    }
    if (request instanceof GatewayRequest.Speech s) {
      return speech(s.request(), price, m, promptTokens);
    }
    return null;
  }

  private static @Nullable Worst images(
      ImageRequest r, ModelPrice price, MediaPrice m, LongSupplier promptTokens) {
    String quality = r.quality() == null ? null : r.quality().name().toLowerCase(Locale.ROOT);
    Optional<Money> each = m.perImage(r.size(), quality);
    if (each.isPresent()) {
      return new Worst(
          each.get().times(r.n()),
          r.n()
              + " image(s) of "
              + or(r.size(), "the largest size")
              + ", "
              + or(quality, "the best quality")
              + " at $"
              + usd(each.get())
              + " each");
    }
    OptionalLong tokens = m.imageOutputTokens(r.size(), quality);
    Optional<Money> out = m.imageOutputPerMillion();
    if (tokens.isEmpty() || out.isEmpty()) {
      return null;
    }
    long in = promptTokens.getAsLong();
    Money input = perMillion(in, m.imageInputPerMillion().orElse(price.inputPerMillion()));
    Money output = perMillion(tokens.getAsLong() * r.n(), out.get());
    return new Worst(
        input.plus(output),
        in + " prompt tokens and " + r.n() + " x " + tokens.getAsLong() + " image tokens");
  }

  private static @Nullable Worst transcription(
      TranscriptionRequest r, ModelPrice price, MediaPrice m, LongSupplier promptTokens) {
    Optional<Duration> duration = r.audioDuration();
    if (duration.isEmpty()) {
      return null;
    }
    Optional<Money> perMinute = m.perMinute();
    if (perMinute.isPresent()) {
      return new Worst(
          minutesOf(perMinute.get(), duration.get()),
          duration.get().toMillis() / 1000.0
              + " s of audio at $"
              + usd(perMinute.get())
              + " per minute");
    }
    Optional<Money> audio = m.audioInputPerMillion();
    if (audio.isEmpty()) {
      return null;
    }
    long audioTokens = ceilDiv(duration.get().toMillis() * AUDIO_IN_TOKENS_PER_SECOND, 1000);
    long prompt = promptTokens.getAsLong();
    long out = price.maxOutputTokens() > 0 ? price.maxOutputTokens() : DEFAULT_TRANSCRIPT_TOKENS;
    return new Worst(
        perMillion(audioTokens, audio.get())
            .plus(perMillion(prompt, price.inputPerMillion()))
            .plus(perMillion(out, price.outputPerMillion())),
        audioTokens
            + " audio tokens, "
            + prompt
            + " prompt tokens and up to "
            + out
            + " transcript tokens");
  }

  private static @Nullable Worst speech(
      SpeechRequest r, ModelPrice price, MediaPrice m, LongSupplier promptTokens) {
    Optional<Money> perChars = m.perMillionCharacters();
    if (perChars.isPresent()) {
      return new Worst(
          perMillion(r.characters(), perChars.get()),
          r.characters() + " characters at $" + usd(perChars.get()) + " per million");
    }
    Optional<Money> audioOut = m.audioOutputPerMillion();
    if (audioOut.isEmpty()) {
      return null;
    }
    double speed = r.speed() == null ? 1.0 : r.speed();
    long seconds = (long) Math.ceil(r.characters() / (SPOKEN_CHARACTERS_PER_SECOND * speed));
    long audioTokens = seconds * AUDIO_OUT_TOKENS_PER_SECOND;
    long in = promptTokens.getAsLong();
    return new Worst(
        perMillion(in, price.inputPerMillion()).plus(perMillion(audioTokens, audioOut.get())),
        in + " input tokens and up to " + audioTokens + " audio tokens");
  }

  /**
   * What an image answer costs: by the tokens the provider reported when the model is priced by
   * tokens, else by the images returned at their size and quality.
   *
   * @param price the target's price, or null
   * @param r the request
   * @param answer the answer
   * @return the cost; {@link Cost#UNKNOWN} when the price cannot cost it
   */
  public static Cost images(@Nullable ModelPrice price, ImageRequest r, ImageResponse answer) {
    MediaPrice m = price == null ? null : price.media().orElse(null);
    if (m == null) {
      return Cost.UNKNOWN;
    }
    Usage u = answer.usage();
    Optional<Money> out = m.imageOutputPerMillion();
    if (u.isReported() && out.isPresent()) {
      Money input =
          perMillion(u.inputTokens(), m.imageInputPerMillion().orElse(price.inputPerMillion()));
      return new Cost(input.plus(perMillion(u.outputTokens(), out.get())), Cost.Status.REPORTED);
    }
    String size = answer.size() != null ? answer.size() : r.size();
    String quality =
        answer.quality() != null
            ? answer.quality()
            : r.quality() == null ? null : r.quality().name().toLowerCase(Locale.ROOT);
    Optional<Money> each = m.perImage(size, quality);
    if (each.isPresent()) {
      return new Cost(each.get().times(answer.images().size()), Cost.Status.REPORTED);
    }
    OptionalLong tokens = m.imageOutputTokens(size, quality);
    if (tokens.isPresent() && out.isPresent()) {
      return new Cost(
          perMillion(tokens.getAsLong() * answer.images().size(), out.get()),
          Cost.Status.ESTIMATED);
    }
    return Cost.UNKNOWN;
  }

  /**
   * What a transcript costs: by the reported tokens (audio and text input, output) for a
   * token-priced model, else by the audio's duration per minute.
   *
   * @param price the target's price, or null
   * @param r the request
   * @param answer the answer
   * @return the cost; {@link Cost#UNKNOWN} when the price cannot cost it
   */
  public static Cost transcription(
      @Nullable ModelPrice price, TranscriptionRequest r, TranscriptionResponse answer) {
    MediaPrice m = price == null ? null : price.media().orElse(null);
    if (m == null) {
      return Cost.UNKNOWN;
    }
    Usage u = answer.usage();
    Optional<Money> audio = m.audioInputPerMillion();
    if (u.isReported() && audio.isPresent()) {
      long audioTokens =
          answer.audioInputTokens() != null ? answer.audioInputTokens() : u.inputTokens();
      long textTokens = Math.max(0, u.inputTokens() - audioTokens);
      Money amount =
          perMillion(audioTokens, audio.get())
              .plus(perMillion(textTokens, price.inputPerMillion()))
              .plus(perMillion(u.outputTokens(), price.outputPerMillion()));
      return new Cost(amount, Cost.Status.REPORTED);
    }
    Optional<Money> perMinute = m.perMinute();
    Duration duration =
        answer.duration() != null ? answer.duration() : r.audioDuration().orElse(null);
    if (perMinute.isPresent() && duration != null) {
      return new Cost(
          minutesOf(perMinute.get(), duration),
          answer.duration() != null ? Cost.Status.REPORTED : Cost.Status.ESTIMATED);
    }
    return Cost.UNKNOWN;
  }

  /**
   * What a speech call costs: by its input's characters for a character-priced model (exact), else
   * the worst case of its tokens (estimated; the provider reports no usage).
   *
   * @param price the target's price, or null
   * @param r the request
   * @param promptTokens the input's tokens, asked only for token-priced models
   * @return the cost; {@link Cost#UNKNOWN} when the price cannot cost it
   */
  public static Cost speech(
      @Nullable ModelPrice price, SpeechRequest r, LongSupplier promptTokens) {
    MediaPrice m = price == null ? null : price.media().orElse(null);
    if (m == null) {
      return Cost.UNKNOWN;
    }
    if (m.perMillionCharacters().isPresent()) {
      return new Cost(
          perMillion(r.characters(), m.perMillionCharacters().get()), Cost.Status.REPORTED);
    }
    Worst w = speech(r, price, m, promptTokens);
    return w == null ? Cost.UNKNOWN : new Cost(w.amount(), Cost.Status.ESTIMATED);
  }

  /** {@code units} at a price per million units, rounded half up to the nano-dollar. */
  static Money perMillion(long units, Money perMillion) {
    BigDecimal usd = perMillion.toUsd().multiply(BigDecimal.valueOf(units)).divide(MILLION);
    return Money.usd(usd.setScale(9, RoundingMode.HALF_UP));
  }

  /** A per-minute price for a duration (fractional minutes), rounded half up to the nano-dollar. */
  static Money minutesOf(Money perMinute, Duration duration) {
    BigDecimal usd =
        perMinute
            .toUsd()
            .multiply(BigDecimal.valueOf(duration.toMillis()))
            .divide(BigDecimal.valueOf(60_000), 9, RoundingMode.HALF_UP);
    return Money.usd(usd);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static String or(@Nullable String value, String otherwise) {
    return value == null || "auto".equals(value) ? otherwise : value;
  }

  private static String usd(Money m) {
    BigDecimal s = m.toUsd().stripTrailingZeros();
    return (s.scale() < 2 ? s.setScale(2) : s).toPlainString();
  }
}
