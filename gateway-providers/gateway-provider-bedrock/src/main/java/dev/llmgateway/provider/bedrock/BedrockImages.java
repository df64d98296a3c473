package dev.llmgateway.provider.bedrock;

import dev.llmgateway.model.GeneratedImage;
import dev.llmgateway.model.ImageRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The InvokeModel body of Amazon's image models (Nova Canvas, Titan Image Generator) for a text
 * prompt, and the reading of their answers. Both take the same {@code TEXT_IMAGE} task:
 *
 * <pre>{@code
 * {"taskType": "TEXT_IMAGE",
 *  "textToImageParams": {"text": "<prompt>"},
 *  "imageGenerationConfig": {"numberOfImages": 1, "width": 1024, "height": 1024,
 *                            "quality": "standard" | "premium"}}
 * }</pre>
 *
 * <p>and answer {@code {"images": ["<base64 PNG>", ...], "error": null}}. {@code quality} {@code
 * HD} and {@code HIGH} become {@code premium}, the others {@code standard}; width and height are
 * sent only for an explicit size. The request's extra parameters are deep-merged into the body, so
 * {@code imageGenerationConfig: {seed: 7, cfgScale: 6.5}} or {@code textToImageParams:
 * {negativeText: "..."}} keep the other settings. The billed size is the request's, else the
 * models' default {@code 1024x1024}; the billed quality {@code standard} or {@code premium}.
 */
final class BedrockImages {
  /** The size Nova Canvas and Titan Image Generator draw when none is given. */
  static final String DEFAULT_SIZE = "1024x1024";

  private BedrockImages() {}

  /** Whether a (resolved) model id is one of the image models this class speaks to. */
  static boolean isImageModel(String modelId) {
    return modelId.contains("amazon.nova-canvas") || modelId.contains("amazon.titan-image");
  }

  static String body(ImageRequest request) {
    Map<String, @Nullable Object> text = new LinkedHashMap<>();
    text.put("text", request.prompt());
    Map<String, @Nullable Object> config = new LinkedHashMap<>();
    config.put("numberOfImages", request.n());
    if (request.width() > 0) {
      config.put("width", request.width());
      config.put("height", request.height());
    }
    config.put("quality", quality(request));
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("taskType", "TEXT_IMAGE");
    body.put("textToImageParams", text);
    body.put("imageGenerationConfig", config);
    merge(body, request.extraParams());
    return Documents.toJson(Documents.fromValue(body));
  }

  /** Bedrock's quality: {@code premium} for HD and HIGH, else {@code standard}. */
  static String quality(ImageRequest request) {
    ImageRequest.Quality q = request.quality();
    return q == ImageRequest.Quality.HD || q == ImageRequest.Quality.HIGH ? "premium" : "standard";
  }

  static String billedSize(ImageRequest request) {
    return request.width() > 0 ? request.width() + "x" + request.height() : DEFAULT_SIZE;
  }

  /**
   * Reads the images of an answer.
   *
   * @throws IllegalStateException if the answer has no images, with the model's {@code error}
   */
  static List<GeneratedImage> read(String json) {
    JsonNode root = Documents.parseNode(json);
    String error =
        root.field("error").filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
    JsonNode images = root.field("images").filter(JsonNode::isArray).orElse(null);
    if (images == null || images.asArray().isEmpty()) {
      throw new IllegalStateException(
          error != null && !error.isEmpty() ? "no images: " + error : "the answer has no images");
    }
    List<GeneratedImage> result = new ArrayList<>();
    for (JsonNode image : images.asArray()) {
      if (!image.isString()) {
        throw new IllegalStateException("an image is not a Base64 string");
      }
      // Strict: a lenient decoder skips stray characters and would return a broken image.
      byte[] bytes = Base64.getDecoder().decode(image.asString().replaceAll("\\s", ""));
      if (bytes.length == 0) {
        throw new IllegalStateException("an image is empty");
      }
      result.add(GeneratedImage.ofData(bytes, mediaType(bytes), null));
    }
    return result;
  }

  private static String mediaType(byte[] bytes) {
    return bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8
        ? "image/jpeg"
        : "image/png";
  }

  /** Merges {@code extra} into {@code target}: objects key by key, anything else replaced. */
  @SuppressWarnings("unchecked")
  static void merge(Map<String, @Nullable Object> target, Map<String, @Nullable Object> extra) {
    for (Map.Entry<String, @Nullable Object> e : extra.entrySet()) {
      Object existing = target.get(e.getKey());
      if (existing instanceof Map<?, ?> into && e.getValue() instanceof Map<?, ?> from) {
        Map<String, @Nullable Object> copy = new LinkedHashMap<>((Map<String, Object>) into);
        merge(copy, (Map<String, @Nullable Object>) from);
        target.put(e.getKey(), copy);
      } else {
        target.put(e.getKey(), e.getValue());
      }
    }
  }
}
