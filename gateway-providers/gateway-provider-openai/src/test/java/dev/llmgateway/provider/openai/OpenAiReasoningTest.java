package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reasoning and prompt caching on the Chat Completions endpoint: what each profile sends, what it
 * reads back, and what each profile and model declare they can do.
 */
class OpenAiReasoningTest extends OpenAiTestSupport {
  static final String ANSWER =
      """
      {"id":"chatcmpl-r1","object":"chat.completion","created":1741569952,"model":"o4-mini",
       "choices":[{"index":0,"message":{"role":"assistant","content":"42.","refusal":null},
                   "finish_reason":"stop"}],
       "usage":{"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500,
                "prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},
                "completion_tokens_details":{"reasoning_tokens":256,"audio_tokens":0,
                   "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}
      """;

  Provider profile(String profile) {
    return new OpenAiProviderFactory()
        .create(
            ProviderSettings.builder(profile + "-main", "openai")
                .profile(profile)
                .baseUrl(server.url("/v1").toString())
                .key(KEY)
                .clock(CLOCK)
                .build());
  }

  static ProviderCall plainCall() {
    return new ProviderCall(KEY, Duration.ofSeconds(10), new Cancellation(), Map.of(), null);
  }

  RecordedRequest send(Provider provider, ChatRequest request) {
    server.enqueue(json(200, ANSWER));
    provider.chat(request, plainCall());
    return takeRequest();
  }

  static ChatRequest.Builder question(String model) {
    return ChatRequest.builder()
        .model(model)
        .message(Message.system("A long, stable system prompt.").cacheable())
        .user("What is 6 x 7?");
  }

  @Test
  void sendsTheEffortAsReasoningEffortAndTheCacheKeyAndReadsReasoningAndCachedTokens() {
    server.enqueue(json(200, ANSWER));

    ChatResponse answer =
        provider.chat(
            question("o4-mini")
                .reasoning(ReasoningEffort.HIGH)
                .promptCacheKey("math-tutor")
                .build(),
            call());

    assertRequest(
        "/v1/chat/completions",
        "application/json",
        """
        {"model":"o4-mini",
         "messages":[{"role":"system","content":"A long, stable system prompt."},
                     {"role":"user","content":"What is 6 x 7?"}],
         "reasoning_effort":"high",
         "prompt_cache_key":"math-tutor"}
        """);
    assertThat(answer.usage()).isEqualTo(openAiUsage(1200, 300, 1024, 256));
    assertThat(answer.reasoning()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"1024,low", "4096,low", "9000,medium", "20000,high"})
  void sendsABudgetAsTheEffortItStandsFor(int budget, String effort) {
    RecordedRequest sent =
        send(provider, question("o3").reasoning(Reasoning.budget(budget)).build());

    assertThat(tree(sent.getBody().utf8()).get("reasoning_effort").asText()).isEqualTo(effort);
  }

  @Test
  void sendsMinimalToOpenAiAsMinimal() {
    RecordedRequest sent =
        send(provider, question("gpt-5").reasoning(ReasoningEffort.MINIMAL).build());

    assertThat(tree(sent.getBody().utf8()).get("reasoning_effort").asText()).isEqualTo("minimal");
  }

  @Test
  void geminiTakesAnEffortAsReasoningEffortAndABudgetAsGoogleThinkingConfig() {
    Provider gemini = profile("gemini");

    RecordedRequest effort =
        send(gemini, question("gemini-2.5-flash").reasoning(ReasoningEffort.MINIMAL).build());
    RecordedRequest budget =
        send(
            gemini,
            question("gemini-2.5-flash")
                .reasoning(Reasoning.budget(2_048).withThoughts())
                .promptCacheKey("ignored-by-gemini")
                .build());

    assertThat(tree(effort.getBody().utf8()).get("reasoning_effort").asText()).isEqualTo("low");
    assertThat(tree(budget.getBody().utf8()))
        .isEqualTo(
            tree(
                """
                {"model":"gemini-2.5-flash",
                 "messages":[{"role":"system","content":"A long, stable system prompt."},
                             {"role":"user","content":"What is 6 x 7?"}],
                 "google":{"thinking_config":{"thinking_budget":2048}}}
                """));
  }

  @Test
  void mistralGetsNoReasoningFieldAndACompatibleServerGetsReasoningEffort() {
    RecordedRequest mistral =
        send(
            profile("mistral"),
            question("magistral-medium").reasoning(ReasoningEffort.LOW).build());
    RecordedRequest vllm =
        send(profile("vllm"), question("gpt-oss-120b").reasoning(ReasoningEffort.LOW).build());

    assertThat(tree(mistral.getBody().utf8()).has("reasoning_effort")).isFalse();
    assertThat(tree(vllm.getBody().utf8()).get("reasoning_effort").asText()).isEqualTo("low");
    assertThat(tree(vllm.getBody().utf8()).has("prompt_cache_key")).isFalse();
  }

  @Test
  void anExtraParamOverridesTheGeneratedReasoningField() {
    RecordedRequest sent =
        send(
            provider,
            question("o3")
                .reasoning(ReasoningEffort.LOW)
                .extraParam("reasoning_effort", "medium")
                .build());

    assertThat(tree(sent.getBody().utf8()).get("reasoning_effort").asText()).isEqualTo("medium");
  }

