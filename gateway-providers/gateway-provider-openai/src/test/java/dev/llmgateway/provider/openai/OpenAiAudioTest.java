package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TimedText;
import dev.llmgateway.model.TranscriptionChunk;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.AudioStream;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.TranscriptionStream;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class OpenAiAudioTest extends OpenAiTestSupport {
  static final byte[] AUDIO =
      "ID3 fake mp3 bytes \u0000\u0001\u00ff".getBytes(StandardCharsets.UTF_8);

  /** A form part as read back: its headers' file name and type, and its bytes. */
  record Part(String filename, String contentType, byte[] content) {
    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  @Test
  void sendsAMultipartFormAndReadsTheTextTokenUsageAndAudioTokens() throws IOException {
    server.enqueue(
        json(
            200,
            """
            {
              "text": "Imagine the wildest idea that you've ever had.",
              "usage": {
                "type": "tokens",
                "input_tokens": 14,
                "input_token_details": {"text_tokens": 4, "audio_tokens": 10},
                "output_tokens": 11,
                "total_tokens": 25
              }
            }
            """));
    TranscriptionRequest request =
        TranscriptionRequest.builder()
            .model("gpt-4o-transcribe")
            .audio(AUDIO, "idea.mp3")
            .language("en")
            .prompt("An idea.")
            .temperature(0.2)
            .extraParam("include", List.of("logprobs"))
            .extraParam("chunking_strategy", Map.of("type", "server_vad"))
            .build();

    TranscriptionResponse response = provider.transcribe(request, call());

    RecordedRequest sent = takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/audio/transcriptions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(sent.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
    Map<String, List<Part>> form = form(sent);
    assertThat(form.keySet())
        .containsExactly(
            "file",
            "model",
            "language",
            "prompt",
            "response_format",
            "temperature",
            "include[]",
            "chunking_strategy");
    Part file = form.get("file").get(0);
    assertThat(file.filename()).isEqualTo("idea.mp3");
    assertThat(file.contentType()).isEqualTo("audio/mpeg");
    assertThat(file.content()).isEqualTo(AUDIO);
    assertThat(form.get("model").get(0).text()).isEqualTo("gpt-4o-transcribe");
    assertThat(form.get("language").get(0).text()).isEqualTo("en");
    assertThat(form.get("prompt").get(0).text()).isEqualTo("An idea.");
    assertThat(form.get("response_format").get(0).text()).isEqualTo("json");
    assertThat(form.get("temperature").get(0).text()).isEqualTo("0.2");
    assertThat(form.get("include[]").get(0).text()).isEqualTo("logprobs");
    assertThat(tree(form.get("chunking_strategy").get(0).text()))
        .isEqualTo(tree("{\"type\":\"server_vad\"}"));
    assertThat(response.text()).isEqualTo("Imagine the wildest idea that you've ever had.");
    assertThat(response.usage()).isEqualTo(Usage.of(14, 11));
    assertThat(response.audioInputTokens()).isEqualTo(10L);
    assertThat(response.duration()).isNull();
    assertThat(response.provider()).isEqualTo("openai-main");
  }

  @Test
  void readsAVerboseWhisperAnswerWithSegmentsWordsAndTheBilledSeconds() throws IOException {
    server.enqueue(
        json(
            200,
            """
            {
              "task": "transcribe",
              "language": "english",
              "duration": 8.470000267028809,
              "text": "The beach was a popular spot.",
              "segments": [
                {"id": 0, "seek": 0, "start": 0.0, "end": 3.3199999332427979,
                 "text": " The beach was a popular spot.", "tokens": [50364, 440],
                 "temperature": 0.0, "avg_logprob": -0.28, "compression_ratio": 1.24,
                 "no_speech_prob": 0.009}
              ],
              "words": [
                {"word": "The", "start": 0.0, "end": 0.24},
                {"word": "beach", "start": 0.24, "end": 0.6}
              ],
              "usage": {"type": "duration", "seconds": 9}
            }
            """));
    TranscriptionRequest request =
        TranscriptionRequest.builder()
            .model("whisper-1")
            .audio(AUDIO, "beach.wav", "audio/wav")
            .responseFormat(TranscriptionRequest.Format.VERBOSE_JSON)
            .timestampGranularities(
                TranscriptionRequest.Granularity.WORD, TranscriptionRequest.Granularity.SEGMENT)
            .build();

    TranscriptionResponse response = provider.transcribe(request, call());

    Map<String, List<Part>> form = form(takeRequest());
    assertThat(form.get("response_format").get(0).text()).isEqualTo("verbose_json");
    assertThat(form.get("timestamp_granularities[]"))
        .extracting(Part::text)
        .containsExactly("word", "segment");
    assertThat(form.get("file").get(0).contentType()).isEqualTo("audio/wav");
    assertThat(response.language()).isEqualTo("english");
    assertThat(response.duration()).isEqualTo(Duration.ofSeconds(9));
    assertThat(response.segments())
        .containsExactly(
            TimedText.ofSeconds(0.0, 3.3199999332427979, " The beach was a popular spot."));
    assertThat(response.words())
        .containsExactly(
            TimedText.ofSeconds(0.0, 0.24, "The"), TimedText.ofSeconds(0.24, 0.6, "beach"));
    assertThat(response.usage()).isEqualTo(Usage.NOT_REPORTED);
    assertThat(response.audioInputTokens()).isNull();
  }

  @Test
  void readsTheTextFormatWithoutItsTrailingNewline() {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/plain; charset=utf-8")
            .body("Hello there.\n")
            .build());
    TranscriptionRequest request =
        TranscriptionRequest.builder()
            .model("whisper-1")
            .audio(AUDIO, "hello.mp3")
            .responseFormat(TranscriptionRequest.Format.TEXT)
            .build();

    TranscriptionResponse response = provider.transcribe(request, call());

    assertThat(response.text()).isEqualTo("Hello there.");
    assertThat(response.usage()).isEqualTo(Usage.NOT_REPORTED);
  }

  @Test
  void streamsTextDeltasAndEndsWithTheWholeResultAndUsage() throws IOException {
    server.enqueue(
        sse(
            """
            data: {"type":"transcript.text.delta","delta":"The"}

            data: {"type":"transcript.text.delta","delta":" beach"}

            data: {"type":"transcript.text.delta","delta":" was"}

            data: {"type":"transcript.text.done","text":"The beach was","usage":{"type":"tokens","input_tokens":12,"input_token_details":{"text_tokens":0,"audio_tokens":12},"output_tokens":3,"total_tokens":15}}

            """));
    TranscriptionRequest request =
        TranscriptionRequest.builder()
            .model("gpt-4o-mini-transcribe")
            .audio(AUDIO, "b.mp3")
            .build();

    List<TranscriptionChunk> chunks = new ArrayList<>();
    try (TranscriptionStream stream = provider.transcribeStream(request, call())) {
      for (TranscriptionChunk c; (c = stream.next()) != null; ) {
        chunks.add(c);
      }
      assertThat(stream.next()).isNull();
    }

    RecordedRequest sent = takeRequest();
    assertThat(sent.getHeaders().get("Accept")).startsWith("text/event-stream");
    assertThat(form(sent).get("stream").get(0).text()).isEqualTo("true");
    assertThat(chunks)
        .extracting(TranscriptionChunk::text)
        .containsExactly("The", " beach", " was", "");
    TranscriptionResponse result = chunks.get(3).result();
    assertThat(result.text()).isEqualTo("The beach was");
    assertThat(result.usage()).isEqualTo(Usage.of(12, 3));
    assertThat(result.audioInputTokens()).isEqualTo(12L);
  }

  @Test
  void aModelThatDoesNotStreamAnswersWithOneDeltaAndTheLastChunk() {
    server.enqueue(
        json(200, "{\"text\":\"Hello.\",\"usage\":{\"type\":\"duration\",\"seconds\":2}}"));
    TranscriptionRequest request =
        TranscriptionRequest.builder().model("whisper-1").audio(AUDIO, "h.mp3").build();

    List<TranscriptionChunk> chunks = new ArrayList<>();
    try (TranscriptionStream stream = provider.transcribeStream(request, call())) {
      for (TranscriptionChunk c; (c = stream.next()) != null; ) {
        chunks.add(c);
      }
    }

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).text()).isEqualTo("Hello.");
    assertThat(chunks.get(1).result().duration()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void anErrorEventOrAStreamCutBeforeItsDoneEventFails() {
    server.enqueue(
        sse(
            """
            data: {"type":"transcript.text.delta","delta":"The"}

            data: {"type":"error","error":{"type":"server_error","message":"The model crashed"}}

            """));
    server.enqueue(sse("data: {\"type\":\"transcript.text.delta\",\"delta\":\"The\"}\n\n"));
    TranscriptionRequest request =
        TranscriptionRequest.builder().model("gpt-4o-transcribe").audio(AUDIO, "b.mp3").build();

    ProviderException error = drainFails(request);
    ProviderException cut = drainFails(request);

    assertThat(error.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(error.getMessage()).contains("The model crashed");
    assertThat(cut.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
  }

  @Test
  void mapsTranscriptionErrors() {
    server.enqueue(
        json(
            400,
            """
            {"error": {"message": "Audio file might be corrupted or unsupported",
             "type": "invalid_request_error", "param": "file", "code": "invalid_value"}}
            """));
    server.enqueue(
        json(
            401,
            "{\"error\":{\"message\":\"Incorrect API key provided: test-key-123\","
                + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
    TranscriptionRequest request =
        TranscriptionRequest.builder().model("whisper-1").audio(AUDIO, "b.mp3").build();

    assertThatThrownBy(() -> provider.transcribe(request, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.httpStatus()).hasValue(400);
            });
    assertThatThrownBy(() -> provider.transcribeStream(request, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
              assertThat(e.getMessage()).doesNotContain(API_KEY);
            });
  }

  @Test
  void sendsTheSpeechRequestAndHandsOutTheAudioBytes() throws IOException {
    byte[] audio = new byte[100_000];
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (byte) (i * 31);
    }
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "audio/mpeg")
            .body(new Buffer().write(audio))
            .build());
    SpeechRequest request =
        SpeechRequest.builder()
            .model("gpt-4o-mini-tts")
            .input("Today is a wonderful day.")
            .voice("coral")
            .speed(1.25)
            .instructions("Speak in a cheerful tone.")
            .build();

    byte[] read;
    try (AudioStream stream = provider.speech(request, call())) {
      assertThat(stream.mediaType()).isEqualTo("audio/mpeg");
      assertThat(stream.contentLength()).hasValue(audio.length);
      assertThat(stream.format()).isEqualTo(SpeechRequest.Format.MP3);
      read = stream.inputStream().readAllBytes();
      assertThat(stream.inputStream().read()).isEqualTo(-1);
    }

    RecordedRequest sent =
        assertRequest(
            "/v1/audio/speech",
            "audio/mpeg, */*",
            """
            {"model":"gpt-4o-mini-tts","input":"Today is a wonderful day.","voice":"coral",
             "response_format":"mp3","speed":1.25,"instructions":"Speak in a cheerful tone."}
            """);
    assertThat(sent).isNotNull();
    assertThat(read).isEqualTo(audio);
  }

  @Test
  void mapsSpeechErrorsAndAJsonErrorWhereAudioWasExpected() {
    server.enqueue(
        json(
            400,
            "{\"error\":{\"message\":\"Input should be 'alloy', 'ash' or 'coral'\","
                + "\"type\":\"invalid_request_error\",\"param\":\"voice\",\"code\":null}}"));
    server.enqueue(
        json(200, "{\"error\":{\"message\":\"quota\",\"type\":\"insufficient_quota\"}}"));
    server.enqueue(json(200, "{\"id\":\"not audio\"}"));
    SpeechRequest request =
        SpeechRequest.builder().model("tts-1").input("Hi").voice("nobody").build();

    ProviderException invalid = speechFails(request);
    ProviderException inBody = speechFails(request);
    ProviderException notAudio = speechFails(request);

    assertThat(invalid.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(invalid.getMessage()).contains("Input should be");
    assertThat(inBody.getMessage()).contains("quota");
    assertThat(notAudio.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
  }

  @Test
  void closingASpeechStreamMidAudioReleasesTheConnectionAndFailsABlockedRead() throws Exception {
    ConnectionPool pool = new ConnectionPool();
    OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
    CountDownLatch gate = new CountDownLatch(1);
    byte[] audio = new byte[20_000];
    try (FakeLlmServer fake = FakeLlmServer.start()) {
      fake.enqueue(FakeResponse.speech(audio).withChunkSize(1000).pauseStreamAfter(1, gate));
      fake.enqueue(FakeResponse.speech(audio));
      OpenAiProvider speaker =
          new OpenAiProvider(
              ProviderSettings.builder("openai-main", "openai")
                  .baseUrl(fake.baseUrl())
                  .key(KEY)
                  .build(),
              client);
      SpeechRequest request =
          SpeechRequest.builder().model("tts-1").input("Hi").voice("alloy").build();
      try {
        AudioStream stream = speaker.speech(request, call());
        InputStream in = stream.inputStream();
        assertThat(in.readNBytes(1000)).hasSize(1000);
        CompletableFuture<Throwable> blocked =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    in.readAllBytes();
                    return null;
                  } catch (Throwable t) {
                    return t;
                  }
                });

        in.close(); // closing the input stream closes the audio stream

        assertThat(blocked.get(5, TimeUnit.SECONDS))
            .isInstanceOfSatisfying(
                ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK));
        await().atMost(5, TimeUnit.SECONDS).until(() -> pool.connectionCount() == 0);
        stream.close(); // again: harmless

        try (AudioStream whole = speaker.speech(request, call())) {
          assertThat(whole.inputStream().readAllBytes()).isEqualTo(audio);
        }
        assertThat(pool.idleConnectionCount()).isEqualTo(1);
      } finally {
        gate.countDown();
        speaker.close();
      }
    }
  }

  @Test
  void aConnectionCutMidAudioFailsTheRead() throws IOException {
    try (FakeLlmServer fake = FakeLlmServer.start()) {
      fake.enqueue(
          FakeResponse.speech(new byte[10_000]).withChunkSize(1000).dropConnectionAfter(3));
      OpenAiProvider speaker =
          new OpenAiProvider(
              ProviderSettings.builder("openai-main", "openai")
                  .baseUrl(fake.baseUrl())
                  .key(KEY)
                  .build());
      SpeechRequest request =
          SpeechRequest.builder().model("tts-1").input("Hi").voice("alloy").build();
      try (AudioStream stream = speaker.speech(request, call())) {
        assertThatThrownBy(() -> stream.inputStream().readAllBytes())
            .isInstanceOfSatisfying(
                ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK));
        assertThatThrownBy(() -> stream.inputStream().read())
            .as("the failure is sticky")
            .isInstanceOf(ProviderException.class);
      } finally {
        speaker.close();
      }
    }
  }

  private ProviderException drainFails(TranscriptionRequest request) {
    try (TranscriptionStream stream = provider.transcribeStream(request, call())) {
      while (stream.next() != null) {
        // read on
      }
      throw new AssertionError("the stream ended properly");
    } catch (ProviderException e) {
      return e;
    }
  }

  private ProviderException speechFails(SpeechRequest request) {
    try (AudioStream stream = provider.speech(request, call())) {
      throw new AssertionError("expected a failure, got " + stream.mediaType());
    } catch (ProviderException e) {
      return e;
    }
  }

  /** Reads a multipart/form-data body back into its parts, by field name in order. */
  private static Map<String, List<Part>> form(RecordedRequest request) throws IOException {
    MediaType type = MediaType.get(request.getHeaders().get("Content-Type"));
    Map<String, List<Part>> parts = new LinkedHashMap<>();
    try (MultipartReader reader =
        new MultipartReader(new Buffer().write(request.getBody()), type.parameter("boundary"))) {
      for (MultipartReader.Part part; (part = reader.nextPart()) != null; ) {
        String disposition = part.headers().get("Content-Disposition");
        String name = param(disposition, "name");
        String filename = param(disposition, "filename");
        parts
            .computeIfAbsent(name, n -> new ArrayList<>())
            .add(
                new Part(
                    filename, part.headers().get("Content-Type"), part.body().readByteArray()));
      }
    }
    return parts;
  }

  private static String param(String disposition, String name) {
    for (String p : disposition.split(";")) {
      String t = p.trim();
      if (t.startsWith(name + "=")) {
        return t.substring(name.length() + 2, t.length() - 1);
      }
    }
    return null;
  }
}
