package dev.llmgateway.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to an image generation call.
 *
 * <p>{@link #size()} and {@link #quality()} say what the provider billed, in its own words (such as
 * {@code 1024x1024} and {@code hd} for DALL-E 3, {@code premium} for Bedrock): the values the
 * provider reported, else the request's, else the model's documented default. Per-image prices are
 * looked up by them. {@link #usage()} holds the token counts of models billed by tokens (the GPT
 * image models report input text and output image tokens) and is {@link Usage#NOT_REPORTED} for the
 * others.
 *
 * @param provider the configured name of the provider that answered
 * @param model the concrete model
 * @param images the images, in the provider's order
 * @param size the billed size, or {@code null} if unknown
 * @param quality the billed quality, or {@code null} if unknown
 * @param usage the token counts where the provider reports them
 * @param cost what the call cost
 * @param route how the call was served
 */
public record ImageResponse(
    String provider,
    String model,
    List<GeneratedImage> images,
    @Nullable String size,
    @Nullable String quality,
    Usage usage,
    Cost cost,
    Route route) {

  /**
   * Validates and copies the response.
   *
   * @param provider the configured name of the provider that answered
   * @param model the concrete model
   * @param images the images, in the provider's order
   * @param size the billed size, or {@code null} if unknown
   * @param quality the billed quality, or {@code null} if unknown
   * @param usage the token counts where the provider reports them
   * @param cost what the call cost
   * @param route how the call was served
   * @throws IllegalArgumentException if a component other than size and quality is null
   */
  public ImageResponse {
    if (provider == null
        || model == null
        || images == null
        || usage == null
        || cost == null
        || route == null) {
      throw new IllegalArgumentException("ImageResponse components must not be null");
    }
    images = List.copyOf(images);
  }

  /**
   * A response as a provider returns it: cost unknown and a direct route.
   *
   * @param provider the configured provider name
   * @param model the concrete model
   * @param images the images
   * @param size the billed size, or {@code null}
   * @param quality the billed quality, or {@code null}
   * @param usage the token counts
   * @return the response
   */
  public static ImageResponse of(
      String provider,
      String model,
      List<GeneratedImage> images,
      @Nullable String size,
      @Nullable String quality,
      Usage usage) {
    return new ImageResponse(
        provider,
        model,
        images,
        size,
        quality,
        usage,
        Cost.UNKNOWN,
        Route.direct(new TargetRef(provider, model)));
  }

  /**
   * A copy with the client's routing result and cost.
   *
   * @param route how the call was served
   * @param cost what it cost
   * @return the copy
   */
  public ImageResponse withRoute(Route route, Cost cost) {
    return new ImageResponse(provider, model, images, size, quality, usage, cost, route);
  }
}
