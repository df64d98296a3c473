package dev.llmgateway.pricing;

import dev.llmgateway.model.Money;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The prices of a model's media work: images, transcription and speech. Every part is optional; a
 * model has the parts its provider bills by. Attach one to a {@link ModelPrice} with {@link
 * ModelPrice#withMedia(MediaPrice)} or {@link PriceCatalog.Builder#media}.
 *
 * <pre>{@code
 * MediaPrice dalle3 = MediaPrice.builder()
 *     .perImage("1024x1024", "standard", Money.usd("0.04"))
 *     .perImage("1024x1024", "hd", Money.usd("0.08"))
 *     .build();
 * dalle3.perImage("1024x1024", "hd");   // $0.08
 * dalle3.perImage(null, null);          // $0.08, the worst case
 * }</pre>
 *
 * <p><b>What each part prices.</b>
 *
 * <ul>
 *   <li>{@link #perImage} - one generated image of a size and quality (DALL-E, Nova Canvas, Titan
 *       Image Generator).
 *   <li>{@link #imageOutputTokens}, {@link #imageInputPerMillion}, {@link #imageOutputPerMillion} -
 *       models that bill images by tokens (GPT image models): the output tokens one image of a size
 *       and quality produces, and the prices of a million image input and output tokens. The text
 *       of the prompt costs the model's {@link ModelPrice#inputPerMillion()}.
 *   <li>{@link #audioInputPerMillion} - a million audio input tokens ({@code gpt-4o-transcribe});
 *       the prompt's text and the transcript cost the model's input and output prices.
 *   <li>{@link #audioOutputPerMillion} - a million audio output tokens ({@code gpt-4o-mini-tts});
 *       the input text costs the model's input price.
 *   <li>{@link #perMinute} - a minute of transcribed audio ({@code whisper-1}).
 *   <li>{@link #perMillionCharacters} - a million characters of text spoken ({@code tts-1}).
 * </ul>
 *
 * <p><b>Choosing an image entry.</b> Sizes and qualities compare case-insensitively; {@code hd} and
 * {@code premium} name the same tier (the SPI sends {@code HD} to Bedrock as {@code premium}). For
 * a requested size and quality, {@link #perImage} and {@link #imageOutputTokens} look at the
 * entries of that quality - or at all entries when the quality is {@code null}, {@code auto} or not
 * one the model is priced for - and then at their sizes:
 *
 * <ol>
 *   <li>an entry of exactly that size;
 *   <li>else the smallest tier (by area) whose width and height both cover the requested ones:
 *       providers price sizes in tiers "up to W x H" (Bedrock), so {@code 1280x720} is priced as
 *       {@code 2048x2048} when the tiers are {@code 1024x1024} and {@code 2048x2048};
 *   <li>else - the size is {@code null}, {@code auto}, not {@code WIDTHxHEIGHT}, or larger than
 *       every tier - all of them;
 * </ol>
 *
 * and answer the highest value left (the worst case; of tiers of equal area, the dearer). So an
 * unknown size or quality is always charged as the most expensive matching entry, never less.
 *
 * <p><b>Validation.</b> The builder checks each value at once: prices are not negative, per-million
 * prices are 0 or between {@link ModelPrice#MIN_PLAUSIBLE_PER_MILLION} and {@link
 * ModelPrice#MAX_PLAUSIBLE_PER_MILLION} (a per-token price typed as per-million is refused), sizes
 * are {@code WIDTHxHEIGHT}, qualities are not blank or {@code auto}, and token counts are positive;
 * a failure is an {@link IllegalArgumentException} naming the field and the value.
 *
 * <p>Immutable and thread-safe.
 */
public final class MediaPrice {
  private final ImageTable perImage;
  private final ImageTable imageOutputTokens;
  private final @Nullable Money imageInputPerMillion;
  private final @Nullable Money imageOutputPerMillion;
  private final @Nullable Money audioInputPerMillion;
  private final @Nullable Money audioOutputPerMillion;
  private final @Nullable Money perMinute;
  private final @Nullable Money perMillionCharacters;

  private MediaPrice(Builder b) {
    this.perImage = b.perImage.build();
    this.imageOutputTokens = b.imageOutputTokens.build();
    this.imageInputPerMillion = b.imageInputPerMillion;
    this.imageOutputPerMillion = b.imageOutputPerMillion;
    this.audioInputPerMillion = b.audioInputPerMillion;
    this.audioOutputPerMillion = b.audioOutputPerMillion;
    this.perMinute = b.perMinute;
    this.perMillionCharacters = b.perMillionCharacters;
  }

  /**
   * A builder for a media price, empty at first.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The price of one image of this size and quality, chosen as the class Javadoc describes: the
   * exact entry, else the smallest covering size tier, else the most expensive matching entry.
   *
   * @param size the size as {@code WIDTHxHEIGHT} (such as {@code 1024x1024}); {@code null} or
   *     {@code auto} for the worst case over sizes
   * @param quality the quality (such as {@code standard}, {@code hd}, {@code low}, {@code medium},
   *     {@code high} or {@code premium}); {@code null}, {@code auto} or a quality the model is not
   *     priced for gives the worst case over qualities
   * @return the price of one image, or empty if the model has no per-image prices
   */
  public Optional<Money> perImage(@Nullable String size, @Nullable String quality) {
    OptionalLong nanos = perImage.select(size, quality);
    return nanos.isPresent() ? Optional.of(Money.ofNanos(nanos.getAsLong())) : Optional.empty();
  }

  /**
   * The output tokens one image of this size and quality produces, for models that bill images by
   * tokens (GPT image models), chosen like {@link #perImage}: {@code null} or {@code auto} gives
   * the largest.
   *
   * @param size the size as {@code WIDTHxHEIGHT}, or {@code null} / {@code auto}
   * @param quality the quality, or {@code null} / {@code auto}
   * @return the tokens of one image, or empty if unknown for this model
   */
  public OptionalLong imageOutputTokens(@Nullable String size, @Nullable String quality) {
    return imageOutputTokens.select(size, quality);
  }

  /**
   * The price of a million image input tokens of an image model (images given to it; the prompt's
   * text tokens cost {@link ModelPrice#inputPerMillion()}, which is never higher for the bundled
   * models, so a reservation may charge the whole prompt at this price).
   *
   * @return the price, or empty if not priced
   */
  public Optional<Money> imageInputPerMillion() {
    return Optional.ofNullable(imageInputPerMillion);
  }

  /**
   * The price of a million image output tokens of an image model.
   *
   * @return the price, or empty if not priced
   */
  public Optional<Money> imageOutputPerMillion() {
    return Optional.ofNullable(imageOutputPerMillion);
  }

  /**
   * The price of a million audio input tokens ({@code gpt-4o-transcribe}).
   *
   * @return the price, or empty if not priced
   */
  public Optional<Money> audioInputPerMillion() {
    return Optional.ofNullable(audioInputPerMillion);
  }

  /**
   * The price of a million audio output tokens ({@code gpt-4o-mini-tts}).
   *
   * @return the price, or empty if not priced
   */
  public Optional<Money> audioOutputPerMillion() {
    return Optional.ofNullable(audioOutputPerMillion);
  }

  /**
   * The price of a minute of audio ({@code whisper-1}).
   *
   * @return the price, or empty if not priced
   */
  public Optional<Money> perMinute() {
    return Optional.ofNullable(perMinute);
  }

  /**
   * The price of a million characters of input text ({@code tts-1}, {@code tts-1-hd}).
   *
   * @return the price, or empty if not priced
   */
  public Optional<Money> perMillionCharacters() {
    return Optional.ofNullable(perMillionCharacters);
  }

  /**
   * Whether no part is priced.
   *
   * @return {@code true} if every part is empty
   */
  public boolean isEmpty() {
    return perImage.isEmpty()
        && imageOutputTokens.isEmpty()
        && imageInputPerMillion == null
        && imageOutputPerMillion == null
        && audioInputPerMillion == null
        && audioOutputPerMillion == null
        && perMinute == null
        && perMillionCharacters == null;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof MediaPrice m
        && perImage.equals(m.perImage)
        && imageOutputTokens.equals(m.imageOutputTokens)
        && Objects.equals(imageInputPerMillion, m.imageInputPerMillion)
        && Objects.equals(imageOutputPerMillion, m.imageOutputPerMillion)
        && Objects.equals(audioInputPerMillion, m.audioInputPerMillion)
        && Objects.equals(audioOutputPerMillion, m.audioOutputPerMillion)
        && Objects.equals(perMinute, m.perMinute)
        && Objects.equals(perMillionCharacters, m.perMillionCharacters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        perImage,
        imageOutputTokens,
        imageInputPerMillion,
        imageOutputPerMillion,
        audioInputPerMillion,
        audioOutputPerMillion,
        perMinute,
        perMillionCharacters);
  }

  /** Returns the priced parts, such as {@code MediaPrice{perImage={1024x1024/hd=$0.08...}}}. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "MediaPrice{", "}");
    if (!perImage.isEmpty()) {
      StringJoiner t = new StringJoiner(", ", "perImage={", "}");
      for (Map.Entry<ImageTable.Key, Long> e : perImage.entries().entrySet()) {
        t.add(e.getKey() + "=" + Money.ofNanos(e.getValue()));
      }
      j.add(t.toString());
    }
    if (!imageOutputTokens.isEmpty()) {
      j.add("imageOutputTokens=" + imageOutputTokens.entries());
    }
    add(j, "imageInputPerMillion", imageInputPerMillion);
    add(j, "imageOutputPerMillion", imageOutputPerMillion);
    add(j, "audioInputPerMillion", audioInputPerMillion);
    add(j, "audioOutputPerMillion", audioOutputPerMillion);
    add(j, "perMinute", perMinute);
    add(j, "perMillionCharacters", perMillionCharacters);
    return j.toString();
  }

  private static void add(StringJoiner j, String name, @Nullable Money price) {
    if (price != null) {
      j.add(name + "=" + price);
    }
  }

  /**
   * Collects the parts of a {@link MediaPrice}. Each setter validates its arguments at once and
   * replaces an earlier value for the same part (or the same size and quality).
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final ImageTable.Builder perImage = new ImageTable.Builder();
    private final ImageTable.Builder imageOutputTokens = new ImageTable.Builder();
    private @Nullable Money imageInputPerMillion;
    private @Nullable Money imageOutputPerMillion;
    private @Nullable Money audioInputPerMillion;
    private @Nullable Money audioOutputPerMillion;
    private @Nullable Money perMinute;
    private @Nullable Money perMillionCharacters;

    private Builder() {}

    /**
     * Sets the price of one image of a size and quality.
     *
     * @param size {@code WIDTHxHEIGHT} in pixels, such as {@code 1024x1024}; for tiered prices ("up
     *     to 1024 x 1024") the tier's largest size
     * @param quality the quality as the provider names it, such as {@code standard}, {@code hd},
     *     {@code premium}; not blank or {@code auto}
     * @param price the price of one image, not negative
     * @return this builder
     * @throws IllegalArgumentException naming {@code perImage} if the size, quality or price is
     *     invalid
     */
    public Builder perImage(String size, String quality, Money price) {
      ImageTable.Key key = ImageTable.key("perImage", size, quality);
      perImage.put(key, nonNegative("perImage " + key, price).nanos());
      return this;
    }

    /**
     * Sets the output tokens one image of a size and quality produces (GPT image models).
     *
     * @param size {@code WIDTHxHEIGHT} in pixels, such as {@code 1024x1536}
     * @param quality the quality, such as {@code low}, {@code medium} or {@code high}
     * @param tokens the output tokens of one image, positive
     * @return this builder
     * @throws IllegalArgumentException naming {@code imageOutputTokens} if the size, quality or
     *     count is invalid
     */
    public Builder imageOutputTokens(String size, String quality, long tokens) {
      ImageTable.Key key = ImageTable.key("imageOutputTokens", size, quality);
      if (tokens <= 0) {
        throw new IllegalArgumentException(
            "imageOutputTokens " + key + " must be positive, was " + tokens);
      }
      imageOutputTokens.put(key, tokens);
      return this;
    }

    /**
     * Sets the price of a million image input tokens.
     *
     * @param price the price, 0 or plausible per million tokens
     * @return this builder
     * @throws IllegalArgumentException naming {@code imageInputPerMillion} if null, negative or
     *     implausible
     */
    public Builder imageInputPerMillion(Money price) {
      imageInputPerMillion = perMillion("imageInputPerMillion", price);
      return this;
    }

    /**
     * Sets the price of a million image output tokens.
     *
     * @param price the price, 0 or plausible per million tokens
     * @return this builder
     * @throws IllegalArgumentException naming {@code imageOutputPerMillion} if null, negative or
     *     implausible
     */
    public Builder imageOutputPerMillion(Money price) {
      imageOutputPerMillion = perMillion("imageOutputPerMillion", price);
      return this;
    }

    /**
     * Sets the price of a million audio input tokens.
     *
     * @param price the price, 0 or plausible per million tokens
     * @return this builder
     * @throws IllegalArgumentException naming {@code audioInputPerMillion} if null, negative or
     *     implausible
     */
    public Builder audioInputPerMillion(Money price) {
      audioInputPerMillion = perMillion("audioInputPerMillion", price);
      return this;
    }

    /**
     * Sets the price of a million audio output tokens.
     *
     * @param price the price, 0 or plausible per million tokens
     * @return this builder
     * @throws IllegalArgumentException naming {@code audioOutputPerMillion} if null, negative or
     *     implausible
     */
    public Builder audioOutputPerMillion(Money price) {
      audioOutputPerMillion = perMillion("audioOutputPerMillion", price);
      return this;
    }

    /**
     * Sets the price of a minute of audio.
     *
     * @param price the price, not negative
     * @return this builder
     * @throws IllegalArgumentException naming {@code perMinute} if null or negative
     */
    public Builder perMinute(Money price) {
      perMinute = nonNegative("perMinute", price);
      return this;
    }

    /**
     * Sets the price of a million characters of input text.
     *
     * @param price the price, 0 or plausible per million characters
     * @return this builder
     * @throws IllegalArgumentException naming {@code perMillionCharacters} if null, negative or
     *     implausible
     */
    public Builder perMillionCharacters(Money price) {
      perMillionCharacters = perMillion("perMillionCharacters", price);
      return this;
    }

    /**
     * Builds the media price.
     *
     * @return the immutable price; later changes to this builder do not affect it
     */
    public MediaPrice build() {
      return new MediaPrice(this);
    }

    private static Money nonNegative(String field, @Nullable Money price) {
      if (price == null) {
        throw new IllegalArgumentException(field + " must not be null");
      }
      if (price.nanos() < 0) {
        throw new IllegalArgumentException(field + " must not be negative, was " + price);
      }
      return price;
    }

    private static Money perMillion(String field, @Nullable Money price) {
      Money p = nonNegative(field, price);
      if (p.compareTo(ModelPrice.MAX_PLAUSIBLE_PER_MILLION) > 0
          || (!p.isZero() && p.compareTo(ModelPrice.MIN_PLAUSIBLE_PER_MILLION) < 0)) {
        throw new IllegalArgumentException(
            field
                + " of "
                + p
                + " per million is implausible (allowed: 0 or "
                + ModelPrice.MIN_PLAUSIBLE_PER_MILLION
                + ".."
                + ModelPrice.MAX_PLAUSIBLE_PER_MILLION
                + "); was a per-unit or per-thousand price entered?");
      }
      return p;
    }
  }
}
