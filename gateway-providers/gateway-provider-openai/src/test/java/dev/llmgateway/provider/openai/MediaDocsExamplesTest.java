package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.GeneratedImage;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionChunk;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.spi.AudioStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.spi.TranscriptionStream;
import dev.llmgateway.testkit.FakeLlmServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/images.md and docs/audio.md, verbatim between the {@code // docs:} markers,
 * run against the fake server so that they keep compiling and keep working.
 */
class MediaDocsExamplesTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final Provider openai =
      new OpenAiProviderFactory()
          .create(
              ProviderSettings.builder("openai", "openai")
                  .baseUrl(server.baseUrl())
                  .key(ProviderKey.of("main", Secret.of("sk-docs")))
                  .build());

  @AfterEach
  void tearDown() {
    openai.close();
    server.close();
  }

  /** Each marked block of this file appears verbatim (dedented) in its docs page. */
  @Test
  void theDocsShowTheseExamplesVerbatim() throws IOException {
    String source =
        Files.readString(
            Path.of("src/test/java/dev/llmgateway/provider/openai/MediaDocsExamplesTest.java"));
    String images = Files.readString(Path.of("../../docs/images.md"));
    String audio = Files.readString(Path.of("../../docs/audio.md"));
    Matcher block =
        Pattern.compile("// docs:([\\w-]+)\n(.*?)\n\\s*// end", Pattern.DOTALL).matcher(source);
    int found = 0;
    while (block.find()) {
      String code = block.group(2).stripIndent();
      String page = block.group(1).startsWith("images") ? images : audio;
      assertThat(page).as("docs for " + block.group(1)).contains(code);
      found++;
    }
    assertThat(found).isEqualTo(5);
  }

  @Test
  void imagesExample() {
    // docs:images
    ImageRequest request =
        ImageRequest.builder()
            .model("gpt-image-1")
            .prompt("A lighthouse at dusk, watercolour")
            .size("1024x1024")
            .quality(ImageRequest.Quality.MEDIUM)
            .build();
    ProviderCall call =
        ProviderCall.of(
            ProviderKey.of("main", Secret.env("OPENAI_API_KEY")), Duration.ofSeconds(60));
    // end
    call = ProviderCall.of(ProviderKey.of("main", Secret.of("sk-docs")), Duration.ofSeconds(60));
    // docs:images-call
    ImageResponse response = openai.images(request, call);
    for (GeneratedImage image : response.images()) {
      byte[] png = image.data(); // GPT image models always return bytes
      System.out.println(image.mediaType() + ", " + png.length + " bytes");
    }
    System.out.println(
        response.usage() + " billed as " + response.size() + "/" + response.quality());
    // end
    assertThat(response.images()).hasSize(1);
    assertThat(response.usage().outputTokens()).isEqualTo(272);
  }

  @Test
  void transcriptionExamples() {
    byte[] audio = "hello from the docs".getBytes(StandardCharsets.UTF_8);
    ProviderCall call =
        ProviderCall.of(ProviderKey.of("main", Secret.of("sk-docs")), Duration.ofSeconds(60));
    // docs:transcribe
    TranscriptionRequest request =
        TranscriptionRequest.builder()
            .model("whisper-1")
            .audio(audio, "meeting.mp3")
            .language("en")
            .responseFormat(TranscriptionRequest.Format.VERBOSE_JSON)
            .timestampGranularities(TranscriptionRequest.Granularity.SEGMENT)
            .build();
    TranscriptionResponse transcript = openai.transcribe(request, call);
    System.out.println(transcript.text() + " (" + transcript.duration() + ")");
    transcript.segments().forEach(s -> System.out.println(s.start() + " " + s.text()));
    // end
    assertThat(transcript.text()).isEqualTo("hello from the docs");

    // docs:transcribe-stream
    TranscriptionRequest streamed =
        TranscriptionRequest.builder().model("gpt-4o-transcribe").audio(audio, "note.wav").build();
    try (TranscriptionStream stream = openai.transcribeStream(streamed, call)) {
      for (TranscriptionChunk chunk; (chunk = stream.next()) != null; ) {
        System.out.print(chunk.text());
        if (chunk.isLast()) {
          System.out.println("\n" + chunk.result().usage());
        }
      }
    }
    // end
  }

  @Test
  void speechExample() throws IOException {
    ProviderCall call =
        ProviderCall.of(ProviderKey.of("main", Secret.of("sk-docs")), Duration.ofSeconds(60));
    OutputStream out = new ByteArrayOutputStream();
    // docs:speech
    SpeechRequest request =
        SpeechRequest.builder()
            .model("gpt-4o-mini-tts")
            .input("Your order has shipped.")
            .voice("coral")
            .format(SpeechRequest.Format.MP3)
            .instructions("Speak in a cheerful tone.")
            .build();
    try (AudioStream audio = openai.speech(request, call)) {
      audio.inputStream().transferTo(out); // bytes flow as they arrive
    }
    // end
    assertThat(((ByteArrayOutputStream) out).toString(StandardCharsets.UTF_8))
        .isEqualTo("Your order has shipped.");
  }
}