  @Test
  void readsReasoningContentOfCompatibleServersOutOfTheTextPlainAndStreamed() {
    Provider deepseek = profile("openai-compatible");
    server.enqueue(
        json(
            200,
            """
            {"id":"r1","object":"chat.completion","model":"deepseek-reasoner",
             "choices":[{"index":0,"message":{"role":"assistant","content":"42.",
                         "reasoning_content":"6 times 7 is 42."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":20,"total_tokens":32,
                      "completion_tokens_details":{"reasoning_tokens":14}}}
            """));
    server.enqueue(
        sse(
            """
            data: {"id":"r2","object":"chat.completion.chunk","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"6 times 7"},"finish_reason":null}]}

            data: {"id":"r2","object":"chat.completion.chunk","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":null,"reasoning_content":" is 42."},"finish_reason":null}]}

            data: {"id":"r2","object":"chat.completion.chunk","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"42."},"finish_reason":"stop"}]}

            data: [DONE]

            """));
    ChatRequest request = question("deepseek-reasoner").build();

    ChatResponse plain = deepseek.chat(request, plainCall());
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    try (ChunkStream stream = deepseek.stream(request, plainCall())) {
      for (ChatChunk chunk; (chunk = stream.next()) != null; ) {
        assembler.add(chunk);
      }
    }

    assertThat(plain.text()).isEqualTo("42.");
    assertThat(plain.reasoning()).containsExactly(ReasoningBlock.text("6 times 7 is 42."));
    assertThat(plain.usage().reasoningTokens()).isEqualTo(14);
    ChatResponse streamed = assembler.build("p", "deepseek-reasoner");
    assertThat(streamed.text()).isEqualTo("42.");
    assertThat(streamed.reasoningText()).isEqualTo("6 times 7 is 42.");
  }

  @Test
  void declaresReasoningPerModelPromptCachingPerProfileAndNoMedia() {
    Provider openai = provider;
    assertThat(openai.capabilities("o4-mini").reasoning()).isTrue();
    assertThat(openai.capabilities("gpt-5.1").reasoning()).isTrue();
    assertThat(openai.capabilities("gpt-5-codex").reasoning()).isTrue();
    assertThat(openai.capabilities("gpt-5-chat-latest").reasoning()).isFalse();
    assertThat(openai.capabilities("gpt-4o-mini").reasoning()).isFalse();
    assertThat(openai.capabilities("gpt-4o-mini").promptCaching()).isTrue();
    assertThat(openai.capabilities("gpt-4o-mini").images()).isFalse();
    assertThat(openai.capabilities("gpt-4o-mini").transcription()).isFalse();
    assertThat(openai.capabilities("gpt-4o-mini").speech()).isFalse();
    assertThat(openai.capabilities("gpt-4o-mini").tools()).isTrue();

    Provider gemini = profile("gemini");
    assertThat(gemini.capabilities("gemini-2.5-pro").reasoning()).isTrue();
    assertThat(gemini.capabilities("gemini-3-flash-preview").reasoning()).isTrue();
    assertThat(gemini.capabilities("gemini-2.0-flash").reasoning()).isFalse();
    assertThat(gemini.capabilities().promptCaching()).isFalse();
    assertThat(profile("mistral").capabilities("magistral-medium").reasoning()).isFalse();
    assertThat(profile("openrouter").capabilities("openai/o3").reasoning()).isTrue();
  }

  @Test
  void azureSendsResponsesToTheV1PathOrTheDatedPath() {
    String answer =
        """
        {"id":"resp_az","object":"response","status":"completed","model":"gpt-5-codex",
         "output":[{"id":"msg","type":"message","role":"assistant","status":"completed",
                    "content":[{"type":"output_text","annotations":[],"text":"Hi."}]}],
         "usage":{"input_tokens":3,"output_tokens":2}}
        """;
    server.enqueue(json(200, answer));
    server.enqueue(json(200, answer));
    ChatRequest request = ChatRequest.builder().model("gpt-5-codex").user("hi").build();
    ProviderCall responses = plainCall().withEndpointMode(EndpointMode.RESPONSES);
    Provider v1 =
        new OpenAiProviderFactory()
            .create(
                ProviderSettings.builder("azure-v1", "openai")
                    .profile("azure-openai")
                    .baseUrl(server.url("/").toString())
                    .option("api-version", "v1")
                    .option("deployments", "gpt-5-codex=codex-prod")
                    .key(KEY)
                    .build());
    Provider dated =
        new OpenAiProviderFactory()
            .create(
                ProviderSettings.builder("azure-dated", "openai")
                    .profile("azure-openai")
                    .baseUrl(server.url("/").toString())
                    .option("api-version", "2025-04-01-preview")
                    .key(KEY)
                    .build());

    v1.chat(request, responses);
    dated.chat(request, responses);

    RecordedRequest first = takeRequest();
    assertThat(first.getUrl().encodedPath()).isEqualTo("/openai/v1/responses");
    assertThat(first.getHeaders().get("api-key")).isEqualTo(API_KEY);
    assertThat(tree(first.getBody().utf8()).get("model").asText()).isEqualTo("codex-prod");
    RecordedRequest second = takeRequest();
    assertThat(second.getUrl().encodedPath()).isEqualTo("/openai/responses");
    assertThat(second.getUrl().queryParameter("api-version")).isEqualTo("2025-04-01-preview");
    assertThat(List.of(v1, dated)).allSatisfy(Provider::close);
  }
}
