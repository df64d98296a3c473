package dev.llmgateway.examples;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.SpeechAudio;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.model.GeneratedImage;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Images, transcription and speech through the client: routed by alias, charged to budgets,
 * recorded like chat. The code between the {@code docs/images.md} and {@code docs/audio.md} markers
 * is the pages' examples, checked to match by {@code DocsExamplesTest}; {@link #main} runs them
 * against an embedded {@link FakeLlmServer}.
 */
public final class MediaExample {
  private MediaExample() {}

  /**
   * Generates a poster through the alias {@code posters}.
   *
   * @param gateway a client with an alias {@code posters} over image models
   * @return the PNG bytes of the first image
   */
  public static byte[] poster(GatewayClient gateway) {
    // docs/images.md: begin
    ImageResponse response =
        gateway.images(
            ImageRequest.builder()
                .model("posters") // an alias: dall-e-3 first, Nova Canvas if it fails
                .prompt("A lighthouse at dusk, watercolour")
                .size("1024x1024")
                .quality(ImageRequest.Quality.HD)
                .build());
    GeneratedImage image = response.images().get(0);
    System.out.println(
        image.size() + " bytes from " + response.route().target() + " for " + response.cost());
    // docs/images.md: end
    return image.data();
  }

  /**
   * Transcribes a recording, then reads an answer aloud.
   *
   * @param gateway a client with the aliases {@code transcribe} and {@code voice}
   * @param recording the audio to transcribe (an MP3 file's bytes)
   * @return the bytes of the spoken answer
   */
  public static byte[] transcribeAndSpeak(GatewayClient gateway, byte[] recording) {
    // docs/audio.md: begin
    TranscriptionResponse transcript =
        gateway.transcribe(
            TranscriptionRequest.builder()
                .model("transcribe")
                .audio(recording, "question.mp3")
                .duration(Duration.ofSeconds(12)) // lets the budget reserve by the minute
                .build());
    System.out.println(transcript.text() + " (" + transcript.cost() + ")");

    try (SpeechAudio audio =
            gateway.speech(
                SpeechRequest.builder()
                    .model("voice")
                    .input("Thanks, your question was: " + transcript.text())
                    .voice("alloy")
                    .build());
        InputStream in = audio.inputStream()) {
      return in.readAllBytes(); // or stream it on, as it arrives
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // docs/audio.md: end
  }

  /**
   * Runs the examples against an embedded fake server.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (FakeLlmServer fake = FakeLlmServer.start();
        GatewayClient gateway = client(fake)) {
      fake.respondByDefault("dall-e-3", FakeResponse.image(new byte[] {1, 2, 3}));
      fake.respondByDefault("whisper-1", FakeResponse.transcription("Where is my order?"));
      fake.respondByDefault("tts-1", FakeResponse.speech(new byte[] {4, 5, 6}));
      out.println("poster: " + poster(gateway).length + " bytes");
      out.println("spoken: " + transcribeAndSpeak(gateway, new byte[] {7, 8}).length + " bytes");
    }
  }

  /**
   * A client over the fake server with the examples' aliases and a daily budget.
   *
   * @param fake the fake server
   * @return the client
   */
  public static GatewayClient client(FakeLlmServer fake) {
    return GatewayClient.builder()
        .provider(
            "openai", p -> p.type("openai").baseUrl(fake.baseUrl()).apiKey(Secret.of("demo-key")))
        .alias("posters", a -> a.target("openai", "dall-e-3"))
        .alias("transcribe", a -> a.target("openai", "whisper-1"))
        .alias("voice", a -> a.target("openai", "tts-1"))
        .budget(b -> b.scope(BudgetScope.global()).daily(Money.usd("1")))
        .build();
  }
}
