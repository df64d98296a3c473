package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.testkit.SampleRequests;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CHAT, COMPLETIONS and AUTO endpoint modes against the OpenAI wire format. */
class OpenAiEndpointModesTest extends OpenAiTestSupport {

  static final String COMPLETION =
      """
      {"id":"cmpl-9","object":"text_completion","created":1741569952,
       "model":"gpt-3.5-turbo-instruct-0914",
       "choices":[{"text":" A breaker that trips.","index":0,"logprobs":null,
                   "finish_reason":"length"}],
       "usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25}}
      """;

  static final String CHAT_ANSWER =
      """
      {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Chat answer."},
                   "finish_reason":"stop"}],
       "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}
      """;

  static final String NOT_A_CHAT_MODEL =
      """
      {"error":{"message":"This is not a chat model and thus not supported in the \
      v1/chat/completions endpoint. Did you mean to use v1/completions?",
       "type":"invalid_request_error","param":"model","code":null}}
      """;

  static ProviderCall call(EndpointMode mode) {
    return call().withEndpointMode(mode);
  }

  static ChatRequest conversation(String model) {
    return ChatRequest.builder()
        .model(model)
        .system("Answer in one sentence.")
        .user("What is a circuit breaker?")
        .assistant("A safety switch.")
        .user("In software?")
        .maxTokens(5)
        .temperature(0.0)
        .stop("\n")
        .seed(3L)
        .endUser("user-1")
        .build();
  }

