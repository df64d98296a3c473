package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Base64;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bedrock's image models on the fake server's InvokeModel path. */
class FakeLlmServerBedrockImagesTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final OkHttpClient client = new OkHttpClient();

  @AfterEach
  void tearDown() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    server.close();
  }

  @Test
  void answersATextImageTaskWithOneBase64ImagePerRequestedImage() throws IOException {
    String body =
        "{\"taskType\":\"TEXT_IMAGE\",\"textToImageParams\":{\"text\":\"a cat\"},"
            + "\"imageGenerationConfig\":{\"numberOfImages\":3}}";

    Invoked echoed = invoke("amazon.nova-canvas-v1:0", body);
    server.enqueue(FakeResponse.image(new byte[] {7, 7}));
    Invoked scripted = invoke("amazon.titan-image-generator-v2:0", body);

    assertThat(echoed.status()).isEqualTo(200);
    assertThat(echoed.json().get("images")).hasSize(3);
    assertThat(Base64.getDecoder().decode(echoed.json().at("/images/0").asText()))
        .startsWith(0x89, 'P', 'N', 'G');
    assertThat(echoed.json().get("error").isNull()).isTrue();
    assertThat(scripted.json().at("/images/2").asText()).isEqualTo("Bwc=");
    assertThat(server.takeRequest().model()).isEqualTo("amazon.nova-canvas-v1:0");
  }

  @Test
  void answersImageErrorsAsAwsErrors() throws IOException {
    server.enqueue(
        FakeResponse.error(
            400,
            "ValidationException",
            null,
            "This request has been blocked by our content filters."));

    Invoked failed =
        invoke(
            "amazon.nova-canvas-v1:0",
            "{\"taskType\":\"TEXT_IMAGE\",\"textToImageParams\":{\"text\":\"x\"}}");
    Invoked noText = invoke("amazon.nova-canvas-v1:0", "{\"taskType\":\"TEXT_IMAGE\"}");

    assertThat(failed.status()).isEqualTo(400);
    assertThat(failed.errorType()).isEqualTo("ValidationException");
    assertThat(failed.json().get("message").asText()).contains("content filters");
    assertThat(noText.status()).isEqualTo(400);
  }

  record Invoked(int status, String errorType, JsonNode json) {}

  private Invoked invoke(String model, String body) throws IOException {
    Request request =
        new Request.Builder()
            .url(server.bedrockEndpoint() + "/model/" + model.replace(":", "%3A") + "/invoke")
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response response = client.newCall(request).execute()) {
      return new Invoked(
          response.code(),
          response.header("x-amzn-ErrorType"),
          Http.parse(response.body().string()));
    }
  }
}
