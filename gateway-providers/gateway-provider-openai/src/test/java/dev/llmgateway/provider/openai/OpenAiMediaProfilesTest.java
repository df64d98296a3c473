package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.spi.AudioStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The media endpoints' URLs and capabilities on the OpenAI-compatible profiles. */
class OpenAiMediaProfilesTest extends OpenAiTestSupport {

  @Test
  void azureSendsMediaCallsToTheDeploymentWithTheApiVersionAndTheDeploymentAsModel()
      throws IOException {
    Provider azure =
        new OpenAiProviderFactory()
            .create(
                ProviderSettings.builder("azure", "openai")
                    .profile("azure-openai")
                    .baseUrl(server.url("/").toString())
                    .key(KEY)
                    .option("api-version", "2025-04-01-preview")
                    .option("deployments", "gpt-image-1=img-prod,whisper-1=stt,tts-1=voice")
                    .build());
    server.enqueue(json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"iVBORw0KGgo=\"}]}"));
    server.enqueue(json(200, "{\"text\":\"hi\"}"));
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "audio/mpeg")
            .body(new Buffer().writeUtf8("mp3"))
            .build());
    try {
      azure.images(ImageRequest.builder().model("gpt-image-1").prompt("x").build(), call());
      azure.transcribe(
          TranscriptionRequest.builder()
              .model("whisper-1")
              .audio("a".getBytes(StandardCharsets.UTF_8), "a.mp3")
              .build(),
          call());
      try (AudioStream audio =
          azure.speech(
              SpeechRequest.builder().model("tts-1").input("hi").voice("alloy").build(), call())) {
        assertThat(audio.inputStream().readAllBytes()).isEqualTo("mp3".getBytes());
      }

      RecordedRequest images = takeRequest();
      assertThat(images.getUrl().encodedPath())
          .isEqualTo("/openai/deployments/img-prod/images/generations");
      assertThat(images.getUrl().queryParameter("api-version")).isEqualTo("2025-04-01-preview");
      assertThat(images.getHeaders().get("api-key")).isEqualTo(API_KEY);
      assertThat(tree(images.getBody().utf8()).get("model").asText()).isEqualTo("img-prod");
      assertThat(tree(images.getBody().utf8()).has("response_format"))
          .as("gpt-image models are recognized by the gateway's model name, not the deployment")
          .isFalse();
      RecordedRequest transcription = takeRequest();
      assertThat(transcription.getUrl().encodedPath())
          .isEqualTo("/openai/deployments/stt/audio/transcriptions");
      assertThat(transcription.getBody().utf8()).contains("name=\"model\"\r\n\r\nstt\r\n");
      RecordedRequest speech = takeRequest();
      assertThat(speech.getUrl().encodedPath()).isEqualTo("/openai/deployments/voice/audio/speech");
    } finally {
      azure.close();
    }
  }

  @Test
  void azureV1UsesTheV1Path() {
    Provider azure =
        new OpenAiProviderFactory()
            .create(
                ProviderSettings.builder("azure", "openai")
                    .profile("azure-openai")
                    .baseUrl(server.url("/").toString())
                    .key(KEY)
                    .option("api-version", "v1")
                    .build());
    server.enqueue(json(200, "{\"created\":1,\"data\":[{\"url\":\"https://example.com/a.png\"}]}"));
    try {
      azure.images(ImageRequest.builder().model("dall-e-3").prompt("x").build(), call());

      RecordedRequest images = takeRequest();
      assertThat(images.getUrl().encodedPath()).isEqualTo("/openai/v1/images/generations");
      assertThat(images.getUrl().queryParameter("api-version")).isNull();
    } finally {
      azure.close();
    }
  }

  @Test
  void declaresTheMediaEndpointsEachProfileOffers() {
    assertThat(media("openai")).isEqualTo("images transcription speech");
    assertThat(media("azure-openai")).isEqualTo("images transcription speech");
    assertThat(media("groq")).isEqualTo("transcription speech");
    assertThat(media("mistral")).isEqualTo("transcription");
    assertThat(media("together")).isEqualTo("images transcription speech");
    assertThat(media("gemini")).isEqualTo("images");
    assertThat(media("vllm")).isEqualTo("transcription");
    assertThat(media("ollama")).isEmpty();
    assertThat(media("openrouter")).isEmpty();
    assertThat(media("openai-compatible")).isEmpty();
  }

  @Test
  void rejectsAnUnknownMediaOptionNamingIt() {
    assertThatThrownBy(
            () ->
                new OpenAiProviderFactory()
                    .create(
                        ProviderSettings.builder("local", "openai")
                            .profile("openai-compatible")
                            .baseUrl(server.url("/v1").toString())
                            .option("media", "images,video")
                            .build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'video'")
        .hasMessageContaining("option 'media'");
  }

  private String media(String profile) {
    ProviderSettings.Builder settings =
        ProviderSettings.builder("p", "openai")
            .profile(profile)
            .baseUrl(server.url("/v1").toString())
            .key(KEY);
    if (profile.equals("azure-openai")) {
      settings.baseUrl(server.url("/").toString());
    }
    Provider provider = new OpenAiProviderFactory().create(settings.build());
    try {
      StringBuilder s = new StringBuilder();
      if (provider.capabilities().images()) {
        s.append("images ");
      }
      if (provider.capabilities().transcription()) {
        s.append("transcription ");
      }
      if (provider.capabilities().speech()) {
        s.append("speech ");
      }
      return s.toString().strip();
    } finally {
      provider.close();
    }
  }
}
