package dev.llmgateway.model;

import dev.llmgateway.error.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A speech-to-text call: an audio file and how to transcribe it. Immutable; build one with {@link
 * #builder()}.
 *
 * <pre>{@code
 * TranscriptionRequest request = TranscriptionRequest.builder()
 *     .model("openai/gpt-4o-transcribe")
 *     .audio(Files.readAllBytes(Path.of("meeting.mp3")), "meeting.mp3")
 *     .language("en")
 *     .build();
 * }</pre>
 *
 * <p>The audio is copied in once; {@link #writeAudio(OutputStream)} and {@link #audioStream()} send
 * it without further copies, {@link #audio()} returns a copy. A plain call answers with one {@link
 * TranscriptionResponse}; a streamed call (the provider's {@code transcribeStream}) with text
 * deltas, for the models that stream (OpenAI's {@code gpt-4o-transcribe} family; others answer a
 * streamed call with the whole text at once).
 *
 * <p>Budgets need the audio's length before the call: {@link #audioDuration()} is the duration
 * declared with {@link Builder#duration(Duration)}, else the one read from a WAV or FLAC header,
 * else empty.
 *
 * @param model an alias, a {@code provider/model} pair, or a model name
 * @param audio the audio file's bytes, not empty
 * @param filename the file name, whose extension tells the provider the format (such as {@code
 *     speech.mp3})
 * @param mediaType the audio's media type, such as {@code audio/mpeg}
 * @param language the spoken language as an ISO-639-1 code (such as {@code en}), or {@code null} to
 *     let the model detect it
 * @param prompt text that guides the style or continues a previous segment, or {@code null}
 * @param responseFormat the shape of the answer
 * @param temperature sampling temperature 0..1, or {@code null} for the provider's default
 * @param timestampGranularities the timestamps to return with {@link Format#VERBOSE_JSON}
 * @param duration the audio's duration as the caller knows it, or {@code null}
 * @param context attribution: tenant, team, feature, user, tags
 * @param options per-call options such as the deadline
 * @param extraParams provider parameters passed through untouched as form fields
 */
public record TranscriptionRequest(
    String model,
    byte[] audio,
    String filename,
    String mediaType,
    @Nullable String language,
    @Nullable String prompt,
    Format responseFormat,
    @Nullable Double temperature,
    Set<Granularity> timestampGranularities,
    @Nullable Duration duration,
    RequestContext context,
    CallOptions options,
    Map<String, @Nullable Object> extraParams) {

  /** The shape of a transcription answer. */
  public enum Format {
    /** The text alone. No usage is reported in this format. */
    TEXT,
    /** The text and, where the provider reports it, the usage. The default. */
    JSON,
    /** The text, language, duration and timed segments (and words, if asked for). */
    VERBOSE_JSON;

    /**
     * The OpenAI wire value, such as {@code verbose_json}.
     *
     * @return the lower-case name
     */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A kind of timestamp a {@link Format#VERBOSE_JSON} answer carries. */
  public enum Granularity {
    /** Timestamps per word. */
    WORD,
    /** Timestamps per segment. */
    SEGMENT;

    /**
     * The OpenAI wire value, such as {@code word}.
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
   * @param audio the audio file's bytes, not empty
   * @param filename the file name, whose extension tells the provider the format
   * @param mediaType the audio's media type, such as {@code audio/mpeg}
   * @param language the spoken language as an ISO-639-1 code, or {@code null}
   * @param prompt text that guides the style or continues a previous segment, or {@code null}
   * @param responseFormat the shape of the answer
   * @param temperature sampling temperature 0..1, or {@code null} for the provider's default
   * @param timestampGranularities the timestamps to return with {@link Format#VERBOSE_JSON}
   * @param duration the audio's duration as the caller knows it, or {@code null}
   * @param context attribution: tenant, team, feature, user, tags
   * @param options per-call options such as the deadline
   * @param extraParams provider parameters passed through untouched as form fields
   * @throws InvalidRequestException naming the first invalid field
   */
  public TranscriptionRequest {
    Checks.notBlank(model, "model");
    Checks.notNull(audio, "audio");
    if (audio.length == 0) {
      throw new InvalidRequestException("audio", "must not be empty");
    }
    audio = audio.clone();
    Checks.notBlank(filename, "filename");
    if (filename.indexOf('/') >= 0 || filename.indexOf('\\') >= 0 || filename.indexOf('"') >= 0) {
      throw new InvalidRequestException(
          "filename", "must be a bare file name without /, \\ or \", was '" + filename + "'");
    }
    Checks.notBlank(mediaType, "mediaType");
    if (language != null && !language.matches("[a-z]{2,3}")) {
      throw new InvalidRequestException(
          "language", "must be an ISO-639-1 code such as 'en', was '" + language + "'");
    }
    Checks.notNull(responseFormat, "responseFormat");
    if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 1)) {
      throw new InvalidRequestException(
          "temperature", "must be between 0 and 1, was " + temperature);
    }
    Checks.notNull(timestampGranularities, "timestampGranularities");
    timestampGranularities =
        timestampGranularities.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(timestampGranularities));
    if (!timestampGranularities.isEmpty() && responseFormat != Format.VERBOSE_JSON) {
      throw new InvalidRequestException(
          "timestampGranularities",
          "need responseFormat VERBOSE_JSON, but it is " + responseFormat);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new InvalidRequestException("duration", "must be positive, was " + duration);
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
  public TranscriptionRequest withModel(String model) {
    return this.model.equals(model) ? this : toBuilder().model(model).build();
  }

  /**
   * A copy of the audio file's bytes. Prefer {@link #writeAudio} or {@link #audioStream}, which do
   * not copy.
   *
   * @return the bytes
   */
  @Override
  public byte[] audio() {
    return audio.clone();
  }

  /**
   * The size of the audio file.
   *
   * @return the number of bytes
   */
  public int audioSize() {
    return audio.length;
  }

  /**
   * Writes the audio file's bytes, without copying them first.
   *
   * @param out where to write
   * @throws IOException if writing fails
   */
  public void writeAudio(OutputStream out) throws IOException {
    out.write(audio);
  }

  /**
   * A fresh stream over the audio file's bytes, without copying them.
   *
   * @return the stream
   */
  public InputStream audioStream() {
    return new ByteArrayInputStream(audio);
  }

  /**
   * The audio's duration for budgets: the declared {@link #duration()}, else the one a WAV or FLAC
   * header states, else empty (then a budget must assume the worst for the provider).
   *
   * @return the duration, if known
   */
  public Optional<Duration> audioDuration() {
    return duration != null ? Optional.of(duration) : AudioHeaders.duration(audio);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TranscriptionRequest r
        && r.model.equals(model)
        && Arrays.equals(r.audio, audio)
        && r.filename.equals(filename)
        && r.mediaType.equals(mediaType)
        && Objects.equals(r.language, language)
        && Objects.equals(r.prompt, prompt)
        && r.responseFormat == responseFormat
        && Objects.equals(r.temperature, temperature)
        && r.timestampGranularities.equals(timestampGranularities)
        && Objects.equals(r.duration, duration)
        && r.context.equals(context)
        && r.options.equals(options)
        && r.extraParams.equals(extraParams);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        model,
        Arrays.hashCode(audio),
        filename,
        mediaType,
        language,
        prompt,
        responseFormat,
        temperature,
        timestampGranularities,
        duration,
        context,
        options,
        extraParams);
  }

  /** The fields, with the audio's size instead of its bytes. */
  @Override
  public String toString() {
    return "TranscriptionRequest[model="
        + model
        + ", audio="
        + audio.length
        + " bytes, filename="
        + filename
        + ", mediaType="
        + mediaType
        + ", language="
        + language
        + ", responseFormat="
        + responseFormat
        + ", temperature="
        + temperature
        + ", timestampGranularities="
        + timestampGranularities
        + ", duration="
        + duration
        + "]";
  }

  /** The media type a file name's extension stands for, or {@code application/octet-stream}. */
  static String mediaTypeOf(String filename) {
    int dot = filename.lastIndexOf('.');
    String ext = dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "mp3", "mpga", "mpeg" -> "audio/mpeg";
      case "mp4" -> "audio/mp4";
      case "m4a" -> "audio/mp4";
      case "wav" -> "audio/wav";
      case "webm" -> "audio/webm";
      case "ogg", "oga", "opus" -> "audio/ogg";
      case "flac" -> "audio/flac";
      case "aac" -> "audio/aac";
      default -> "application/octet-stream";
    };
  }

  /**
   * Builds a {@link TranscriptionRequest}. Not thread-safe. Each setter replaces the previous
   * value; {@link #build()} validates.
   */
  public static final class Builder {
    private @Nullable String model;
    private byte @Nullable [] audio;
    private @Nullable String filename;
    private @Nullable String mediaType;
    private @Nullable String language;
    private @Nullable String prompt;
    private Format responseFormat = Format.JSON;
    private @Nullable Double temperature;
    private Set<Granularity> timestampGranularities = Set.of();
    private @Nullable Duration duration;
    private RequestContext context = RequestContext.EMPTY;
    private CallOptions options = CallOptions.DEFAULT;
    private final Map<String, @Nullable Object> extraParams = new LinkedHashMap<>();

    private Builder() {}

    private Builder(TranscriptionRequest r) {
      model = r.model;
      audio = r.audio;
      filename = r.filename;
      mediaType = r.mediaType;
      language = r.language;
      prompt = r.prompt;
      responseFormat = r.responseFormat;
      temperature = r.temperature;
      timestampGranularities = r.timestampGranularities;
      duration = r.duration;
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
     * Sets the audio file, with a media type derived from the file name's extension ({@code mp3},
     * {@code mp4}, {@code m4a}, {@code wav}, {@code webm}, {@code ogg}, {@code flac}; else {@code
     * application/octet-stream}). Required.
     *
     * @param audio the file's bytes, copied when the request is built
     * @param filename the file name, such as {@code speech.mp3}
     * @return this builder
     * @throws InvalidRequestException naming {@code audio} or {@code filename} if null
     */
    public Builder audio(byte[] audio, String filename) {
      return audio(audio, filename, mediaTypeOf(Checks.notBlank(filename, "filename")));
    }

    /**
     * Sets the audio file and its media type. Required.
     *
     * @param audio the file's bytes, copied when the request is built
     * @param filename the file name, such as {@code speech.mp3}
     * @param mediaType the media type, such as {@code audio/mpeg}
     * @return this builder
     * @throws InvalidRequestException naming {@code audio} if it is null
     */
    public Builder audio(byte[] audio, String filename, String mediaType) {
      this.audio = Checks.notNull(audio, "audio");
      this.filename = filename;
      this.mediaType = mediaType;
      return this;
    }

    /**
     * Sets the spoken language, an ISO-639-1 code such as {@code en}. Defaults to detection.
     *
     * @param language the code, or {@code null} to detect
     * @return this builder
     */
    public Builder language(@Nullable String language) {
      this.language = language;
      return this;
    }

    /**
     * Sets a text that guides the style or continues a previous segment. Defaults to none.
     *
     * @param prompt the prompt, or {@code null}
     * @return this builder
     */
    public Builder prompt(@Nullable String prompt) {
      this.prompt = prompt;
      return this;
    }

    /**
     * Sets the shape of the answer. Defaults to {@link Format#JSON}.
     *
     * @param responseFormat the format
     * @return this builder
     */
    public Builder responseFormat(Format responseFormat) {
      this.responseFormat = responseFormat;
      return this;
    }

    /**
     * Sets the sampling temperature, 0..1. Defaults to the provider's.
     *
     * @param temperature the temperature
     * @return this builder
     */
    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets the timestamps a {@link Format#VERBOSE_JSON} answer carries. Defaults to the provider's
     * (segments).
     *
     * @param granularities the granularities
     * @return this builder
     * @throws InvalidRequestException naming {@code timestampGranularities} if one is null
     */
    public Builder timestampGranularities(Granularity... granularities) {
      this.timestampGranularities =
          Set.copyOf(
              Checks.list(
                  Arrays.asList(Checks.notNull(granularities, "timestampGranularities")),
                  "timestampGranularities"));
      return this;
    }

    /**
     * Declares the audio's duration, which budgets reserve for when the provider bills by time.
     * Defaults to none: then it is read from a WAV or FLAC header, if any.
     *
     * @param duration the duration, positive, or {@code null}
     * @return this builder
     */
    public Builder duration(@Nullable Duration duration) {
      this.duration = duration;
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
     * Adds a provider parameter sent as a form field: text as is, lists as repeated {@code name[]}
     * fields, objects as JSON text.
     *
     * @param name the field name
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
    public TranscriptionRequest build() {
      return new TranscriptionRequest(
          Checks.notBlank(model, "model"),
          Checks.notNull(audio, "audio"),
          Checks.notBlank(filename, "filename"),
          Checks.notBlank(mediaType, "mediaType"),
          language,
          prompt,
          responseFormat,
          temperature,
          timestampGranularities,
          duration,
          context,
          options,
          extraParams);
    }
  }
}