  @Test
  void completionsModeFlattensTheConversationIntoOnePrompt() {
    server.enqueue(json(200, COMPLETION));

    ChatResponse response =
        provider.chat(conversation("gpt-3.5-turbo-instruct"), call(EndpointMode.COMPLETIONS));

    assertRequest(
        "/v1/completions",
        "application/json",
        """
        {
          "model": "gpt-3.5-turbo-instruct",
          "prompt": "System: Answer in one sentence.\\n\\nUser: What is a circuit breaker?\\n\\n\
        Assistant: A safety switch.\\n\\nUser: In software?\\n\\nAssistant:",
          "temperature": 0.0,
          "max_tokens": 5,
          "stop": ["\\n"],
          "seed": 3,
          "user": "user-1"
        }
        """);
    assertThat(response.text()).isEqualTo(" A breaker that trips.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.usage()).isEqualTo(Usage.of(20, 5));
    assertThat(response.model()).isEqualTo("gpt-3.5-turbo-instruct-0914");
    assertThat(response.id()).isEqualTo("cmpl-9");
  }

  @Test
  void completionsModeSendsASingleUserMessageVerbatim() {
    server.enqueue(json(200, COMPLETION));

    provider.chat(
        ChatRequest.builder().model("davinci-002").user("Once upon a time").build(),
        call(EndpointMode.COMPLETIONS));

    assertThat(tree(takeRequest().getBody().utf8()))
        .isEqualTo(tree("{\"model\":\"davinci-002\",\"prompt\":\"Once upon a time\"}"));
  }

  @Test
  void completionsModeStreamsTextCompletionChunks() {
    server.enqueue(
        sse(
            """
            data: {"id":"cmpl-9","object":"text_completion","model":"gpt-3.5-turbo-instruct","choices":[{"text":"A ","index":0,"finish_reason":null}]}

            data: {"id":"cmpl-9","object":"text_completion","model":"gpt-3.5-turbo-instruct","choices":[{"text":"breaker.","index":0,"finish_reason":"stop"}]}

            data: {"id":"cmpl-9","object":"text_completion","model":"gpt-3.5-turbo-instruct","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":3,"total_tokens":7}}

            data: [DONE]

            """));

    List<ChatChunk> chunks = new ArrayList<>();
    try (ChunkStream stream =
        provider.stream(
            ChatRequest.builder().model("gpt-3.5-turbo-instruct").user("Say it").build(),
            call(EndpointMode.COMPLETIONS))) {
      for (ChatChunk c = stream.next(); c != null; c = stream.next()) {
        chunks.add(c);
      }
    }

    assertRequest(
        "/v1/completions",
        "text/event-stream",
        """
        {"model":"gpt-3.5-turbo-instruct","prompt":"Say it","stream":true,
         "stream_options":{"include_usage":true}}
        """);
    assertThat(chunks).extracting(ChatChunk::text).containsExactly("A ", "breaker.", "");
    assertThat(chunks.get(1).finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(chunks.get(2).usage()).isEqualTo(Usage.of(4, 3));
  }

  @ParameterizedTest
  @CsvSource({
    "tools, tools",
    "image, messages[1].content[1] (an image)",
    "toolResult, messages[2].toolCalls",
    "json, responseFormat"
  })
  void completionsModeRejectsWhatTheLegacyEndpointCannotTakeNamingTheField(
      String what, String field) {
    ChatRequest request =
        switch (what) {
          case "tools" ->
              ChatRequest.builder().model("m").user("Hi").tool(SampleRequests.WEATHER_TOOL).build();
          case "image" ->
              ChatRequest.builder()
                  .model("m")
                  .system("Describe images.")
                  .message(
                      dev.llmgateway.model.Message.user(
                          dev.llmgateway.model.ContentPart.text("What is this?"),
                          dev.llmgateway.model.ContentPart.imageBase64(
                              "image/png", SampleRequests.TINY_PNG_BASE64)))
                  .build();
          case "toolResult" ->
              SampleRequests.conversationWithToolAndImage("m").toBuilder()
                  .tools(List.of())
                  .toolChoice(null)
                  .build();
          default ->
              ChatRequest.builder()
                  .model("m")
                  .user("Hi")
                  .responseFormat(ResponseFormat.JSON_OBJECT)
                  .build();
        };

    assertThatThrownBy(() -> provider.chat(request, call(EndpointMode.COMPLETIONS)))
        .isInstanceOf(ProviderException.class)
        .hasMessageEndingWith("cannot send " + field)
        .extracting(e -> ((ProviderException) e).kind())
        .isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void autoFallsBackToCompletionsWhenTheModelIsNotAChatModel() {
    server.enqueue(json(404, NOT_A_CHAT_MODEL));
    server.enqueue(json(200, COMPLETION));

    ChatResponse response =
        provider.chat(
            ChatRequest.builder().model("gpt-3.5-turbo-instruct").user("Hi").build(),
            call(EndpointMode.AUTO));

    assertThat(takeRequest().getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    RecordedRequestAssert.path(takeRequest(), "/v1/completions");
    assertThat(response.text()).isEqualTo(" A breaker that trips.");
  }

  @Test
  void autoRemembersACompletionOnlyModelAndSkipsChatNextTime() {
    server.enqueue(json(404, NOT_A_CHAT_MODEL));
    server.enqueue(json(200, COMPLETION));
    server.enqueue(json(200, COMPLETION));
    ChatRequest request = ChatRequest.builder().model("gpt-3.5-turbo-instruct").user("Hi").build();

    provider.chat(request, call(EndpointMode.AUTO));
    provider.chat(request, call(EndpointMode.AUTO));

    assertThat(server.getRequestCount()).isEqualTo(3);
    takeRequest();
    RecordedRequestAssert.path(takeRequest(), "/v1/completions");
    RecordedRequestAssert.path(takeRequest(), "/v1/completions");
  }

  @Test
  void autoFallsBackWhenTheServerHasNoChatPath() {
    server.enqueue(
        new mockwebserver3.MockResponse.Builder()
            .code(404)
            .setHeader("Content-Type", "text/plain")
            .body("404 page not found")
            .build());
    server.enqueue(json(200, COMPLETION));

    ChatResponse response =
        provider.chat(
            ChatRequest.builder().model("local").user("Hi").build(), call(EndpointMode.AUTO));

    assertThat(response.text()).isEqualTo(" A breaker that trips.");
    takeRequest();
    RecordedRequestAssert.path(takeRequest(), "/v1/completions");
  }

  @Test
  void autoStreamFallsBackToCompletionsToo() {
    server.enqueue(json(400, NOT_A_CHAT_MODEL));
    server.enqueue(
        sse(
            """
            data: {"id":"cmpl-9","object":"text_completion","choices":[{"text":"Hi","index":0,"finish_reason":"stop"}]}

            data: [DONE]

            """));

    try (ChunkStream stream =
        provider.stream(
            ChatRequest.builder().model("gpt-3.5-turbo-instruct").user("Hi").build(),
            call(EndpointMode.AUTO))) {
      assertThat(stream.next().text()).isEqualTo("Hi");
      assertThat(stream.next()).isNull();
    }
    takeRequest();
    RecordedRequestAssert.path(takeRequest(), "/v1/completions");
  }

  @ParameterizedTest
  @CsvSource({
    "429, RATE_LIMITED, '{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}'",
    "503, UNAVAILABLE, '{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}'",
    "500, UNAVAILABLE, ''",
    "401, AUTHENTICATION, '{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}'",
    "404, NOT_FOUND, '{\"error\":{\"message\":\"The model `gpt-5x` does not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}'",
    "400, INVALID_REQUEST, '{\"error\":{\"message\":\"Invalid value for temperature\",\"type\":\"invalid_request_error\",\"param\":\"temperature\"}}'"
  })
  void autoDoesNotFallBackOnOtherErrors(int status, ErrorKind kind, String body) {
    server.enqueue(json(status, body));

    assertThatThrownBy(
            () ->
                provider.chat(
                    ChatRequest.builder().model("gpt-4o").user("Hi").build(),
                    call(EndpointMode.AUTO)))
        .isInstanceOf(ProviderException.class)
        .extracting(e -> ((ProviderException) e).kind())
        .isEqualTo(kind);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void autoDoesNotRememberModelsAfterOtherErrors() {
    server.enqueue(json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
    server.enqueue(json(200, CHAT_ANSWER));
    ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").user("Hi").build();

    assertThatThrownBy(() -> provider.chat(request, call(EndpointMode.AUTO)))
        .isInstanceOf(ProviderException.class);
    ChatResponse response = provider.chat(request, call(EndpointMode.AUTO));

    assertThat(response.text()).isEqualTo("Chat answer.");
    takeRequest();
    RecordedRequestAssert.path(takeRequest(), "/v1/chat/completions");
  }

  @Test
  void chatModeNeverFallsBack() {
    server.enqueue(json(404, NOT_A_CHAT_MODEL));

    assertThatThrownBy(
            () ->
                provider.chat(
                    ChatRequest.builder().model("gpt-3.5-turbo-instruct").user("Hi").build(),
                    call(EndpointMode.CHAT)))
        .isInstanceOf(ProviderException.class)
        .extracting(e -> ((ProviderException) e).kind())
        .isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void azureCompletionsGoToTheDeploymentCompletionsPath() {
    var azure =
        new OpenAiProviderFactory()
            .create(
                dev.llmgateway.spi.ProviderSettings.builder("azure", "openai")
                    .profile("azure-openai")
                    .baseUrl(server.url("/").toString())
                    .clock(CLOCK)
                    .build());
    server.enqueue(json(200, COMPLETION));

    azure.chat(
        ChatRequest.builder().model("instruct").user("Hi").build(), call(EndpointMode.COMPLETIONS));

    assertThat(takeRequest().getUrl().toString())
        .endsWith("/openai/deployments/instruct/completions?api-version=2024-10-21");
  }

  /** Small helper so path checks read as one line. */
  static final class RecordedRequestAssert {
    static void path(mockwebserver3.RecordedRequest request, String path) {
      assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    }
  }
}
