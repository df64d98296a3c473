package dev.llmgateway.model;

import org.jspecify.annotations.Nullable;

/**
 * One part of a message's content: text, or an image given by URL or inline as base64.
 *
 * <pre>{@code
 * Message.user(ContentPart.text("What is in this picture?"),
 *              ContentPart.imageUrl("https://example.com/cat.png"));
 * }</pre>
 */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

  /**
   * A text part.
   *
   * @param text the text
   * @return the part
   * @throws dev.llmgateway.error.InvalidRequestException if {@code text} is null
   */
  static Text text(String text) {
    return new Text(text);
  }

  /**
   * An image the provider fetches from a URL ({@code https:} or a {@code data:} URL).
   *
   * @param url the image URL
   * @return the part
   * @throws dev.llmgateway.error.InvalidRequestException if {@code url} is blank
   */
  static Image imageUrl(String url) {
    return new Image(url, null, null, null);
  }

  /**
   * An image sent inline.
   *
   * @param mediaType the image's media type, such as {@code image/png}
   * @param base64Data the image bytes, base64-encoded without a {@code data:} prefix
   * @return the part
   * @throws dev.llmgateway.error.InvalidRequestException if either argument is blank
   */
  static Image imageBase64(String mediaType, String base64Data) {
    return new Image(null, mediaType, base64Data, null);
  }

  /**
   * A text part.
   *
   * @param text the text, possibly empty
   */
  record Text(String text) implements ContentPart {
    /**
     * Validates the part.
     *
     * @param text the text
     * @throws dev.llmgateway.error.InvalidRequestException if {@code text} is null
     */
    public Text {
      Checks.notNull(text, "content.text");
    }
  }

  /**
   * An image, either by {@code url} or inline as {@code mediaType} plus {@code base64Data}.
   *
   * @param url the URL, or {@code null} for an inline image
   * @param mediaType the media type of an inline image, or {@code null}
   * @param base64Data the base64 bytes of an inline image, or {@code null}
   * @param detail an optional fidelity hint ({@code low}, {@code high}, {@code auto}) for providers
   *     that take one, or {@code null}
   */
  record Image(
      @Nullable String url,
      @Nullable String mediaType,
      @Nullable String base64Data,
      @Nullable String detail)
      implements ContentPart {
    /**
     * Validates the part.
     *
     * @param url the image URL
     * @param mediaType the image's media type, such as {@code image/png}
     * @param base64Data the image bytes, base64-encoded without a {@code data:} prefix
     * @param detail an optional fidelity hint ({@code low}, {@code high}, {@code auto}) for
     *     providers that take one, or {@code null}
     * @throws dev.llmgateway.error.InvalidRequestException if neither or both of a URL and inline
     *     data are given
     */
    public Image {
      if (url != null) {
        Checks.notBlank(url, "content.image.url");
        if (mediaType != null || base64Data != null) {
          throw new dev.llmgateway.error.InvalidRequestException(
              "content.image", "give either a url or inline base64 data, not both");
        }
      } else {
        Checks.notBlank(mediaType, "content.image.mediaType");
        Checks.notBlank(base64Data, "content.image.base64Data");
      }
    }

    /**
     * Whether the image is inline rather than by URL.
     *
     * @return {@code true} for base64 data
     */
    public boolean isInline() {
      return url == null;
    }

    /**
     * The image as a URL: the URL itself, or a {@code data:} URL built from the inline bytes.
     *
     * @return a URL a provider can fetch or decode
     */
    public String asUrl() {
      return url != null ? url : "data:" + mediaType + ";base64," + base64Data;
    }

    /**
     * Returns a copy with a fidelity hint.
     *
     * @param detail {@code low}, {@code high} or {@code auto}
     * @return the copy
     */
    public Image withDetail(String detail) {
      return new Image(url, mediaType, base64Data, detail);
    }

    @Override
    public String toString() {
      // Inline images can be megabytes; print their size, not their bytes.
      return url != null
          ? "Image[url=" + url + "]"
          : "Image["
              + mediaType
              + ", "
              + (base64Data == null ? 0 : base64Data.length())
              + " base64 chars]";
    }
  }
}
