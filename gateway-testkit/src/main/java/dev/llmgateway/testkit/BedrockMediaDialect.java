package dev.llmgateway.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.testkit.Dialect.Exchange;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bedrock's image models on {@code POST /model/{modelId}/invoke}: a body with {@code "taskType":
 * "TEXT_IMAGE"} (Amazon Nova Canvas, Titan Image Generator) is answered with {@code {"images":
 * ["<base64>", ...], "error": null}}, one image per {@code imageGenerationConfig.numberOfImages}.
 * Errors, raw and malformed answers are rendered by {@link BedrockDialect}, as for chat.
 */
final class BedrockMediaDialect {
  private BedrockMediaDialect() {}

  /** Whether an InvokeModel body asks an image model for images. */
  static boolean isImageRequest(JsonNode body) {
    return body.hasNonNull("taskType");
  }

  /** Renders an echo or an image script; anything else is a script mistake. */
  static Reply images(Exchange exchange, FakeResponse response) {
    MediaScript media = response.media();
    boolean echo = response.kind() == FakeResponse.Kind.ECHO;
    if (!echo && (media == null || media.type() != MediaScript.Type.IMAGE)) {
      return BedrockDialect.error(
          500,
          "InternalServerException",
          "FakeLlmServer: " + response + " cannot answer an image request, check the script");
    }
    JsonNode body = exchange.body();
    if (!"TEXT_IMAGE".equals(body.path("taskType").asText())) {
      return BedrockDialect.error(
          400,
          "ValidationException",
          "FakeLlmServer answers only the TEXT_IMAGE task, not " + body.path("taskType"));
    }
    String prompt = body.path("textToImageParams").path("text").asText("");
    if (prompt.isEmpty()) {
      return BedrockDialect.error(
          400, "ValidationException", "textToImageParams.text must be 1 to 1024 characters");
    }
    int n = Math.max(1, body.path("imageGenerationConfig").path("numberOfImages").asInt(1));
    byte[] image = echo ? FakeImages.png(prompt) : media.bytes();
    String b64 = Base64.getEncoder().encodeToString(image);
    byte[] json =
        Json.bytes(
            g -> {
              g.writeStartObject();
              g.writeArrayFieldStart("images");
              for (int i = 0; i < n; i++) {
                g.writeString(b64);
              }
              g.writeEndArray();
              g.writeNullField("error");
              g.writeEndObject();
            });
    String requestId = String.format(Locale.ROOT, "req-fake%016d", exchange.sequence());
    return new Reply(
        200,
        Map.of("Content-Type", "application/json", "x-amzn-RequestId", requestId),
        List.of(json),
        1,
        false);
  }
}
