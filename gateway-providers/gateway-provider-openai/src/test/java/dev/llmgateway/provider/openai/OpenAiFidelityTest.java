package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderSettings;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Wire data as OpenAI and Groq send it: a streamed refusal, Groq's stream usage under {@code
 * x_groq}, and the {@code x-should-retry} verdict.
 */
class OpenAiFidelityTest extends OpenAiTestSupport {

  private static String chunk(String model, String rest) {
    return "data: {\"id\":\"chatcmpl-AK8ydR4g0kYwv2hCXqHyiYc9Y3D0q\","
        + "\"object\":\"chat.completion.chunk\",\"created\":1729433417,\"model\":\""
        + model
        + "\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_a7d06e42a7\","
        + rest
        + "\n\n";
  }

  private static String refusalDelta(String delta, String finish) {
    return chunk(
        "gpt-4o-2024-08-06",
        "\"choices\":[{\"index\":0,\"delta\":"
            + delta
            + ",\"logprobs\":null,\"finish_reason\":"
            + finish
            + "}],\"usage\":null}");
  }

  /** A Structured Outputs refusal as OpenAI streams it: refusal deltas, finish reason "stop". */
  static final String REFUSAL_STREAM =
      refusalDelta("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"}", "null")
          + refusalDelta("{\"refusal\":\"I'm sorry,\"}", "null")
          + refusalDelta("{\"refusal\":\" I can't assist with that request.\"}", "null")
          + refusalDelta("{}", "\"stop\"")
          + chunk(
              "gpt-4o-2024-08-06",
              "\"choices\":[],\"usage\":{\"prompt_tokens\":81,\"completion_tokens\":11,"
                  + "\"total_tokens\":92,\"prompt_tokens_details\":{\"cached_tokens\":0,"
                  + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,"
                  + "\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
                  + "\"rejected_prediction_tokens\":0}}}")
          + "data: [DONE]\n\n";

