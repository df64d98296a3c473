package dev.llmgateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.MultipartField;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official openai-java SDK, unmocked, against the server over the test kit's fake. */
class OpenAiSdkTest {
  @TempDir Path dir;
  ServerFixture f;

  @BeforeEach
  void start() throws Exception {
    f = fixture("");
  }

  /** The server under test; {@link JarIT} runs the same tests against the jar's process. */
  ServerFixture fixture(String extraServerYaml) throws Exception {
    return new ServerFixture(dir, extraServerYaml);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  OpenAIClient client(String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(f.baseUrl() + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .build();
  }

  ChatCompletionCreateParams.Builder ask(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(text);
  }

  @Test
  void plainChatIsRoutedThroughTheAliasAndAnsweredInOpenAisShape() {
    f.upstream.enqueue(FakeResponse.text("Hello from the fake").withUsage(7, 4, 2, 0));
    ChatCompletion c = client(f.acmeKey).chat().completions().create(ask("fast", "Hi").build());
    assertThat(c.choices().get(0).message().content()).contains("Hello from the fake");
    assertThat(c.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(7);
    assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(4);
    assertThat(c.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens())
        .contains(2L);
    RecordedCall up = f.upstream.takeRequest();
    assertThat(up.model()).isEqualTo("gpt-4o-mini");
    assertThat(up.header("authorization")).isEqualTo("Bearer fake-upstream-key");
    assertThat(up.bodyJson().path("messages").get(0).path("content").asText()).isEqualTo("Hi");
  }

  @Test
  void streamedChatRelaysEveryDeltaAndTheUsageChunkWhenAsked() {
    f.upstream.enqueue(FakeResponse.text("one two three four").withChunkSize(4));
    StringBuilder text = new StringBuilder();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> s =
        client(f.acmeKey)
            .chat()
            .completions()
            .createStreaming(
                ask("fast", "count")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      s.stream()
          .forEach(
              c -> {
                chunks.add(c);
                c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
              });
    }
    assertThat(text.toString()).isEqualTo("one two three four");
    assertThat(chunks.size()).isGreaterThan(3);
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(4);
    assertThat(chunks.stream().flatMap(c -> c.choices().stream()))
        .anySatisfy(ch -> assertThat(ch.finishReason()).isPresent());
    assertThat(f.upstream.takeRequest().stream()).isTrue();
  }

  @Test
  void streamWithoutIncludeUsageSendsNoUsageChunk() {
    f.upstream.enqueue(FakeResponse.text("a b"));
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> s =
        client(f.acmeKey).chat().completions().createStreaming(ask("fast", "x").build())) {
      s.stream().forEach(chunks::add);
    }
    assertThat(chunks).allSatisfy(c -> assertThat(c.usage()).isEmpty());
    assertThat(chunks).allSatisfy(c -> assertThat(c.choices()).hasSize(1));
  }

  @Test
  void toolsGoUpstreamAndToolCallsComeBack() {
    f.upstream.enqueue(FakeResponse.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
    ChatCompletion c =
        client(f.acmeKey)
            .chat()
            .completions()
            .create(
                ask("fast", "Weather in Paris?")
                    .addFunctionTool(
                        FunctionDefinition.builder()
                            .name("get_weather")
                            .description("Current weather")
                            .parameters(
                                FunctionParameters.builder()
                                    .putAdditionalProperty("type", JsonValue.from("object"))
                                    .putAdditionalProperty(
                                        "properties",
                                        JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                    .build())
                            .build())
                    .build());
    ChatCompletionMessageFunctionToolCall call =
        c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.id()).isEqualTo("call_1");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(c.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    JsonNode tool = f.upstream.takeRequest().bodyJson().path("tools").get(0);
    assertThat(tool.path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(tool.path("function").path("parameters").path("properties").has("city")).isTrue();
  }

  @Test
  void streamedToolCallsArriveAsDeltas() {
    f.upstream.enqueue(FakeResponse.toolCall("call_9", "lookup", "{\"q\":\"jetty\"}"));
    StringBuilder args = new StringBuilder();
    List<String> names = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> s =
        client(f.acmeKey)
            .chat()
            .completions()
            .createStreaming(
                ask("fast", "find")
                    .addFunctionTool(FunctionDefinition.builder().name("lookup").build())
                    .build())) {
      s.stream()
          .flatMap(c -> c.choices().stream())
          .flatMap(ch -> ch.delta().toolCalls().orElse(List.of()).stream())
          .forEach(
              t -> {
                t.function().flatMap(fn -> fn.name()).ifPresent(names::add);
                t.function().flatMap(fn -> fn.arguments()).ifPresent(args::append);
              });
    }
    assertThat(names).containsExactly("lookup");
    assertThat(args.toString()).isEqualTo("{\"q\":\"jetty\"}");
  }

  @Test
  void jsonModeAndImagesAreForwarded() {
    f.upstream.enqueue(FakeResponse.text("{\"ok\":true}"));
    ChatCompletion c =
        client(f.acmeKey)
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("fast")
                    .addUserMessageOfArrayOfContentParts(
                        List.of(
                            ChatCompletionContentPart.ofText(
                                ChatCompletionContentPartText.builder().text("Describe").build()),
                            ChatCompletionContentPart.ofImageUrl(
                                ChatCompletionContentPartImage.builder()
                                    .imageUrl(
                                        ChatCompletionContentPartImage.ImageUrl.builder()
                                            .url("data:image/png;base64,iVBORw0KGgo=")
                                            .build())
                                    .build())))
                    .responseFormat(ResponseFormatJsonObject.builder().build())
                    .build());
    assertThat(c.choices().get(0).message().content()).contains("{\"ok\":true}");
    JsonNode body = f.upstream.takeRequest().bodyJson();
    assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
    JsonNode parts = body.path("messages").get(0).path("content");
    assertThat(parts.get(1).path("image_url").path("url").asText())
        .isEqualTo("data:image/png;base64,iVBORw0KGgo=");
  }

  @Test
  void refusalsAreReportedInTheRefusalField() {
    f.upstream.enqueue(FakeResponse.refusal("I cannot help with that."));
    ChatCompletion c = client(f.acmeKey).chat().completions().create(ask("fast", "bad").build());
    assertThat(c.choices().get(0).message().refusal()).contains("I cannot help with that.");
    assertThat(c.choices().get(0).message().content()).isEmpty();
  }

  @Test
  void embeddingsComeBackAsVectors() {
    f.upstream.enqueue(FakeResponse.embeddings(8));
    CreateEmbeddingResponse r =
        client(f.acmeKey)
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("embed")
                    .inputOfArrayOfStrings(List.of("alpha", "beta"))
                    .build());
    assertThat(r.data()).hasSize(2);
    assertThat(r.data().get(0).embedding()).hasSize(8);
    assertThat(r.data().get(1).index()).isEqualTo(1);
    assertThat(f.upstream.takeRequest().model()).isEqualTo("text-embedding-3-small");
  }

  @Test
  void imagesAreGenerated() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    f.upstream.enqueue(FakeResponse.image(png));
    ImagesResponse r =
        client(f.acmeKey)
            .images()
            .generate(
                ImageGenerateParams.builder()
                    .model("openai/gpt-image-1")
                    .prompt("a lighthouse")
                    .n(1)
                    .build());
    assertThat(Base64.getDecoder().decode(r.data().orElseThrow().get(0).b64Json().orElseThrow()))
        .isEqualTo(png);
    RecordedCall up = f.upstream.takeRequest();
    assertThat(up.path()).isEqualTo("/v1/images/generations");
    assertThat(up.bodyJson().path("prompt").asText()).isEqualTo("a lighthouse");
  }

  @Test
  void speechIsStreamedBackAsAudio() throws Exception {
    byte[] mp3 = "ID3-fake-audio-bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    f.upstream.enqueue(FakeResponse.speech(mp3));
    try (com.openai.core.http.HttpResponse r =
        client(f.acmeKey)
            .audio()
            .speech()
            .create(
                SpeechCreateParams.builder()
                    .model("openai/gpt-4o-mini-tts")
                    .input("Hello")
                    .voice("alloy")
                    .build())) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body().readAllBytes()).isEqualTo(mp3);
    }
    assertThat(f.upstream.takeRequest().path()).isEqualTo("/v1/audio/speech");
  }

  @Test
  void audioIsTranscribedFromAMultipartUpload() {
    f.upstream.enqueue(FakeResponse.transcription("hello from the audio"));
    Transcription t =
        client(f.acmeKey)
            .audio()
            .transcriptions()
            .create(
                TranscriptionCreateParams.builder()
                    .model("openai/whisper-1")
                    .file(
                        MultipartField.<java.io.InputStream>builder()
                            .value(
                                new java.io.ByteArrayInputStream(
                                    "RIFF-fake-wave"
                                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                            .filename("clip.wav")
                            .contentType("audio/wav")
                            .build())
                    .build())
            .asTranscription();
    assertThat(t.text()).isEqualTo("hello from the audio");
    RecordedCall up = f.upstream.takeRequest();
    assertThat(up.path()).isEqualTo("/v1/audio/transcriptions");
    assertThat(up.formField("model")).isEqualTo("whisper-1");
    assertThat(up.formPart("file").filename()).isEqualTo("clip.wav");
  }

  @Test
  void theResponsesApiIsServedByAChatUpstreamPlainAndStreamed() {
    f.upstream.enqueue(FakeResponse.text("Answer via responses").withUsage(6, 3, 0, 0));
    Response r =
        client(f.acmeKey)
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model("fast")
                    .instructions("Be brief.")
                    .input("What is Jetty?")
                    .build());
    assertThat(r.output().get(0).asMessage().content().get(0).asOutputText().text())
        .isEqualTo("Answer via responses");
    assertThat(r.usage().orElseThrow().outputTokens()).isEqualTo(3);
    JsonNode up = f.upstream.takeRequest().bodyJson();
    assertThat(up.path("messages").get(0).path("content").asText()).isEqualTo("Be brief.");
    assertThat(up.path("messages").get(1).path("content").asText()).isEqualTo("What is Jetty?");

    f.upstream.enqueue(FakeResponse.text("one two three").withChunkSize(4));
    StringBuilder text = new StringBuilder();
    List<Response> completed = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> s =
        client(f.acmeKey)
            .responses()
            .createStreaming(ResponseCreateParams.builder().model("fast").input("count").build())) {
      s.stream()
          .forEach(
              e -> {
                e.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                e.completed().ifPresent(c -> completed.add(c.response()));
              });
    }
    assertThat(text.toString()).isEqualTo("one two three");
    assertThat(completed)
        .singleElement()
        .satisfies(c -> assertThat(c.usage().orElseThrow().outputTokens()).isEqualTo(3));
  }

  @Test
  void theResponsesApiReturnsFunctionCalls() {
    f.upstream.enqueue(FakeResponse.toolCall("call_5", "lookup", "{\"q\":\"x\"}"));
    Response r =
        client(f.acmeKey)
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model("fast")
                    .input("find x")
                    .addTool(
                        FunctionTool.builder()
                            .name("lookup")
                            .parameters(
                                FunctionTool.Parameters.builder()
                                    .putAdditionalProperty("type", JsonValue.from("object"))
                                    .build())
                            .strict(false)
                            .build())
                    .build());
    assertThat(r.output())
        .anySatisfy(
            o -> {
              assertThat(o.isFunctionCall()).isTrue();
              assertThat(o.asFunctionCall().callId()).isEqualTo("call_5");
              assertThat(o.asFunctionCall().arguments()).isEqualTo("{\"q\":\"x\"}");
            });
    assertThat(
            f.upstream
                .takeRequest()
                .bodyJson()
                .path("tools")
                .get(0)
                .path("function")
                .path("name")
                .asText())
        .isEqualTo("lookup");
  }

  @Test
  void aWrongKeyIs401() {
    assertThatThrownBy(
            () -> client(Secrets.newKey()).chat().completions().create(ask("fast", "x").build()))
        .isInstanceOf(UnauthorizedException.class)
        .satisfies(
            e -> assertThat(((OpenAIServiceException) e).code()).contains("invalid_api_key"));
    assertThat(f.upstream.requestCount()).isZero();
  }

  @Test
  void anInvalidParameterIs400NamingIt() {
    assertThatThrownBy(
            () ->
                client(f.acmeKey)
                    .chat()
                    .completions()
                    .create(ask("fast", "x").temperature(7.0).build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("temperature");
    assertThat(f.upstream.requestCount()).isZero();
  }

  @Test
  void aModelTheTenantMayNotUseIs403() {
    assertThatThrownBy(
            () -> client(f.narrowKey).chat().completions().create(ask("sonnet", "x").build()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(f.upstream.requestCount()).isZero();
  }

  @Test
  void anUnknownModelIs404() {
    assertThatThrownBy(
            () -> client(f.acmeKey).chat().completions().create(ask("no-such-model", "x").build()))
        .isInstanceOf(NotFoundException.class)
        .satisfies(
            e -> assertThat(((OpenAIServiceException) e).code()).contains("model_not_found"));
  }

  @Test
  void aTenantOverItsQuotaGets429WithRetryAfter() {
    OpenAIClient limited = client(f.limitedKey);
    limited.chat().completions().create(ask("fast", "1").build());
    limited.chat().completions().create(ask("fast", "2").build());
    assertThatThrownBy(() -> limited.chat().completions().create(ask("fast", "3").build()))
        .isInstanceOf(RateLimitException.class)
        .satisfies(
            e -> {
              String retryAfter =
                  ((OpenAIServiceException) e).headers().values("Retry-After").get(0);
              assertThat(Long.parseLong(retryAfter)).isBetween(1L, 60L);
            });
    assertThat(f.upstream.requestCount()).isEqualTo(2);
  }

  @Test
  void anUpstreamOutageIs503() {
    f.upstream.respondByDefault(FakeResponse.error(503, "server_error", null, "overloaded"));
    assertThatThrownBy(
            () -> client(f.acmeKey).chat().completions().create(ask("fast", "x").build()))
        .isInstanceOf(InternalServerException.class)
        .satisfies(e -> assertThat(((OpenAIServiceException) e).statusCode()).isEqualTo(503));
  }

  @Test
  void anUpstreamThatRefusesTheGatewaysKeyIs502() {
    f.upstream.respondByDefault(
        FakeResponse.error(401, "invalid_request_error", "invalid_api_key", "bad key"));
    assertThatThrownBy(
            () -> client(f.acmeKey).chat().completions().create(ask("fast", "x").build()))
        .isInstanceOf(InternalServerException.class)
        .satisfies(e -> assertThat(((OpenAIServiceException) e).statusCode()).isEqualTo(502));
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    f.close();
    f = fixture("  maxRequestBytes: 1024\n");
    String big = "x".repeat(4096);
    assertThatThrownBy(
            () -> client(f.acmeKey).chat().completions().create(ask("fast", big).build()))
        .isInstanceOf(OpenAIServiceException.class)
        .satisfies(e -> assertThat(((OpenAIServiceException) e).statusCode()).isEqualTo(413));
    assertThat(f.upstream.requestCount()).isZero();
  }
}
