package dev.llmgateway.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.GeneratedImage;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionChunk;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.spi.AudioStream;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.TranscriptionStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * The media scenarios of {@link ProviderConformanceTest}: {@link ConformanceScenario#IMAGES},
 * {@link ConformanceScenario#TRANSCRIPTION} and {@link ConformanceScenario#SPEECH}. Each is
 * skipped, with the reason in the report, when the provider opts out or its capabilities for the
 * scenario's model say it lacks the capability.
 */
final class MediaScenarios {
  /** The scripted image: a real 1x1 PNG. */
  static final byte[] IMAGE = FakeImages.png("conformance");

  /** The scripted speech audio: 10,000 seeded pseudo-random bytes (three chunks on the wire). */
  static final byte[] AUDIO = audio(10_000);

  /** The uploaded audio of the transcription requests. */
  static final byte[] UPLOAD = "conformance audio".getBytes(StandardCharsets.UTF_8);

  private final ProviderConformanceTest suite;

  MediaScenarios(ProviderConformanceTest suite) {
    this.suite = suite;
  }

  // IMAGES

  void images() {
    String model = suite.imageModel();
    assumeCapable(model, Capabilities::images, "images()");
    suite.runs(ConformanceScenario.IMAGES);
    suite.script(FakeResponse.image(IMAGE));
    ImageRequest request =
        ImageRequest.builder().model(model).prompt("A lighthouse at dusk").n(2).build();

    ImageResponse answer = bounded("images", () -> suite.provider().images(request, suite.call()));

    assertEquals(2, answer.images().size(), () -> "two images: " + answer);
    for (GeneratedImage image : answer.images()) {
      assertTrue(image.hasData(), () -> "images come back as bytes by default: " + image);
      assertArrayEquals(IMAGE, image.data(), "the image bytes");
    }
    assertEquals(suite.provider().name(), answer.provider(), "provider name");
    assertEquals(model, answer.model(), "model");
    RecordedCall sent = suite.server().takeRequest();
    assertTrue(
        ProviderConformanceTest.containsText(sent.bodyJson(), "A lighthouse at dusk"),
        () -> "the prompt is sent: " + sent);

    assertMaps(req -> suite.provider().images(request, req), "images");
  }

  // TRANSCRIPTION

  void transcription() {
    String model = suite.transcriptionModel();
    assumeCapable(model, Capabilities::transcription, "transcription()");
    suite.runs(ConformanceScenario.TRANSCRIPTION);
    TranscriptionRequest request =
        TranscriptionRequest.builder().model(model).audio(UPLOAD, "question.mp3").build();
    suite.script(FakeResponse.transcription(ProviderConformanceTest.ANSWER));
    suite.script(FakeResponse.transcription(ProviderConformanceTest.ANSWER));

    TranscriptionResponse plain =
        bounded("transcribe", () -> suite.provider().transcribe(request, suite.call()));
    List<TranscriptionChunk> chunks =
        bounded(
            "a streamed transcription",
            () -> {
              try (TranscriptionStream stream =
                  suite.provider().transcribeStream(request, suite.call())) {
                List<TranscriptionChunk> all = new ArrayList<>();
                for (TranscriptionChunk c; (c = stream.next()) != null; ) {
                  all.add(c);
                }
                return all;
              }
            });

    assertEquals(ProviderConformanceTest.ANSWER, plain.text(), "plain text");
    assertEquals(suite.provider().name(), plain.provider(), "provider name");
    StringBuilder assembled = new StringBuilder();
    chunks.forEach(c -> assembled.append(c.text()));
    assertEquals(ProviderConformanceTest.ANSWER, assembled.toString(), "the deltas assemble");
    TranscriptionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.isLast(), () -> "the last chunk carries the result: " + chunks);
    assertEquals(ProviderConformanceTest.ANSWER, last.result().text(), "the result's text");
    for (int i = 0; i < chunks.size() - 1; i++) {
      assertTrue(!chunks.get(i).isLast(), "only the last chunk carries the result");
    }

    assertMaps(call -> suite.provider().transcribe(request, call), "transcribe");
    assertMaps(
        call -> {
          try (TranscriptionStream stream = suite.provider().transcribeStream(request, call)) {
            List<TranscriptionChunk> read = new ArrayList<>();
            for (TranscriptionChunk c; (c = stream.next()) != null; ) {
              read.add(c);
            }
            return read;
          }
        },
        "transcribeStream");
  }

  // SPEECH

  void speech() {
    String model = suite.speechModel();
    assumeCapable(model, Capabilities::speech, "speech()");
    suite.runs(ConformanceScenario.SPEECH);
    SpeechRequest request =
        SpeechRequest.builder()
            .model(model)
            .input("Your order has shipped.")
            .voice("alloy")
            .build();

    // The whole audio, byte for byte.
    suite.script(FakeResponse.speech(AUDIO));
    byte[] whole =
        bounded(
            "speech",
            () -> {
              try (AudioStream audio = suite.provider().speech(request, suite.call())) {
                assertEquals(SpeechRequest.Format.MP3, audio.format(), "format");
                assertEquals("audio/mpeg", audio.mediaType(), "media type");
                byte[] bytes = readAll(audio.inputStream());
                assertEquals(-1, audio.inputStream().read(), "read after the end is -1 again");
                return bytes;
              }
            });
    assertArrayEquals(AUDIO, whole, "the audio comes back byte for byte");

    // The first bytes arrive while the server holds back the rest; close() ends the stream.
    CountDownLatch gate = suite.gate();
    suite.script(FakeResponse.speech(AUDIO).withChunkSize(1000).pauseStreamAfter(1, gate));
    AudioStream paused = bounded("speech", () -> suite.provider().speech(request, suite.call()));
    try {
      byte[] first = bounded("the first bytes", () -> readN(paused.inputStream(), 1000));
      assertArrayEquals(java.util.Arrays.copyOf(AUDIO, 1000), first, "the first bytes");
      bounded(
          "close()",
          () -> {
            paused.close();
            return null;
          });
      ProviderException afterClose =
          bounded("a read after close()", () -> readFails(paused.inputStream()));
      suite.checkSafe(afterClose);
    } finally {
      paused.close();
      gate.countDown();
    }

    // A connection cut in the middle of the audio fails the read.
    suite.script(FakeResponse.speech(AUDIO).withChunkSize(1000).dropConnectionAfter(2));
    ProviderException cut =
        bounded(
            "a speech cut short",
            () -> {
              try (AudioStream audio = suite.provider().speech(request, suite.call())) {
                return readFails(audio.inputStream());
              }
            });
    assertTrue(
        cut.kind() == ErrorKind.NETWORK || cut.kind() == ErrorKind.MALFORMED_RESPONSE,
        () -> "audio cut short is NETWORK or MALFORMED_RESPONSE, but was " + cut);
    suite.checkSafe(cut);

    assertMaps(
        call -> {
          try (AudioStream audio = suite.provider().speech(request, call)) {
            return readAll(audio.inputStream());
          }
        },
        "speech");
  }

  // Helpers.

  private void assumeCapable(
      String model, java.util.function.Predicate<Capabilities> capable, String what) {
    Capabilities capabilities = suite.provider().capabilities(model);
    assumeTrue(
        capable.test(capabilities),
        () ->
            suite.getClass().getSimpleName()
                + ": capabilities('"
                + model
                + "')."
                + what
                + " is false, so the provider declares it lacks this");
  }

  /** Checks that 400, 500 and a 401 quoting the key map to their kinds, the key scrubbed. */
  private void assertMaps(Attempt call, String what) {
    String key = suite.key().secret().reveal();
    List<Object[]> cases =
        List.of(
            new Object[] {
              FakeResponse.error(400, "invalid_request_error", null, "Invalid size."),
              ErrorKind.INVALID_REQUEST,
              400
            },
            new Object[] {
              FakeResponse.error(500, "server_error", null, "The server had an error."),
              ErrorKind.UNAVAILABLE,
              500
            },
            new Object[] {
              FakeResponse.error(
                  401, "invalid_request_error", "invalid_api_key", "Incorrect API key: " + key),
              ErrorKind.AUTHENTICATION,
              401
            });
    for (Object[] c : cases) {
      suite.script((FakeResponse) c[0]);
      ProviderException e =
          bounded(
              what,
              () -> {
                Object answer;
                try {
                  answer = call.run(suite.call());
                } catch (ProviderException failure) {
                  return suite.checkSafe(failure);
                } catch (Exception failure) {
                  throw new AssertionError(
                      "a provider must fail only with ProviderException, but "
                          + what
                          + " threw "
                          + failure,
                      failure);
                }
                throw new AssertionError(
                    "expected a ProviderException for HTTP " + c[2] + ", but got " + answer);
              });
      assertEquals(c[1], e.kind(), () -> what + ", HTTP " + c[2] + ": kind of " + e);
      assertEquals(c[2], e.httpStatus().orElse(0), () -> what + ": httpStatus of " + e);
    }
  }

  /** One call of the provider, which may throw. */
  @FunctionalInterface
  private interface Attempt {
    Object run(ProviderCall call) throws Exception;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private static byte[] readN(InputStream in, int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    assertEquals(n, bytes.length, "bytes read before the pause");
    return bytes;
  }

  private static ProviderException readFails(InputStream in) {
    byte[] buffer = new byte[4096];
    long read = 0;
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        read += n;
      }
    } catch (ProviderException e) {
      return e;
    } catch (IOException | RuntimeException e) {
      throw new AssertionError(
          "an audio stream must fail only with ProviderException, but read threw " + e, e);
    }
    throw new AssertionError("the audio ended properly (-1) after " + read + " bytes");
  }

  private static <T> T bounded(String what, ThrowingSupplier<T> action) {
    return ProviderConformanceTest.bounded(what, action);
  }

  private static byte[] audio(int size) {
    byte[] bytes = new byte[size];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }
}