  @Test
  void aStreamedRefusalArrivesAsRefusalDeltasWithFinishReasonContentFilter() {
    server.enqueue(sse(REFUSAL_STREAM));
    ChatRequest request =
        ChatRequest.builder().model("gpt-4o-2024-08-06").user("How do I pick a lock?").build();
    List<ChatChunk> chunks;
    try (ChunkStream stream = provider.stream(request, call())) {
      chunks = OpenAiStreamTest.drain(stream);
    }

    assertRequest(
        "/v1/chat/completions",
        "text/event-stream",
        """
        {"model":"gpt-4o-2024-08-06","messages":[{"role":"user","content":"How do I pick a lock?"}],
         "stream":true,"stream_options":{"include_usage":true}}
        """);
    assertThat(chunks).extracting(ChatChunk::text).containsOnly("");
    assertThat(chunks)
        .extracting(ChatChunk::refusal)
        .containsExactly(null, "I'm sorry,", " I can't assist with that request.", null, null);
    assertThat(chunks.get(1).hasContent()).isTrue();
    assertThat(chunks.get(3).finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);

    ChatResponseAssembler assembler = new ChatResponseAssembler();
    chunks.forEach(assembler::add);
    ChatResponse whole = assembler.build("openai-main", "gpt-4o");
    assertThat(whole.text()).isEmpty();
    assertThat(whole.refusal()).isEqualTo("I'm sorry, I can't assist with that request.");
    assertThat(whole.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(whole.usage()).isEqualTo(openAiUsage(81, 11, 0, 0));
  }

  private static String groqChunk(String rest) {
    return "data: {\"id\":\"chatcmpl-8566e76f-7ded-47d7-a2ca-d212098af00c\","
        + "\"object\":\"chat.completion.chunk\",\"created\":1716131679,"
        + "\"model\":\"llama3-8b-8192\",\"system_fingerprint\":\"fp_179b0f92c9\","
        + rest
        + "\n\n";
  }

  /** Groq's stream: no top-level usage chunk, the usage under x_groq on the final chunk. */
  static final String GROQ_STREAM =
      groqChunk(
              "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                  + "\"logprobs\":null,\"finish_reason\":null}],"
                  + "\"x_groq\":{\"id\":\"req_01hy8ppkajfqk987jv2vx88m9r\"}}")
          + groqChunk(
              "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},"
                  + "\"logprobs\":null,\"finish_reason\":null}]}")
          + groqChunk(
              "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there!\"},"
                  + "\"logprobs\":null,\"finish_reason\":null}]}")
          + groqChunk(
              "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
                  + "\"finish_reason\":\"stop\"}],\"x_groq\":{\"id\":"
                  + "\"req_01hy8ppkajfqk987jv2vx88m9r\",\"usage\":{\"queue_time\":0.07535312,"
                  + "\"prompt_tokens\":23,\"prompt_time\":0.006,\"completion_tokens\":19,"
                  + "\"completion_time\":0.022,\"total_tokens\":42,\"total_time\":0.028}}}")
          + "data: [DONE]\n\n";

  @Test
  void groqsStreamUsageIsReadFromXGroqOnTheFinalChunk() {
    Provider groq =
        new OpenAiProviderFactory()
            .create(
                ProviderSettings.builder("groq-main", "openai")
                    .profile("groq")
                    .baseUrl(server.url("/openai/v1").toString())
                    .key(KEY)
                    .clock(CLOCK)
                    .build());
    server.enqueue(sse(GROQ_STREAM));
    List<ChatChunk> chunks;
    try (groq;
        ChunkStream stream =
            groq.stream(
                ChatRequest.builder().model("llama3-8b-8192").user("Hi").maxTokens(50).build(),
                call())) {
      chunks = OpenAiStreamTest.drain(stream);
    }

    RecordedRequest sent = takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/openai/v1/chat/completions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(tree(sent.getBody().utf8()))
        .isEqualTo(
            tree(
                """
                {"model":"llama3-8b-8192","messages":[{"role":"user","content":"Hi"}],
                 "max_completion_tokens":50,"stream":true,
                 "stream_options":{"include_usage":true}}
                """));
    ChatChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(last.usage()).isEqualTo(Usage.of(23, 19));
    assertThat(chunks.subList(0, chunks.size() - 1))
        .extracting(ChatChunk::usage)
        .containsOnlyNulls();
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    chunks.forEach(assembler::add);
    ChatResponse whole = assembler.build("groq-main", "llama3-8b-8192");
    assertThat(whole.text()).isEqualTo("Hello there!");
    assertThat(whole.usage().isReported()).isTrue();
    assertThat(whole.usage().isReported(Usage.Count.CACHED_READ_INPUT)).isFalse();
  }

  @Test
  void aStreamWithoutAnyUsageAssemblesToUnreportedUsage() {
    server.enqueue(
        sse(
            refusalDelta("{\"role\":\"assistant\",\"content\":\"Hi\"}", "null")
                + refusalDelta("{}", "\"stop\"")
                + "data: [DONE]\n\n"));
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    try (ChunkStream stream =
        provider.stream(ChatRequest.builder().model("m").user("x").build(), call())) {
      OpenAiStreamTest.drain(stream).forEach(assembler::add);
    }

    ChatResponse whole = assembler.build("openai-main", "m");
    assertThat(whole.usage()).isEqualTo(Usage.NOT_REPORTED);
    assertThat(whole.refusal()).isNull();
    assertThat(whole.finishReason()).isEqualTo(FinishReason.STOP);
  }

  private ProviderException failWith(MockResponse response) {
    server.enqueue(response);
    return catchThrowableOfType(
        ProviderException.class,
        () -> provider.chat(ChatRequest.builder().model("gpt-4o").user("hi").build(), call()));
  }

  private static MockResponse error(int status, String type, String code, String shouldRetry) {
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(status)
            .setHeader("Content-Type", "application/json")
            .setHeader("x-request-id", "req_7b3b2d6d0e2f4a0c")
            .body(
                "{\"error\":{\"message\":\"scripted\",\"type\":\""
                    + type
                    + "\",\"param\":null,\"code\":\""
                    + code
                    + "\"}}");
    if (shouldRetry != null) {
      b.setHeader("x-should-retry", shouldRetry);
    }
    return b.build();
  }

  @Test
  void xShouldRetryFalseMakesARateLimitNotRetryableButKeepsItsKind() {
    ProviderException e = failWith(error(429, "requests", "rate_limit_exceeded", "false"));

    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.kind().nextKey()).isTrue();
  }

  @Test
  void xShouldRetryTrueMakesAConflictRetryableAndItsAbsenceKeepsTheKindsDefault() {
    ProviderException conflict = failWith(error(400, "invalid_request_error", "conflict", "true"));
    ProviderException plain = failWith(error(503, "server_error", "overloaded", null));
    ProviderException odd = failWith(error(503, "server_error", "overloaded", "maybe"));

    assertThat(conflict.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(conflict.retryable()).isTrue();
    assertThat(plain.retryable()).isTrue();
    assertThat(odd.retryable()).isTrue();
  }
}
