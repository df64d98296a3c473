package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.SampleRequests;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each profile's URL, credentials and request quirks, asserted on the exact outgoing request. */
class OpenAiProfilesTest extends OpenAiTestSupport {
  static final ProviderKey NO_KEY = ProviderKey.of("none", Secret.of("none"));

  static final String ANSWER =
      """
      {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"m",
       "choices":[{"index":0,"message":{"role":"assistant","content":"A cat."},
                   "finish_reason":"stop"}],
       "usage":{"prompt_tokens":50,"completion_tokens":3,"total_tokens":53}}
      """;

  /** The sample conversation as every profile sends it, but for the model and limit fields. */
  static String sampleJson(String model, String maxTokensField) {
    return """
        {
          "model": "%s",
          "messages": [
            {"role": "system", "content": "You are a concise assistant."},
            {"role": "user", "content": "What's the weather in Paris?"},
            {"role": "assistant", "tool_calls": [
              {"id": "call_1", "type": "function",
               "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "{\\"celsius\\":21}"},
            {"role": "assistant", "content": "It is 21 °C in Paris."},
            {"role": "user", "content": [
              {"type": "text", "text": "And what is in this picture?"},
              {"type": "image_url", "image_url": {"url": "data:image/png;base64,%s"}}]}
          ],
          "temperature": 0.2,
          "%s": 300,
          "stop": ["END"],
          "tools": [{"type": "function", "function": {
            "name": "get_weather",
            "description": "Current weather for a city",
            "parameters": {
              "type": "object",
              "properties": {
                "city": {"type": "string", "description": "City name"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
              "required": ["city"]}}}],
          "tool_choice": "auto"
        }
        """
        .formatted(model, SampleRequests.TINY_PNG_BASE64, maxTokensField);
  }

  Provider profile(String profile, UnaryOperator<ProviderSettings.Builder> settings) {
    return new OpenAiProviderFactory()
        .create(
            settings
                .apply(
                    ProviderSettings.builder(profile + "-main", "openai")
                        .profile(profile)
                        .baseUrl(server.url("/v1").toString())
                        .clock(CLOCK))
                .build());
  }

  static ProviderCall call(ProviderKey key) {
    return new ProviderCall(key, Duration.ofSeconds(10), new Cancellation(), Map.of(), null);
  }

  RecordedRequest sendSample(Provider provider, String model) {
    server.enqueue(json(200, ANSWER));
    ChatResponse response =
        provider.chat(SampleRequests.conversationWithToolAndImage(model), call(KEY));
    assertThat(response.text()).isEqualTo("A cat.");
    return takeRequest();
  }

  @Test
  void openAiSendsTheSampleConversationWithMaxCompletionTokens() {
    RecordedRequest request = sendSample(profile("openai", b -> b), "gpt-4o");

    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(tree(request.getBody().utf8()))
        .isEqualTo(tree(sampleJson("gpt-4o", "max_completion_tokens")));
  }

