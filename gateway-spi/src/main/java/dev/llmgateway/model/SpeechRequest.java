package dev.llmgateway.model;

import dev.llmgateway.error.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A text-to-speech call: the text, the voice and the audio format. Immutable; build one with {@link
 * #builder()}.
 *
 * <pre>{@code
 * SpeechRequest request = SpeechRequest.builder()
 *     .model("openai/gpt-4o-mini-tts")
 *     .input("Your order has shipped.")
 *     .voice("coral")
 *     .format(SpeechRequest.Format.MP3)
 *     .instructions("Speak in a cheerful tone.")
 *     .build();
 * }</pre>
 *
 * <p>The answer is the audio file, streamed as the provider sends it. Budgets reserve from the
 * input's length ({@link #characters()}) before the call.
 *
 * @param model an alias, a {@code provider/model} pair, or a model name
 * @param input the text to speak, not blank
 * @param voice the voice, such as {@code alloy} or {@code coral}
 * @param format the audio format
 * @param speed the speed, 0.25 to 4.0, or {@code null} for the provider's default (1.0)
 * @param instructions how to speak (tone, accent, pace) for models that take them, or {@code null}
 * @param context attribution: tenant, team, feature, user, tags
 * @param options per-call options such as the deadline, which covers reading the whole audio
 * @param extraParams provider parameters passed through untouched into the request body
 */
public record SpeechRequest(
    String model,
    String input,
    String voice,
    Format format,
    @Nullable Double speed,
    @Nullable String instructions,
    RequestContext context,
    CallOptions options,
    Map<String, @Nullable Object> extraParams) {

  /** The slowest speed: {@value}. */
  public static final double MIN_SPEED = 0.25;

  /** The fastest speed: {@value}. */
  public static final double MAX_SPEED = 4.0;

  /** An audio format, with the media type a provider answers with. */
  public enum Format {
    /** MP3, {@code audio/mpeg}. The default. */
    MP3("audio/mpeg"),
    /** Opus in Ogg, {@code audio/ogg}. */
    OPUS("audio/ogg"),
    /** AAC, {@code audio/aac}. */
    AAC("audio/aac"),
    /** FLAC, {@code audio/flac}. */
    FLAC("audio/flac"),
    /** WAV, {@code audio/wav}. */
    WAV("audio/wav"),
    /** Raw 24 kHz 16-bit signed little-endian mono samples, {@code audio/pcm}. */
    PCM("audio/pcm");

    private final String mediaType;

    Format(String mediaType) {
      this.mediaType = mediaType;
    }

    /**
     * The media type of audio in this format.
     *
     * @return such as {@code audio/mpeg}
     */
    public String mediaType() {
      return mediaType;
    }

    /**
     * The OpenAI wire value, such as {@code mp3}.
     *
     * @return the lower-case name
     */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Validates and copies the request.
   *
   * @param model an alias, a {@code provider/model} pair, or a model name
   * @param input the text to speak, not blank
   * @param voice the voice, such as {@code alloy} or {@code coral}
   * @param format the audio format
   * @param speed the speed, 0.25 to 4.0, or {@code null} for the provider's default
   * @param instructions how to speak, or {@code null}
   * @param context attribution: tenant, team, feature, user, tags
   * @param options per-call options such as the deadline
   * @param extraParams provider parameters passed through untouched into the request body
   * @throws InvalidRequestException naming the first invalid field
   */
  public SpeechRequest {
    Checks.notBlank(model, "model");
    Checks.notBlank(input, "input");
    Checks.notBlank(voice, "voice");
    Checks.notNull(format, "format");
    if (speed != null && (speed.isNaN() || speed < MIN_SPEED || speed > MAX_SPEED)) {
      throw new InvalidRequestException(
          "speed", "must be between " + MIN_SPEED + " and " + MAX_SPEED + ", was " + speed);
    }
    if (instructions != null && instructions.isBlank()) {
      throw new InvalidRequestException("instructions", "must not be blank when given");
    }
    Checks.notNull(context, "context");
    Checks.notNull(options, "options");
    extraParams = Checks.jsonObject(extraParams, "extraParams");
  }

  /**
   * A new builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this request's values.
   *
   * @return a builder to derive a variant from
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A copy addressed to another model; used by the router to send a request to a concrete target.
   *
   * @param model the new model
   * @return the copy, or {@code this} if the model is unchanged
   * @throws InvalidRequestException if {@code model} is blank
   */
  public SpeechRequest withModel(String model) {
    return this.model.equals(model) ? this : toBuilder().model(model).build();
  }

  /**
   * The length of the input in Unicode code points, which per-character prices (OpenAI's {@code
   * tts-1}) bill.
   *
   * @return the number of characters
   */
  public int characters() {
    return input.codePointCount(0, input.length());
  }

  /**
   * Builds a {@link SpeechRequest}. Not thread-safe. Each setter replaces the previous value;
   * {@link #build()} validates.
   */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable String input;
    private @Nullable String voice;
    private Format format = Format.MP3;
    private @Nullable Double speed;
    private @Nullable String instructions;
    private RequestContext context = RequestContext.EMPTY;
    private CallOptions options = CallOptions.DEFAULT;
    private final Map<String, @Nullable Object> extraParams = new LinkedHashMap<>();

    private Builder() {}

    private Builder(SpeechRequest r) {
      model = r.model;
      input = r.input;
      voice = r.voice;
      format = r.format;
      speed = r.speed;
      instructions = r.instructions;
      context = r.context;
      options = r.options;
      extraParams.putAll(r.extraParams);
    }

    /**
     * Sets the model: an alias, {@code provider/model}, or a model name. Required.
     *
     * @param model the model
     * @return this builder
     */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /**
     * Sets the text to speak. Required.
     *
     * @param input the text
     * @return this builder
     */
    public Builder input(String input) {
      this.input = input;
      return this;
    }

    /**
     * Sets the voice, such as {@code alloy}. Required.
     *
     * @param voice the voice
     * @return this builder
     */
    public Builder voice(String voice) {
      this.voice = voice;
      return this;
    }

    /**
     * Sets the audio format. Defaults to {@link Format#MP3}.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(Format format) {
      this.format = format;
      return this;
    }

    /**
     * Sets the speed, 0.25 to 4.0. Defaults to the provider's (1.0).
     *
     * @param speed the speed
     * @return this builder
     */
    public Builder speed(double speed) {
      this.speed = speed;
      return this;
    }

    /**
     * Sets how to speak, for models that take instructions ({@code gpt-4o-mini-tts}). Defaults to
     * none.
     *
     * @param instructions the instructions, or {@code null}
     * @return this builder
     */
    public Builder instructions(@Nullable String instructions) {
      this.instructions = instructions;
      return this;
    }

    /**
     * Sets the attribution context. Defaults to {@link RequestContext#EMPTY}.
     *
     * @param context the context
     * @return this builder
     */
    public Builder context(RequestContext context) {
      this.context = context;
      return this;
    }

    /**
     * Sets the per-call options. Defaults to {@link CallOptions#DEFAULT}.
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(CallOptions options) {
      this.options = options;
      return this;
    }

    /**
     * Adds a provider parameter passed through untouched into the request body.
     *
     * @param name the JSON field name
     * @param value a JSON-like value
     * @return this builder
     * @throws InvalidRequestException naming {@code extraParams.name} if the name is blank
     */
    public Builder extraParam(String name, @Nullable Object value) {
      extraParams.put(Checks.notBlank(name, "extraParams.name"), value);
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the validated request
     * @throws InvalidRequestException naming the first invalid field
     */
    public SpeechRequest build() {
      return new SpeechRequest(
          Checks.notBlank(model, "model"),
          Checks.notBlank(input, "input"),
          Checks.notBlank(voice, "voice"),
          format,
          speed,
          instructions,
          context,
          options,
          extraParams);
    }
  }
}
