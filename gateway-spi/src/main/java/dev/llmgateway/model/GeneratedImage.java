package dev.llmgateway.model;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One generated image: its bytes, or a URL where the provider hosts it for a while, and the prompt
 * the model actually used when it rewrote the one it was given (DALL-E 3).
 *
 * <pre>{@code
 * for (GeneratedImage image : response.images()) {
 *   if (image.hasData()) {
 *     Files.write(Path.of("out.png"), image.data());
 *   } else {
 *     download(image.url());
 *   }
 * }
 * }</pre>
 *
 * <p>The bytes are copied in, and {@link #data()} returns a copy.
 *
 * @param url where the provider hosts the image, or {@code null} if it returned the bytes
 * @param data the image file's bytes, or {@code null} if the provider returned a URL
 * @param mediaType the image's media type, such as {@code image/png}, or {@code null} if unknown
 * @param revisedPrompt the prompt the model used instead of the one given, or {@code null}
 */
public record GeneratedImage(
    @Nullable String url,
    byte @Nullable [] data,
    @Nullable String mediaType,
    @Nullable String revisedPrompt) {

  /**
   * Validates and copies the image.
   *
   * @param url where the provider hosts the image, or {@code null} if it returned the bytes
   * @param data the image file's bytes, or {@code null} if the provider returned a URL
   * @param mediaType the image's media type, such as {@code image/png}, or {@code null}
   * @param revisedPrompt the prompt the model used instead of the one given, or {@code null}
   * @throws IllegalArgumentException if neither a URL nor bytes are given
   */
  public GeneratedImage {
    if (url == null && data == null) {
      throw new IllegalArgumentException("an image needs a url or data");
    }
    data = data == null ? null : data.clone();
  }

  /**
   * An image returned as bytes.
   *
   * @param data the image file's bytes
   * @param mediaType the media type, or {@code null} if unknown
   * @param revisedPrompt the prompt the model used, or {@code null}
   * @return the image
   */
  public static GeneratedImage ofData(
      byte[] data, @Nullable String mediaType, @Nullable String revisedPrompt) {
    return new GeneratedImage(null, Objects.requireNonNull(data, "data"), mediaType, revisedPrompt);
  }

  /**
   * An image returned as a URL.
   *
   * @param url where the provider hosts it
   * @param revisedPrompt the prompt the model used, or {@code null}
   * @return the image
   */
  public static GeneratedImage ofUrl(String url, @Nullable String revisedPrompt) {
    return new GeneratedImage(Objects.requireNonNull(url, "url"), null, null, revisedPrompt);
  }

  /**
   * A copy of the image file's bytes.
   *
   * @return the bytes, or {@code null} if the provider returned a URL
   */
  @Override
  public byte @Nullable [] data() {
    return data == null ? null : data.clone();
  }

  /**
   * Whether the provider returned the bytes.
   *
   * @return {@code true} if {@link #data()} is not {@code null}
   */
  public boolean hasData() {
    return data != null;
  }

  /**
   * The number of bytes of the image file.
   *
   * @return the size, or {@code 0} if the provider returned a URL
   */
  public int size() {
    return data == null ? 0 : data.length;
  }

  /**
   * The bytes in standard Base64, as OpenAI's {@code b64_json} carries them.
   *
   * @return the Base64 text, or {@code null} if the provider returned a URL
   */
  public @Nullable String base64() {
    return data == null ? null : Base64.getEncoder().encodeToString(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeneratedImage g
        && Objects.equals(g.url, url)
        && Arrays.equals(g.data, data)
        && Objects.equals(g.mediaType, mediaType)
        && Objects.equals(g.revisedPrompt, revisedPrompt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, Arrays.hashCode(data), mediaType, revisedPrompt);
  }

  /** The URL or the byte count, never the bytes. */
  @Override
  public String toString() {
    return "GeneratedImage["
        + (data != null ? data.length + " bytes" : "url=" + url)
        + (mediaType == null ? "" : ", " + mediaType)
        + (revisedPrompt == null ? "" : ", revisedPrompt=" + revisedPrompt)
        + "]";
  }
}
