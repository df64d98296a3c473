package dev.llmgateway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ProviderMediaDefaultsTest {
  private final Provider chatOnly =
      new Provider() {
        @Override
        public String name() {
          return "table";
        }

        @Override
        public Capabilities capabilities() {
          return Capabilities.CHAT_ONLY;
        }

        @Override
        public ChatResponse chat(ChatRequest request, ProviderCall call) {
          throw new UnsupportedOperationException();
        }

        @Override
        public ChunkStream stream(ChatRequest request, ProviderCall call) {
          throw new UnsupportedOperationException();
        }
      };

  private final ProviderCall call =
      ProviderCall.of(ProviderKey.of("k", Secret.of("v")), Duration.ofSeconds(1));

  @Test
  void aProviderWithoutMediaRefusesEachMediaCallNamingItself() {
    TranscriptionRequest transcription =
        TranscriptionRequest.builder().model("m").audio(new byte[] {1}, "a.wav").build();

    assertRefused(
        () -> chatOnly.images(ImageRequest.builder().model("m").prompt("p").build(), call),
        "image generation");
    assertRefused(() -> chatOnly.transcribe(transcription, call), "transcription");
    assertRefused(() -> chatOnly.transcribeStream(transcription, call), "transcription");
    assertRefused(
        () ->
            chatOnly.speech(
                SpeechRequest.builder().model("m").input("hi").voice("alloy").build(), call),
        "speech");
    assertThat(chatOnly.capabilities().images()).isFalse();
  }

  private static void assertRefused(Executable call, String what) {
    assertThatThrownBy(call::execute)
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.provider()).isEqualTo("table");
              assertThat(e.getMessage()).isEqualTo("Provider 'table' does not support " + what);
            });
  }
}
