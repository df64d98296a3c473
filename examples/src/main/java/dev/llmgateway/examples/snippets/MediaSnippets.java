package dev.llmgateway.examples.snippets;

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
import dev.llmgateway.spi.Secret;
import dev.llmgateway.spi.TranscriptionStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/** The provider-level snippets of docs/audio.md and docs/images.md. */
final class MediaSnippets {
  private MediaSnippets() {}

  static void transcribe(Provider openai, ProviderCall call, byte[] audio) {
    // snippet: audio-transcribe
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
    // end snippet: audio-transcribe
  }

  static void transcribeStream(Provider openai, ProviderCall call, byte[] audio) {
    // snippet: audio-transcribe-stream
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
    // end snippet: audio-transcribe-stream
  }

  static void speech(Provider openai, ProviderCall call, OutputStream out) throws IOException {
    // snippet: audio-speech
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
    // end snippet: audio-speech
  }

  static void images(Provider openai) {
    // snippet: images-provider
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
    ImageResponse response = openai.images(request, call);
    for (GeneratedImage image : response.images()) {
      byte[] png = image.data(); // GPT image models always return bytes
      System.out.println(image.mediaType() + ", " + png.length + " bytes");
    }
    System.out.println(
        response.usage() + " billed as " + response.size() + "/" + response.quality());
    // end snippet: images-provider
  }
}
