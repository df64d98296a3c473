package dev.llmgateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MediaRequestsTest {

  @Test
  void anImageRequestHasDefaultsAndParsesItsSize() {
    ImageRequest request =
        ImageRequest.builder().model("openai/gpt-image-1").prompt("a lighthouse").build();

    assertThat(request.n()).isEqualTo(1);
    assertThat(request.output()).isEqualTo(ImageRequest.Output.BASE64);
    assertThat(request.size()).isNull();
    assertThat(request.width()).isZero();
    ImageRequest sized = request.toBuilder().size("1792x1024").build();
    assertThat(sized.width()).isEqualTo(1792);
    assertThat(sized.height()).isEqualTo(1024);
    assertThat(sized.withModel("dall-e-3").model()).isEqualTo("dall-e-3");
    assertThat(sized.withModel("openai/gpt-image-1")).isSameAs(sized);
  }

  @Test
  void anInvalidImageRequestNamesTheField() {
    ImageRequest.Builder ok = ImageRequest.builder().model("m").prompt("p");

    assertField(() -> ImageRequest.builder().model("m").build(), "prompt");
    assertField(() -> ok.n(0).build(), "n");
    assertField(() -> ImageRequest.builder().model("m").prompt("p").n(11).build(), "n");
    assertField(() -> ImageRequest.builder().model("m").prompt("p").size("big").build(), "size");
    assertField(
        () -> ImageRequest.builder().model("m").prompt("p").compression(80).build(), "compression");
    assertField(
        () ->
            ImageRequest.builder()
                .model("m")
                .prompt("p")
                .format(ImageRequest.Format.JPEG)
                .compression(101)
                .build(),
        "compression");
    assertField(
        () ->
            ImageRequest.builder()
                .model("m")
                .prompt("p")
                .format(ImageRequest.Format.JPEG)
                .background(ImageRequest.Background.TRANSPARENT)
                .build(),
        "background");
  }

  @Test
  void aTranscriptionRequestCopiesItsAudioAndNeverPrintsIt() throws Exception {
    byte[] audio = "secret words".getBytes(StandardCharsets.UTF_8);
    TranscriptionRequest request =
        TranscriptionRequest.builder().model("whisper-1").audio(audio, "talk.MP3").build();
    audio[0] = 'X';

    assertThat(request.audio()).startsWith((byte) 's');
    request.audio()[0] = 'Y';
    assertThat(request.audio()).startsWith((byte) 's');
    assertThat(request.mediaType()).isEqualTo("audio/mpeg");
    assertThat(request.responseFormat()).isEqualTo(TranscriptionRequest.Format.JSON);
    assertThat(request.audioSize()).isEqualTo(12);
    assertThat(request.audioStream().readAllBytes())
        .isEqualTo("secret words".getBytes(StandardCharsets.UTF_8));
    assertThat(request.toString()).contains("12 bytes").doesNotContain("secret");
    assertThat(request)
        .isEqualTo(
            TranscriptionRequest.builder()
                .model("whisper-1")
                .audio("secret words".getBytes(StandardCharsets.UTF_8), "talk.MP3")
                .build());
  }

  @Test
  void anInvalidTranscriptionRequestNamesTheField() {
    byte[] audio = {1};
    assertField(
        () -> TranscriptionRequest.builder().model("m").audio(new byte[0], "a.mp3").build(),
        "audio");
    assertField(() -> TranscriptionRequest.builder().model("m").build(), "audio");
    assertField(
        () -> TranscriptionRequest.builder().model("m").audio(audio, "../a.mp3").build(),
        "filename");
    assertField(
        () ->
            TranscriptionRequest.builder()
                .model("m")
                .audio(audio, "a.mp3")
                .language("English")
                .build(),
        "language");
    assertField(
        () ->
            TranscriptionRequest.builder()
                .model("m")
                .audio(audio, "a.mp3")
                .temperature(1.5)
                .build(),
        "temperature");
    assertField(
        () ->
            TranscriptionRequest.builder()
                .model("m")
                .audio(audio, "a.mp3")
                .timestampGranularities(TranscriptionRequest.Granularity.WORD)
                .build(),
        "timestampGranularities");
    assertField(
        () ->
            TranscriptionRequest.builder()
                .model("m")
                .audio(audio, "a.mp3")
                .duration(Duration.ZERO)
                .build(),
        "duration");
  }

  @Test
  void theAudioDurationIsTheDeclaredOneElseTheWavOrFlacHeadersElseUnknown() {
    byte[] wav = wav(16_000, 2, 48_000); // 1.5 s of 16 kHz 16-bit mono
    byte[] flac = flac(44_100, 441_000); // 10 s
    TranscriptionRequest.Builder b = TranscriptionRequest.builder().model("whisper-1");

    assertThat(b.audio(wav, "a.wav").build().audioDuration()).contains(Duration.ofMillis(1500));
    assertThat(b.audio(flac, "a.flac").build().audioDuration()).contains(Duration.ofSeconds(10));
    assertThat(b.audio(new byte[] {'I', 'D', '3', 4, 0}, "a.mp3").build().audioDuration())
        .isEmpty();
    assertThat(b.duration(Duration.ofSeconds(42)).build().audioDuration())
        .contains(Duration.ofSeconds(42));
    assertThat(
            b.duration(null)
                .audio(new byte[] {'R', 'I', 'F', 'F'}, "a.wav")
                .build()
                .audioDuration())
        .as("a truncated header is no duration")
        .isEmpty();
  }

  @Test
  void aSpeechRequestCountsCodePointsAndValidatesItsFields() {
    SpeechRequest request =
        SpeechRequest.builder().model("tts-1").input("Hé 👋").voice("alloy").build();

    assertThat(request.characters()).isEqualTo(4);
    assertThat(request.format()).isEqualTo(SpeechRequest.Format.MP3);
    assertThat(request.format().mediaType()).isEqualTo("audio/mpeg");
    assertField(() -> request.toBuilder().speed(4.5).build(), "speed");
    assertField(() -> request.toBuilder().instructions(" ").build(), "instructions");
    assertField(() -> SpeechRequest.builder().model("m").input("x").build(), "voice");
  }

  @Test
  void mediaResultsCopyTheirBytesAndCheckTheirParts() {
    byte[] bytes = {1, 2, 3};
    GeneratedImage image = GeneratedImage.ofData(bytes, "image/png", null);
    bytes[0] = 9;

    assertThat(image.data()).containsExactly(1, 2, 3);
    assertThat(image.base64()).isEqualTo("AQID");
    assertThat(image.toString()).contains("3 bytes");
    assertThatThrownBy(() -> new GeneratedImage(null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                TranscriptionResponse.of(
                    "p", "m", "t", null, null, List.of(), List.of(), Usage.of(5, 1), 6L))
        .hasMessageContaining("audio input tokens are part of the input tokens");
    assertThat(TranscriptionChunk.delta("a").isLast()).isFalse();
    assertThat(TimedText.ofSeconds(0.5, 1.25, "hi").end()).isEqualTo(Duration.ofMillis(1250));
  }

  private static void assertField(Executable build, String field) {
    assertThatThrownBy(build::execute)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  private static byte[] wav(int sampleRate, int bytesPerSample, int dataBytes) {
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
    b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
    b.putShort((short) 1).putInt(sampleRate).putInt(sampleRate * bytesPerSample);
    b.putShort((short) bytesPerSample).putShort((short) (8 * bytesPerSample));
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
    return b.array();
  }

  private static byte[] flac(int sampleRate, long samples) {
    byte[] f = new byte[8 + 34];
    System.arraycopy("fLaC".getBytes(StandardCharsets.US_ASCII), 0, f, 0, 4);
    f[4] = (byte) 0x80; // last block, type 0 STREAMINFO
    f[7] = 34;
    int d = 8;
    f[d + 10] = (byte) (sampleRate >> 12);
    f[d + 11] = (byte) (sampleRate >> 4);
    f[d + 12] = (byte) ((sampleRate & 0x0F) << 4);
    f[d + 13] = (byte) ((samples >> 32) & 0x0F);
    f[d + 14] = (byte) (samples >> 24);
    f[d + 15] = (byte) (samples >> 16);
    f[d + 16] = (byte) (samples >> 8);
    f[d + 17] = (byte) samples;
    return f;
  }
}
