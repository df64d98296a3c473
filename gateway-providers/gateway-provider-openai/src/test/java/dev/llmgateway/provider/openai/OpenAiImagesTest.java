package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.GeneratedImage;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.Usage;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class OpenAiImagesTest extends OpenAiTestSupport {
  /** The first bytes of a PNG file, enough for the media type to be recognized. */
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};

  static final String PNG_B64 = Base64.getEncoder().encodeToString(PNG);

  @Test
  void sendsAGptImageRequestWithoutResponseFormatAndReadsBytesSizeQualityAndUsage() {
    server.enqueue(
        json(
            200,
            """
            {
              "created": 1713833628,
              "data": [{"b64_json": "%s"}],
              "background": "transparent",
              "output_format": "webp",
              "quality": "high",
              "size": "1024x1536",
              "usage": {
                "total_tokens": 6258,
                "input_tokens": 18,
                "output_tokens": 6240,
                "input_tokens_details": {"text_tokens": 18, "image_tokens": 0}
              }
            }
            """
                .formatted(PNG_B64)));
    ImageRequest request =
        ImageRequest.builder()
            .model("gpt-image-1")
            .prompt("A lighthouse at dusk, watercolour")
            .size("1024x1536")
            .quality(ImageRequest.Quality.HIGH)
            .background(ImageRequest.Background.TRANSPARENT)
            .format(ImageRequest.Format.WEBP)
            .compression(80)
            .endUser("user-7")
            .extraParam("moderation", "low")
            .build();

    ImageResponse response = provider.images(request, call());

    assertRequest(
        "/v1/images/generations",
        "application/json",
        """
        {"model":"gpt-image-1","prompt":"A lighthouse at dusk, watercolour","n":1,
         "size":"1024x1536","quality":"high","background":"transparent","output_format":"webp",
         "output_compression":80,"user":"user-7","moderation":"low"}
        """);
    assertThat(response.images()).containsExactly(GeneratedImage.ofData(PNG, "image/webp", null));
    assertThat(response.size()).isEqualTo("1024x1536");
    assertThat(response.quality()).isEqualTo("high");
    assertThat(response.usage()).isEqualTo(Usage.of(18, 6240));
    assertThat(response.provider()).isEqualTo("openai-main");
    assertThat(response.model()).isEqualTo("gpt-image-1");
  }

  @Test
  void sendsADallE3RequestForUrlsAndReadsRevisedPromptsWithTheDefaultBilledSizeAndQuality() {
    server.enqueue(
        json(
            200,
            """
            {
              "created": 1589478378,
              "data": [
                {"url": "https://example.com/img-1.png", "revised_prompt": "A tall lighthouse"},
                {"url": "https://example.com/img-2.png", "revised_prompt": "A red lighthouse"}
              ]
            }
            """));
    ImageRequest request =
        ImageRequest.builder()
            .model("dall-e-3")
            .prompt("A lighthouse")
            .n(2)
            .style(ImageRequest.Style.NATURAL)
            .output(ImageRequest.Output.URL)
            .build();

    ImageResponse response = provider.images(request, call());

    assertRequest(
        "/v1/images/generations",
        "application/json",
        """
        {"model":"dall-e-3","prompt":"A lighthouse","n":2,"style":"natural",
         "response_format":"url"}
        """);
    assertThat(response.images())
        .containsExactly(
            GeneratedImage.ofUrl("https://example.com/img-1.png", "A tall lighthouse"),
            GeneratedImage.ofUrl("https://example.com/img-2.png", "A red lighthouse"));
    assertThat(response.size()).isEqualTo("1024x1024");
    assertThat(response.quality()).isEqualTo("standard");
    assertThat(response.usage()).isEqualTo(Usage.NOT_REPORTED);
  }

  @Test
  void asksDallEForBase64ByDefaultAndBillsTheRequestedSizeAndQuality() {
    server.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"" + PNG_B64 + "\"}]}"));
    ImageRequest request =
        ImageRequest.builder()
            .model("dall-e-3")
            .prompt("A lighthouse")
            .size("1792x1024")
            .quality(ImageRequest.Quality.HD)
            .build();

    ImageResponse response = provider.images(request, call());

    assertThat(tree(takeRequest().getBody().utf8()).get("response_format").asText())
        .isEqualTo("b64_json");
    assertThat(response.images().get(0).data()).isEqualTo(PNG);
    assertThat(response.images().get(0).mediaType()).isEqualTo("image/png");
    assertThat(response.size()).isEqualTo("1792x1024");
    assertThat(response.quality()).isEqualTo("hd");
  }

  @Test
  void mapsImageErrorsLikeChatErrors() {
    server.enqueue(
        json(
            400,
            """
            {"error": {"message": "Invalid size '999x999'. Supported sizes are 1024x1024,
             1024x1792, and 1792x1024.", "type": "invalid_request_error", "param": "size",
             "code": "invalid_size"}}
            """));
    server.enqueue(
        json(
            401,
            """
            {"error": {"message": "Incorrect API key provided: test-key-123.",
             "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}
            """));
    server.enqueue(
        new mockwebserver3.MockResponse.Builder()
            .code(429)
            .setHeader("Content-Type", "application/json")
            .setHeader("Retry-After", "3")
            .body(
                "{\"error\":{\"message\":\"Rate limit reached for images per minute\","
                    + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
            .build());
    server.enqueue(json(503, "{\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\"}}"));
    ImageRequest request =
        ImageRequest.builder().model("dall-e-3").prompt("x").size("999x999").build();

    ProviderException invalid = imagesFail(request);
    ProviderException auth = imagesFail(request);
    ProviderException limited = imagesFail(request);
    ProviderException unavailable = imagesFail(request);

    assertThat(invalid.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(invalid.getMessage()).contains("Invalid size '999x999'");
    assertThat(auth.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(auth.getMessage()).doesNotContain(API_KEY);
    assertThat(limited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(unavailable.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(unavailable.retryable()).isTrue();
  }

  @Test
  void failsAsMalformedWhenTheAnswerHasNoImage() {
    server.enqueue(json(200, "{\"created\":1,\"data\":[{\"revised_prompt\":\"x\"}]}"));
    server.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"%%%\"}]}"));
    ImageRequest request = ImageRequest.builder().model("dall-e-2").prompt("x").build();

    assertThat(imagesFail(request).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
    assertThat(imagesFail(request).getMessage()).contains("not valid Base64");
  }

  @Test
  void aProfileWithoutAnImagesEndpointRefusesBeforeSendingAndTheOptionTurnsItOn() {
    var plain =
        new OpenAiProviderFactory()
            .create(
                dev.llmgateway.spi.ProviderSettings.builder("local", "openai")
                    .profile("openai-compatible")
                    .baseUrl(server.url("/v1").toString())
                    .build());
    var opted =
        new OpenAiProviderFactory()
            .create(
                dev.llmgateway.spi.ProviderSettings.builder("local", "openai")
                    .profile("openai-compatible")
                    .baseUrl(server.url("/v1").toString())
                    .option("media", "images, speech")
                    .build());
    ImageRequest request = ImageRequest.builder().model("flux-dev").prompt("x").build();
    try {
      assertThat(plain.capabilities().images()).isFalse();
      assertThatThrownBy(() -> plain.images(request, call()))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                assertThat(e.getMessage())
                    .contains("does not support image generation", "option 'media'");
              });
      assertThat(server.getRequestCount()).isZero();
      assertThat(opted.capabilities().images()).isTrue();
      assertThat(opted.capabilities().speech()).isTrue();
      assertThat(opted.capabilities().transcription()).isFalse();
    } finally {
      plain.close();
      opted.close();
    }
  }

  @Test
  void declaresMediaPerProfileAndPerModel() {
    assertThat(provider.capabilities().images()).isTrue();
    assertThat(provider.capabilities("gpt-image-1").images()).isTrue();
    assertThat(provider.capabilities("gpt-image-1").chat()).isFalse();
    assertThat(provider.capabilities("dall-e-3").transcription()).isFalse();
    assertThat(provider.capabilities("whisper-1").transcription()).isTrue();
    assertThat(provider.capabilities("whisper-1").images()).isFalse();
    assertThat(provider.capabilities("gpt-4o-transcribe").transcription()).isTrue();
    assertThat(provider.capabilities("gpt-4o-transcribe").chat()).isFalse();
    assertThat(provider.capabilities("gpt-4o-mini-tts").speech()).isTrue();
    assertThat(provider.capabilities("tts-1-hd").speech()).isTrue();
    assertThat(provider.capabilities("gpt-4o-mini").chat()).isTrue();
    assertThat(provider.capabilities("gpt-4o-mini").images()).isFalse();
    assertThat(provider.capabilities("gpt-4o-mini").speech()).isFalse();
  }

  private ProviderException imagesFail(ImageRequest request) {
    try {
      ImageResponse response = provider.images(request, call());
      throw new AssertionError("expected a failure, got " + response);
    } catch (ProviderException e) {
      return e;
    }
  }
}
