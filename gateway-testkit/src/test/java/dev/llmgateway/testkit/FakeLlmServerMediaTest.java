package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The images, transcription and speech endpoints of the fake server, on the wire. */
class FakeLlmServerMediaTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void tearDown() {
    http.close();
    server.close();
  }

  @Test
  void echoesImagesAsDeterministicPngsAndGptImageUsage() {
    JsonNode first =
        http.post("/images/generations", "{\"model\":\"gpt-image-1\",\"prompt\":\"a cat\",\"n\":2}")
            .json();
    JsonNode again =
        http.post("/images/generations", "{\"model\":\"gpt-image-1\",\"prompt\":\"a cat\"}").json();

    assertThat(first.get("data")).hasSize(2);
    byte[] png = Base64.getDecoder().decode(first.at("/data/0/b64_json").asText());
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThat(again.at("/data/0/b64_json")).isEqualTo(first.at("/data/0/b64_json"));
    assertThat(first.at("/usage/input_tokens").asLong()).isEqualTo(2);
    assertThat(first.at("/usage/output_tokens").asLong()).isEqualTo(544);
    assertThat(first.get("size").asText()).isEqualTo("1024x1024");
  }

  @Test
  void answersDallEWithUrlsAndRevisedPromptsAndScriptedImages() {
    server.enqueue(FakeResponse.image(new byte[] {1, 2, 3}));

    JsonNode scripted =
        http.post("/images/generations", "{\"model\":\"dall-e-2\",\"prompt\":\"x\"}").json();
    JsonNode urls =
        http.post(
                "/images/generations",
                "{\"model\":\"dall-e-3\",\"prompt\":\"a dog\",\"response_format\":\"url\"}")
            .json();

    assertThat(scripted.at("/data/0/b64_json").asText()).isEqualTo("AQID");
    assertThat(scripted.has("usage")).isFalse();
    assertThat(urls.at("/data/0/url").asText()).startsWith("https://images.fake-llm.invalid/");
    assertThat(urls.at("/data/0/revised_prompt").asText()).isEqualTo("a dog");
  }

  @Test
  void readsATranscriptionFormAndAnswersInEachFormat() throws IOException {
    byte[] audio = "hello there general kenobi".getBytes(StandardCharsets.UTF_8);

    JsonNode json = transcribe("gpt-4o-transcribe", audio, "json", false).json();
    JsonNode verbose = transcribe("whisper-1", audio, "verbose_json", true).json();
    Http.Result text = transcribe("whisper-1", audio, "text", false);

    assertThat(json.get("text").asText()).isEqualTo("hello there general kenobi");
    assertThat(json.at("/usage/type").asText()).isEqualTo("tokens");
    assertThat(json.at("/usage/input_token_details/audio_tokens").asLong()).isEqualTo(4);
    assertThat(verbose.get("duration").asDouble()).isEqualTo(2.0);
    assertThat(verbose.at("/segments/0/text").asText()).isEqualTo(" hello there general kenobi");
    assertThat(verbose.at("/words/3/word").asText()).isEqualTo("kenobi");
    assertThat(verbose.at("/words/3/end").asDouble()).isEqualTo(2.0);
    assertThat(verbose.at("/usage/seconds").asLong()).isEqualTo(2);
    assertThat(text.body()).isEqualTo("hello there general kenobi\n");
    assertThat(text.header("Content-Type")).startsWith("text/plain");
    RecordedCall call = server.takeRequest();
    assertThat(call.model()).isEqualTo("gpt-4o-transcribe");
    assertThat(call.formField("response_format")).isEqualTo("json");
    FormPart file = call.formPart("file");
    assertThat(file.filename()).isEqualTo("speech.mp3");
    assertThat(file.contentType()).isEqualTo("audio/mpeg");
    assertThat(file.content()).isEqualTo(audio);
    assertThat(call.formParts()).extracting(FormPart::name).startsWith("file", "model");
  }

  @Test
  void streamsATranscriptionAsDeltasAndADoneEventWithUsage() throws IOException {
    server.enqueue(FakeResponse.transcription("one two three").withUsage(30, 3, 0, 0));

    List<String> events;
    try (Response response =
        http.client
            .newCall(
                transcriptionCall(
                    "gpt-4o-mini-transcribe", "x".getBytes(StandardCharsets.UTF_8), "json", true))
            .execute()) {
      assertThat(response.header("Content-Type")).startsWith("text/event-stream");
      events = Http.readEvents(response.body().source(), Integer.MAX_VALUE);
    }

    assertThat(events).hasSize(4);
    assertThat(Http.parse(events.get(1)).get("delta").asText()).isEqualTo(" two");
    JsonNode done = Http.parse(events.get(3));
    assertThat(done.get("type").asText()).isEqualTo("transcript.text.done");
    assertThat(done.get("text").asText()).isEqualTo("one two three");
    assertThat(done.at("/usage/input_tokens").asLong()).isEqualTo(30);
    assertThat(done.at("/usage/output_tokens").asLong()).isEqualTo(3);
    assertThat(server.takeRequest().stream()).isTrue();
  }

  @Test
  void answersSpeechWithTheAudioInChunksThatAGateHoldsBack() throws Exception {
    byte[] audio = new byte[3000];
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (byte) i;
    }
    CountDownLatch gate = new CountDownLatch(1);
    server.enqueue(FakeResponse.speech(audio).withChunkSize(1000).pauseStreamAfter(1, gate));

    try (Response response =
        http.newCall(
                "/audio/speech",
                "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\","
                    + "\"response_format\":\"opus\"}")
            .execute()) {
      assertThat(response.header("Content-Type")).isEqualTo("audio/ogg");
      InputStream body = response.body().byteStream();
      // Not readNBytes: okio's stream blocks on a read of 0 bytes once its buffer is empty.
      byte[] first = new byte[1000];
      for (int at = 0, n; at < first.length; at += n) {
        n = body.read(first, at, first.length - at);
        assertThat(n).as("bytes before the pause").isPositive();
      }
      assertThat(server.requests()).hasSize(1);
      gate.countDown();
      byte[] rest = body.readAllBytes();

      assertThat(first).isEqualTo(java.util.Arrays.copyOf(audio, 1000));
      assertThat(rest).isEqualTo(java.util.Arrays.copyOfRange(audio, 1000, 3000));
    }
    assertThat(
            http.post(
                    "/audio/speech", "{\"model\":\"tts-1\",\"input\":\"echo me\",\"voice\":\"a\"}")
                .body())
        .isEqualTo("echo me");
  }

  @Test
  void rendersMediaErrorsInOpenAiShapeAndFlagsAScriptForAnotherEndpoint() {
    server.enqueue(FakeResponse.error(400, "invalid_request_error", "invalid_size", "Bad size"));
    server.enqueue(FakeResponse.transcription("not an image"));

    Http.Result error =
        http.post("/images/generations", "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}");
    Http.Result mismatch =
        http.post("/images/generations", "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}");

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.json().at("/error/code").asText()).isEqualTo("invalid_size");
    assertThat(mismatch.status()).isEqualTo(500);
    assertThat(mismatch.json().at("/error/message").asText()).contains("check the script");
    assertThatThrownBy(() -> FakeResponse.image(new byte[1]).withRefusal("no"))
        .isInstanceOf(IllegalStateException.class);
  }

  private Http.Result transcribe(String model, byte[] audio, String format, boolean words)
      throws IOException {
    Request request = transcriptionCall(model, audio, format, false);
    if (words) {
      MultipartBody body = (MultipartBody) request.body();
      MultipartBody.Builder copy = new MultipartBody.Builder().setType(MultipartBody.FORM);
      body.parts().forEach(copy::addPart);
      copy.addFormDataPart("timestamp_granularities[]", "word");
      copy.addFormDataPart("timestamp_granularities[]", "segment");
      request = request.newBuilder().post(copy.build()).build();
    }
    try (Response response = http.client.newCall(request).execute()) {
      return new Http.Result(
          response.code(), response.headers().toMultimap(), response.body().string());
    }
  }

  private Request transcriptionCall(String model, byte[] audio, String format, boolean stream) {
    MultipartBody.Builder form =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart(
                "file", "speech.mp3", RequestBody.create(audio, MediaType.get("audio/mpeg")))
            .addFormDataPart("model", model)
            .addFormDataPart("response_format", format);
    if (stream) {
      form.addFormDataPart("stream", "true");
    }
    return new Request.Builder()
        .url(server.baseUrl() + "/audio/transcriptions")
        .header("Authorization", "Bearer sk-test")
        .post(form.build())
        .build();
  }
}
