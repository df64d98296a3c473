package dev.llmgateway.provider.bedrock;

import static dev.llmgateway.provider.bedrock.BedrockTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.GeneratedImage;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.Usage;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BedrockImagesTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 1, 2, 3};

  private final FakeLlmServer server = FakeLlmServer.start();
  private final BedrockProvider provider = BedrockTestSupport.provider(server);

  @AfterEach
  void tearDown() {
    provider.close();
    server.close();
  }

  @Test
  void sendsNovaCanvasATextImageTaskAndReadsTheBase64Images() throws Exception {
    server.enqueue(FakeResponse.image(PNG));
    ImageRequest request =
        ImageRequest.builder()
            .model("nova-canvas")
            .prompt("A lighthouse at dusk")
            .n(2)
            .size("1280x720")
            .quality(ImageRequest.Quality.HD)
            .extraParam("imageGenerationConfig", Map.of("seed", 7, "cfgScale", 6.5))
            .extraParam("textToImageParams", Map.of("negativeText", "people"))
            .build();

    ImageResponse response = provider.images(request, call());

    RecordedCall sent = server.takeRequest();
    assertThat(sent.path()).isEqualTo("/model/amazon.nova-canvas-v1%3A0/invoke");
    assertThat(sent.header("authorization")).startsWith("AWS4-HMAC-SHA256");
    ObjectMapper json = new ObjectMapper();
    assertThat(sent.bodyJson())
        .isEqualTo(
            json.readTree(
                """
                {"taskType": "TEXT_IMAGE",
                 "textToImageParams": {"text": "A lighthouse at dusk", "negativeText": "people"},
                 "imageGenerationConfig": {"numberOfImages": 2, "width": 1280, "height": 720,
                   "quality": "premium", "seed": 7, "cfgScale": 6.5}}
                """));
    assertThat(response.images())
        .containsExactly(
            GeneratedImage.ofData(PNG, "image/png", null),
            GeneratedImage.ofData(PNG, "image/png", null));
    assertThat(response.size()).isEqualTo("1280x720");
    assertThat(response.quality()).isEqualTo("premium");
    assertThat(response.usage()).isEqualTo(Usage.NOT_REPORTED);
    assertThat(response.provider()).isEqualTo("bedrock");
    assertThat(response.model()).isEqualTo("nova-canvas");
  }

  @Test
  void titanImageGeneratorGetsTheSameTaskWithTheDefaultSizeAndStandardQuality() {
    server.enqueue(FakeResponse.image(PNG));
    ImageRequest request =
        ImageRequest.builder().model("amazon.titan-image-generator-v2:0").prompt("A cat").build();

    ImageResponse response = provider.images(request, call());

    RecordedCall sent = server.takeRequest();
    assertThat(sent.path()).isEqualTo("/model/amazon.titan-image-generator-v2%3A0/invoke");
    assertThat(sent.bodyJson().at("/imageGenerationConfig/quality").asText()).isEqualTo("standard");
    assertThat(sent.bodyJson().at("/imageGenerationConfig").has("width")).isFalse();
    assertThat(response.size()).isEqualTo("1024x1024");
    assertThat(response.quality()).isEqualTo("standard");
  }

  @Test
  void refusesModelsThatAreNotImageModelsBeforeCallingAndDeclaresImagesPerModel() {
    ImageRequest request = ImageRequest.builder().model("nova-pro").prompt("x").build();

    assertThatThrownBy(() -> provider.images(request, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("does not support image generation");
            });
    assertThat(server.requestCount()).isZero();
    assertThat(provider.capabilities().images()).isTrue();
    assertThat(provider.capabilities("nova-canvas").images()).isTrue();
    assertThat(provider.capabilities("nova-canvas").chat()).isFalse();
    assertThat(provider.capabilities("us.amazon.nova-canvas-v1:0").images()).isTrue();
    assertThat(provider.capabilities("nova-pro").images()).isFalse();
    assertThat(provider.capabilities("some.unknown-model-v1:0").images()).isFalse();
    assertThat(provider.capabilities("some.unknown-model-v1:0").chat()).isTrue();
  }

  @Test
  void mapsImageErrorsLikeChatErrorsAndTheContentFilterToContentFiltered() {
    server.enqueue(
        FakeResponse.error(
            400,
            "ValidationException",
            null,
            "This request has been blocked by our content filters."));
    server.enqueue(FakeResponse.error(429, "ThrottlingException", null, "Too many requests"));
    server.enqueue(FakeResponse.error(503, "ServiceUnavailableException", null, "Busy"));
    server.enqueue(FakeResponse.malformedJson());
    ImageRequest request = ImageRequest.builder().model("nova-canvas").prompt("x").build();

    assertThat(fails(request).kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
    assertThat(fails(request).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(fails(request).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(fails(request).kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
  }

  private ProviderException fails(ImageRequest request) {
    try {
      ImageResponse response = provider.images(request, call());
      throw new AssertionError("expected a failure, got " + response);
    } catch (ProviderException e) {
      return e;
    }
  }
}