  @Test
  void azureSendsTheSampleConversationToTheDeploymentWithApiKeyHeader() {
    Provider azure =
        profile(
            "azure-openai",
            b -> b.baseUrl(server.url("/").toString()).option("deployments", "gpt-4o=prod-4o"));

    RecordedRequest request = sendSample(azure, "gpt-4o");

    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/openai/deployments/prod-4o/chat/completions");
    assertThat(request.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
    assertThat(request.getHeaders().get("api-key")).isEqualTo(API_KEY);
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(tree(request.getBody().utf8()))
        .isEqualTo(tree(sampleJson("prod-4o", "max_completion_tokens")));
  }

  @Test
  void geminiSendsTheSampleConversationWithMaxTokens() {
    RecordedRequest request = sendSample(profile("gemini", b -> b), "gemini-2.5-flash");

    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(tree(request.getBody().utf8()))
        .isEqualTo(tree(sampleJson("gemini-2.5-flash", "max_tokens")));
  }

  @Test
  void mistralSendsTheSampleConversationWithMaxTokens() {
    RecordedRequest request = sendSample(profile("mistral", b -> b), "mistral-large-latest");

    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(tree(request.getBody().utf8()))
        .isEqualTo(tree(sampleJson("mistral-large-latest", "max_tokens")));
  }

  @Test
  void azureUsesTheModelAsDeploymentAndTheConfiguredApiVersion() {
    Provider azure =
        profile(
            "azure-openai",
            b -> b.baseUrl(server.url("/").toString()).option("api-version", "2025-04-01-preview"));
    server.enqueue(json(200, ANSWER));

    azure.chat(ChatRequest.builder().model("gpt-4o-mini").user("Hi").build(), call(KEY));

    RecordedRequest request = takeRequest();
    assertThat(request.getUrl().toString())
        .endsWith(
            "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2025-04-01-preview");
  }

  @Test
  void azureV1UsesTheGaPathWithTheDeploymentAsModel() {
    Provider azure =
        profile(
            "azure-openai",
            b ->
                b.baseUrl(server.url("/").toString())
                    .option("api-version", "v1")
                    .option("deployment", "shared-deployment"));
    server.enqueue(json(200, ANSWER));

    azure.chat(ChatRequest.builder().model("gpt-4o").user("Hi").build(), call(KEY));

    RecordedRequest request = takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/openai/v1/chat/completions");
    assertThat(request.getUrl().query()).isNull();
    assertThat(tree(request.getBody().utf8()).get("model").asText()).isEqualTo("shared-deployment");
  }

  @Test
  void azureEmbeddingsGoToTheDeployment() {
    Provider azure = profile("azure-openai", b -> b.baseUrl(server.url("/").toString()));
    server.enqueue(
        json(
            200,
            """
            {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5]}],
             "model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}
            """));

    azure.embed(
        EmbeddingRequest.of("text-embedding-3-small", java.util.List.of("hello")), call(KEY));

    assertThat(takeRequest().getUrl().encodedPath())
        .isEqualTo("/openai/deployments/text-embedding-3-small/embeddings");
  }

  @Test
  void azureRejectsAMalformedDeploymentMapping() {
    assertThatThrownBy(() -> profile("azure-openai", b -> b.option("deployments", "gpt-4o")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'deployments'")
        .hasMessageContaining("'gpt-4o'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"azure-openai", "vllm", "openai-compatible"})
  void profilesWithoutADefaultBaseUrlRequireOne(String name) {
    assertThatThrownBy(
            () ->
                new OpenAiProviderFactory()
                    .create(ProviderSettings.builder("p", "openai").profile(name).build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Provider 'p' (profile '" + name + "') needs baseUrl");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "openai=https://api.openai.com/v1",
        "gemini=https://generativelanguage.googleapis.com/v1beta/openai",
        "ollama=http://localhost:11434/v1",
        "groq=https://api.groq.com/openai/v1",
        "mistral=https://api.mistral.ai/v1",
        "openrouter=https://openrouter.ai/api/v1",
        "together=https://api.together.xyz/v1"
      })
  void profilesDefaultToTheirOfficialBaseUrl(String spec) {
    String name = spec.substring(0, spec.indexOf('='));
    String url = spec.substring(spec.indexOf('=') + 1);
    Provider created =
        new OpenAiProviderFactory()
            .create(ProviderSettings.builder("p", "openai").profile(name).key(KEY).build());
    assertThat(created.toString()).contains("profile " + name).contains(url);
  }

  @Test
  void geminiStreamsWithoutStreamOptions() throws Exception {
    server.enqueue(
        sse(
            """
            data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}

            data: [DONE]

            """));

    try (ChunkStream stream =
        profile("gemini", b -> b).stream(
            ChatRequest.builder().model("gemini-2.5-flash").user("Hi").maxTokens(5).build(),
            call(KEY))) {
      assertThat(stream.next().text()).isEqualTo("Hi");
      assertThat(stream.next()).isNull();
    }

    assertThat(tree(takeRequest().getBody().utf8()))
        .isEqualTo(
            tree(
                """
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Hi"}],
                 "max_tokens":5,"stream":true}
                """));
  }

  @Test
  void mistralRenamesSeedAndRequiredToolChoiceAndDropsUser() {
    server.enqueue(json(200, ANSWER));
    ChatRequest request =
        ChatRequest.builder()
            .model("mistral-small-latest")
            .user("Weather?")
            .tool(SampleRequests.WEATHER_TOOL)
            .toolChoice(ToolChoice.REQUIRED)
            .seed(7L)
            .endUser("user-123")
            .build();

    profile("mistral", b -> b).chat(request, call(KEY));

    var body = tree(takeRequest().getBody().utf8());
    assertThat(body.get("random_seed").asLong()).isEqualTo(7L);
    assertThat(body.has("seed")).isFalse();
    assertThat(body.get("tool_choice").asText()).isEqualTo("any");
    assertThat(body.has("user")).isFalse();
  }

  @Test
  void mistralStreamsWithoutStreamOptions() {
    server.enqueue(
        sse(
            """
            data: {"id":"c","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}

            data: [DONE]

            """));
    try (ChunkStream stream =
        profile("mistral", b -> b).stream(
            ChatRequest.builder().model("mistral-small").user("Hi").build(), call(KEY))) {
      assertThat(stream.next().text()).isEqualTo("Hi");
    }
    assertThat(tree(takeRequest().getBody().utf8()).has("stream_options")).isFalse();
  }

  @Test
  void groqDropsMessageNamesAndUnsupportedExtraFields() {
    server.enqueue(json(200, ANSWER));
    ChatRequest request =
        ChatRequest.builder()
            .model("llama-3.3-70b-versatile")
            .message(
                new Message(
                    dev.llmgateway.model.Role.USER,
                    java.util.List.of(dev.llmgateway.model.ContentPart.text("Hi")),
                    java.util.List.of(),
                    null,
                    "alice"))
            .maxTokens(10)
            .extraParam("logprobs", true)
            .extraParam("top_logprobs", 2)
            .extraParam("logit_bias", Map.of("50256", -100))
            .extraParam("service_tier", "auto")
            .build();

    profile("groq", b -> b).chat(request, call(KEY));

    assertThat(tree(takeRequest().getBody().utf8()))
        .isEqualTo(
            tree(
                """
                {"model":"llama-3.3-70b-versatile","messages":[{"role":"user","content":"Hi"}],
                 "max_completion_tokens":10,"service_tier":"auto"}
                """));
  }

  @Test
  void openRouterSendsRefererAndTitleHeadersFromOptions() {
    server.enqueue(json(200, ANSWER));
    Provider openRouter =
        profile(
            "openrouter",
            b -> b.option("http-referer", "https://example.test/app").option("x-title", "My App"));

    openRouter.chat(
        ChatRequest.builder().model("openai/gpt-4o").user("Hi").maxTokens(5).build(), call(KEY));

    RecordedRequest request = takeRequest();
    assertThat(request.getHeaders().get("HTTP-Referer")).isEqualTo("https://example.test/app");
    assertThat(request.getHeaders().get("X-Title")).isEqualTo("My App");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(tree(request.getBody().utf8()).get("max_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void togetherSendsMaxTokensAndAsksForStreamUsage() {
    server.enqueue(
        sse(
            """
            data: {"id":"c","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}

            data: [DONE]

            """));
    try (ChunkStream stream =
        profile("together", b -> b).stream(
            ChatRequest.builder().model("meta-llama/Llama-3-8b").user("Hi").maxTokens(5).build(),
            call(KEY))) {
      assertThat(stream.next().text()).isEqualTo("Hi");
    }
    var body = tree(takeRequest().getBody().utf8());
    assertThat(body.get("max_tokens").asInt()).isEqualTo(5);
    assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ollama", "vllm", "openai-compatible"})
  void keylessProfilesSendNoCredentialsWhenNoKeyIsConfigured(String name) {
    server.enqueue(json(200, ANSWER));

    profile(name, b -> b)
        .chat(
            ChatRequest.builder().model("llama3.2").user("Hi").maxTokens(5).build(), call(NO_KEY));

    RecordedRequest request = takeRequest();
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(tree(request.getBody().utf8()).get("max_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void keylessProfilesStillSendAConfiguredKey() {
    server.enqueue(json(200, ANSWER));

    profile("vllm", b -> b).chat(ChatRequest.builder().model("qwen").user("Hi").build(), call(KEY));

    assertThat(takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
  }

  @Test
  void profilesThatNeedAKeyFailWithoutSendingWhenNoneIsConfigured() {
    assertThatThrownBy(
            () ->
                profile("groq", b -> b)
                    .chat(ChatRequest.builder().model("llama").user("Hi").build(), call(NO_KEY)))
        .isInstanceOf(ProviderException.class)
        .hasMessage("Provider 'groq-main' (profile 'groq') needs a key, and none is configured")
        .extracting(e -> ((ProviderException) e).kind())
        .isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void azureKeyNeverAppearsInErrorsOrToString() {
    Provider azure = profile("azure-openai", b -> b.baseUrl(server.url("/").toString()));
    server.enqueue(
        json(401, "{\"error\":{\"code\":\"401\",\"message\":\"Bad key " + API_KEY + "\"}}"));

    assertThatThrownBy(
            () -> azure.chat(ChatRequest.builder().model("gpt-4o").user("Hi").build(), call(KEY)))
        .isInstanceOf(ProviderException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(API_KEY).contains("[redacted]"));
    assertThat(azure.toString()).doesNotContain(API_KEY);
  }
}
