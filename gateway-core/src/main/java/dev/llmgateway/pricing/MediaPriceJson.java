package dev.llmgateway.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.Money;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads the {@code "media"} object of a price catalog entry (format in the {@link PriceCatalog}
 * Javadoc), strictly: an unknown field, a value of the wrong type or a bad size, quality, price or
 * count fails with an {@link IllegalArgumentException} naming the model and the field's path, such
 * as {@code media.perImage."1024x1024".hd}.
 */
final class MediaPriceJson {
  private static final Set<String> FIELDS =
      Set.of(
          "perImage",
          "imageOutputTokens",
          "imageInputPerMillion",
          "imageOutputPerMillion",
          "audioInputPerMillion",
          "audioOutputPerMillion",
          "perMinute",
          "perMillionCharacters");

  private MediaPriceJson() {}

  /**
   * Reads a media object.
   *
   * @param owner {@code 'provider/model'} for messages
   * @param media the value of the entry's {@code "media"} field
   * @throws IllegalArgumentException naming the owner and the field's path
   */
  static MediaPrice read(String owner, JsonNode media) {
    if (!media.isObject()) {
      throw new IllegalArgumentException(
          owner + " has a bad \"media\": must be an object, was " + media.getNodeType());
    }
    MediaPrice.Builder b = MediaPrice.builder();
    for (Map.Entry<String, JsonNode> f : media.properties()) {
      String name = f.getKey();
      JsonNode v = f.getValue();
      String path = "media." + name;
      switch (name) {
        case "perImage" ->
            table(
                owner,
                path,
                v,
                (key, node) -> b.perImage(key[0], key[1], price(owner, key[2], node)));
        case "imageOutputTokens" ->
            table(
                owner,
                path,
                v,
                (key, node) -> b.imageOutputTokens(key[0], key[1], tokens(owner, key[2], node)));
        case "imageInputPerMillion" ->
            set(owner, path, () -> b.imageInputPerMillion(price(owner, path, v)));
        case "imageOutputPerMillion" ->
            set(owner, path, () -> b.imageOutputPerMillion(price(owner, path, v)));
        case "audioInputPerMillion" ->
            set(owner, path, () -> b.audioInputPerMillion(price(owner, path, v)));
        case "audioOutputPerMillion" ->
            set(owner, path, () -> b.audioOutputPerMillion(price(owner, path, v)));
        case "perMinute" -> set(owner, path, () -> b.perMinute(price(owner, path, v)));
        case "perMillionCharacters" ->
            set(owner, path, () -> b.perMillionCharacters(price(owner, path, v)));
        default ->
            throw new IllegalArgumentException(
                owner
                    + " has an unknown field \""
                    + path
                    + "\" (known: "
                    + String.join(", ", FIELDS.stream().sorted().toList())
                    + ")");
      }
    }
    return b.build();
  }

  /** Reads {@code {"WxH": {"quality": value}}}, handing each (size, quality, path) on. */
  private static void table(
      String owner, String path, JsonNode v, BiConsumer<String[], JsonNode> entry) {
    if (!v.isObject()) {
      throw new IllegalArgumentException(
          owner
              + " has a bad \""
              + path
              + "\": must be an object of sizes, such as {\"1024x1024\": {\"standard\": \"0.04\"}},"
              + " was "
              + v.getNodeType());
    }
    for (Map.Entry<String, JsonNode> size : v.properties()) {
      String sizePath = path + ".\"" + size.getKey() + "\"";
      if (!size.getValue().isObject()) {
        throw new IllegalArgumentException(
            owner
                + " has a bad \""
                + sizePath
                + "\": must be an object of qualities, such as {\"standard\": ...}, was "
                + size.getValue().getNodeType());
      }
      for (Map.Entry<String, JsonNode> q : size.getValue().properties()) {
        String entryPath = sizePath + "." + q.getKey();
        set(
            owner,
            entryPath,
            () -> entry.accept(new String[] {size.getKey(), q.getKey(), entryPath}, q.getValue()));
      }
    }
  }

  /** Runs a setter, adding the owner and the path to a validation message that lacks them. */
  private static void set(String owner, String path, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      if (m != null && m.startsWith(owner)) {
        throw e;
      }
      throw new IllegalArgumentException(owner + " has a bad \"" + path + "\": " + m, e);
    }
  }

  private static Money price(String owner, String path, JsonNode v) {
    if (!v.isTextual() && !v.isNumber()) {
      throw new IllegalArgumentException(
          owner
              + " has a bad \""
              + path
              + "\": must be a decimal string in US dollars, such as \"0.04\", was "
              + v.getNodeType());
    }
    try {
      return Money.usd(v.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          owner + " has a bad \"" + path + "\" price: " + e.getMessage(), e);
    }
  }

  private static long tokens(String owner, String path, JsonNode v) {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(
          owner
              + " has a bad \""
              + path
              + "\": must be a whole number of tokens, was "
              + (v.isTextual() ? "'" + v.asText() + "'" : v.toString()));
    }
    return v.asLong();
  }
}
