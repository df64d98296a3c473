package dev.llmgateway.model;

import dev.llmgateway.error.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An image generation call: a prompt and how the images should look, normalized across providers.
 * Immutable; build one with {@link #builder()} and derive variants with {@link #toBuilder()}.
 *
 * <pre>{@code
 * ImageRequest request = ImageRequest.builder()
 *     .model("openai/gpt-image-1")
 *     .prompt("A lighthouse at dusk, watercolour")
 *     .size("1024x1024")
 *     .quality(ImageRequest.Quality.MEDIUM)
 *     .build();
 * }</pre>
 *
 * <p>Fields a provider has no equivalent for are not sent to it: {@code style} reaches only DALL-E
 * 3, {@code background}, {@code format} and {@code compression} only the GPT image models, and
 * Bedrock maps {@code quality} to its {@code standard} / {@code premium}. {@link Output#URL} is a
 * preference: providers that only return the image bytes (GPT image models, Bedrock) return bytes.
 * Provider parameters without a field here go in {@code extraParams}.
 *
 * @param model an alias, a {@code provider/model} pair, or a model name
 * @param prompt what to draw, not blank
 * @param n how many images, 1 to {@value #MAX_IMAGES}
 * @param size {@code WIDTHxHEIGHT} in pixels (such as {@code 1024x1024}) or {@code auto}, or {@code
 *     null} for the model's default
 * @param quality the rendering quality, or {@code null} for the model's default
 * @param style the DALL-E 3 style, or {@code null} for the model's default
 * @param output whether the images should come back as URLs or as bytes
 * @param background the background of GPT image models, or {@code null} for the default
 * @param format the file format of GPT image models, or {@code null} for the default (PNG)
 * @param compression the JPEG or WebP compression of GPT image models, 0 to 100, or {@code null}
 * @param endUser an end-user id forwarded to providers for abuse monitoring, or {@code null}
 * @param context attribution: tenant, team, feature, user, tags
 * @param options per-call options such as the deadline
 * @param extraParams provider parameters passed through untouched into the request body
 */
public record ImageRequest(
    String model,
    String prompt,
    int n,
    @Nullable String size,
    @Nullable Quality quality,
    @Nullable Style style,
    Output output,
    @Nullable Background background,
    @Nullable Format format,
    @Nullable Integer compression,
    @Nullable String endUser,
    RequestContext context,
    CallOptions options,
    Map<String, @Nullable Object> extraParams) {

  /** The most images one request may ask for: {@value}, OpenAI's limit. */
  public static final int MAX_IMAGES = 10;

  private static final Pattern SIZE = Pattern.compile("auto|[1-9][0-9]{0,4}x[1-9][0-9]{0,4}");

  /** The rendering quality. Each provider accepts only some of these; see {@link #wireName()}. */
  public enum Quality {
    /** The model picks (GPT image models). */
    AUTO,
    /** Low (GPT image models). */
    LOW,
    /** Medium (GPT image models). */
    MEDIUM,
    /** High (GPT image models). */
    HIGH,
    /** Standard (DALL-E 3; Bedrock {@code standard}). */
    STANDARD,
    /** HD (DALL-E 3; Bedrock {@code premium}). */
    HD;

    /**
     * The OpenAI wire value, such as {@code hd}.
     *
     * @return the lower-case name
     */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The DALL-E 3 style. */
  public enum Style {
    /** Hyper-real and dramatic. */
    VIVID,
    /** More natural, less hyper-real. */
    NATURAL
  }

  /** How the images come back. */
  public enum Output {
    /** As bytes (OpenAI {@code b64_json}); every provider can. */
    BASE64,
    /** As URLs the provider hosts for a while (DALL-E); providers without URLs return bytes. */
    URL
  }

  /** The background of GPT image models. */
  public enum Background {
    /** The model picks. */
    AUTO,
    /** Transparent; needs the PNG or WebP format. */
    TRANSPARENT,
    /** Opaque. */
    OPAQUE
  }

  /** The file format of GPT image models. */
  public enum Format {
    /** PNG, the default. */
    PNG,
    /** JPEG. */
    JPEG,
    /** WebP. */
    WEBP;

    /**
     * The media type of an image in this format.
     *
     * @return such as {@code image/png}
     */
    public String mediaType() {
      return "image/" + name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Validates and copies the request.
   *
   * @param model an alias, a {@code provider/model} pair, or a model name
   * @param prompt what to draw, not blank
   * @param n how many images, 1 to {@value #MAX_IMAGES}
   * @param size {@code WIDTHxHEIGHT} in pixels or {@code auto}, or {@code null} for the default
   * @param quality the rendering quality, or {@code null} for the model's default
   * @param style the DALL-E 3 style, or {@code null} for the model's default
   * @param output whether the images should come back as URLs or as bytes
   * @param background the background of GPT image models, or {@code null} for the default
   * @param format the file format of GPT image models, or {@code null} for the default (PNG)
   * @param compression the JPEG or WebP compression of GPT image models, 0 to 100, or {@code null}
   * @param endUser an end-user id forwarded to providers for abuse monitoring, or {@code null}
   * @param context attribution: tenant, team, feature, user, tags
   * @param options per-call options such as the deadline
   * @param extraParams provider parameters passed through untouched into the request body
   * @throws InvalidRequestException naming the first invalid field
   */
  public ImageRequest {
    Checks.notBlank(model, "model");
    Checks.notBlank(prompt, "prompt");
    if (n < 1 || n > MAX_IMAGES) {
      throw new InvalidRequestException("n", "must be between 1 and " + MAX_IMAGES + ", was " + n);
    }
    if (size != null && !SIZE.matcher(size).matches()) {
      throw new InvalidRequestException(
          "size", "must be WIDTHxHEIGHT in pixels (such as 1024x1024) or auto, was '" + size + "'");
    }
    Checks.notNull(output, "output");
    if (compression != null) {
      if (compression < 0 || compression > 100) {
        throw new InvalidRequestException(
            "compression", "must be between 0 and 100, was " + compression);
      }
      if (format != Format.JPEG && format != Format.WEBP) {
        throw new InvalidRequestException(
            "compression", "applies to the JPEG and WebP formats only, but format is " + format);
      }
    }
    if (background == Background.TRANSPARENT && format == Format.JPEG) {
      throw new InvalidRequestException(
          "background", "TRANSPARENT needs the PNG or WebP format, but format is JPEG");
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
  public ImageRequest withModel(String model) {
    return this.model.equals(model) ? this : toBuilder().model(model).build();
  }

  /**
   * The requested width, when {@link #size()} names one.
   *
   * @return the width in pixels, or {@code 0} if the size is {@code null} or {@code auto}
   */
  public int width() {
    return dimension(0);
  }

  /**
   * The requested height, when {@link #size()} names one.
   *
   * @return the height in pixels, or {@code 0} if the size is {@code null} or {@code auto}
   */
  public int height() {
    return dimension(1);
  }

  private int dimension(int index) {
    if (size == null || size.equals("auto")) {
      return 0;
    }
    return Integer.parseInt(size.split("x")[index]);
  }

  /**
   * Builds an {@link ImageRequest}. Not thread-safe. Each setter replaces the previous value;
   * {@link #build()} validates.
   */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable String prompt;
    private int n = 1;
    private @Nullable String size;
    private @Nullable Quality quality;
    private @Nullable Style style;
    private Output output = Output.BASE64;
    private @Nullable Background background;
    private @Nullable Format format;
    private @Nullable Integer compression;
    private @Nullable String endUser;
    private RequestContext context = RequestContext.EMPTY;
    private CallOptions options = CallOptions.DEFAULT;
    private final Map<String, @Nullable Object> extraParams = new LinkedHashMap<>();

    private Builder() {}

    private Builder(ImageRequest r) {
      model = r.model;
      prompt = r.prompt;
      n = r.n;
      size = r.size;
      quality = r.quality;
      style = r.style;
      output = r.output;
      background = r.background;
      format = r.format;
      compression = r.compression;
      endUser = r.endUser;
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
     * Sets what to draw. Required.
     *
     * @param prompt the prompt
     * @return this builder
     */
    public Builder prompt(String prompt) {
      this.prompt = prompt;
      return this;
    }

    /**
     * Sets how many images to generate, 1 to {@value ImageRequest#MAX_IMAGES}. Defaults to 1.
     *
     * @param n the number of images
     * @return this builder
     */
    public Builder n(int n) {
      this.n = n;
      return this;
    }

    /**
     * Sets the size, {@code WIDTHxHEIGHT} in pixels or {@code auto}. Defaults to the model's.
     *
     * @param size the size, or {@code null} for the default
     * @return this builder
     */
    public Builder size(@Nullable String size) {
      this.size = size;
      return this;
    }

    /**
     * Sets the rendering quality. Defaults to the model's.
     *
     * @param quality the quality, or {@code null} for the default
     * @return this builder
     */
    public Builder quality(@Nullable Quality quality) {
      this.quality = quality;
      return this;
    }

    /**
     * Sets the DALL-E 3 style. Defaults to the model's ({@code vivid}).
     *
     * @param style the style, or {@code null} for the default
     * @return this builder
     */
    public Builder style(@Nullable Style style) {
      this.style = style;
      return this;
    }

    /**
     * Sets how the images come back. Defaults to {@link Output#BASE64}.
     *
     * @param output the output
     * @return this builder
     */
    public Builder output(Output output) {
      this.output = output;
      return this;
    }

    /**
     * Sets the background (GPT image models). Defaults to the model's.
     *
     * @param background the background, or {@code null} for the default
     * @return this builder
     */
    public Builder background(@Nullable Background background) {
      this.background = background;
      return this;
    }

    /**
     * Sets the file format (GPT image models). Defaults to PNG.
     *
     * @param format the format, or {@code null} for the default
     * @return this builder
     */
    public Builder format(@Nullable Format format) {
      this.format = format;
      return this;
    }

    /**
     * Sets the JPEG or WebP compression, 0 to 100 (GPT image models). Defaults to the model's.
     *
     * @param compression the compression, or {@code null} for the default
     * @return this builder
     */
    public Builder compression(@Nullable Integer compression) {
      this.compression = compression;
      return this;
    }

    /**
     * Sets the end-user id forwarded to providers. Defaults to none.
     *
     * @param endUser the id, or {@code null}
     * @return this builder
     */
    public Builder endUser(@Nullable String endUser) {
      this.endUser = endUser;
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
     * Adds a provider parameter passed through untouched into the request body (for Bedrock, deep
     * merged into it, so {@code imageGenerationConfig: {seed: 7}} keeps the other settings).
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
    public ImageRequest build() {
      return new ImageRequest(
          Checks.notBlank(model, "model"),
          Checks.notBlank(prompt, "prompt"),
          n,
          size,
          quality,
          style,
          output,
          background,
          format,
          compression,
          endUser,
          context,
          options,
          extraParams);
    }
  }
}
