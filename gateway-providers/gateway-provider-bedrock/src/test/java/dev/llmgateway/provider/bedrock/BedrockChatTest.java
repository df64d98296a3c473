package dev.llmgateway.provider.bedrock;

import static dev.llmgateway.provider.bedrock.BedrockTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import dev.llmgateway.testkit.SampleRequests;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BedrockChatTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final BedrockProvider provider = BedrockTestSupport.provider(server);

  @AfterEach
  void tearDown() {
    provider.close();
    server.close();
  }

  @Test
  void sampleConversationIsSentInTheDocumentedConverseShape() throws Exception {
    server.enqueue(FakeResponse.text("A tiny transparent image."));

    provider.chat(SampleRequests.conversationWithToolAndImage("claude-haiku-4-5"), call());

    RecordedCall sent = server.takeRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/model/anthropic.claude-haiku-4-5-20251001-v1%3A0/converse");
    assertThat(sent.model()).isEqualTo("anthropic.claude-haiku-4-5-20251001-v1:0");
    assertThat(sent.header("authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/us-east-1/bedrock/aws4_request");
    JsonNode expected =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                """
                {
                  "messages": [
                    {"role": "user", "content": [{"text": "What's the weather in Paris?"}]},
                    {"role": "assistant", "content": [
                      {"toolUse": {"toolUseId": "call_1", "name": "get_weather",
                                   "input": {"city": "Paris"}}}]},
                    {"role": "user", "content": [
                      {"toolResult": {"toolUseId": "call_1",
                                      "content": [{"text": "{\\"celsius\\":21}"}]}}]},
                    {"role": "assistant", "content": [{"text": "It is 21 °C in Paris."}]},
                    {"role": "user", "content": [
                      {"text": "And what is in this picture?"},
                      {"image": {"format": "png", "source": {"bytes": "%s"}}}]}
                  ],
                  "system": [{"text": "You are a concise assistant."}],
                  "inferenceConfig": {"maxTokens": 300, "temperature": 0.2, "stopSequences": ["END"]},
                  "toolConfig": {
                    "tools": [{"toolSpec": {
                      "name": "get_weather",
                      "description": "Current weather for a city",
                      "inputSchema": {"json": %s}}}],
                    "toolChoice": {"auto": {}}
                  }
                }
                """
                    .formatted(SampleRequests.TINY_PNG_BASE64, schemaJson()));
    assertThat(sent.bodyJson()).isEqualTo(expected);
  }

  private static String schemaJson() throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsString(SampleRequests.WEATHER_TOOL.parameters());
  }

  @Test
  void plainChatReturnsTextFinishReasonAndUsage() {
    server.enqueue(FakeResponse.text("Paris").withUsage(12, 1, 0, 0));

    ChatResponse response =
        provider.chat(
            ChatRequest.builder().model("nova-pro").user("Capital of France?").build(), call());

    assertThat(response.text()).isEqualTo("Paris");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage().inputTokens()).isEqualTo(12);
    assertThat(response.usage().outputTokens()).isEqualTo(1);
    assertThat(response.model()).isEqualTo("nova-pro");
    assertThat(response.provider()).isEqualTo("bedrock");
    assertThat(response.id()).startsWith("req-fake");
    assertThat(server.takeRequest().path()).isEqualTo("/model/amazon.nova-pro-v1%3A0/converse");
  }

  @Test
  void toolUseAnswerBecomesToolCallsWithJsonArguments() {
    server.enqueue(FakeResponse.toolCall("tool_1", "get_weather", "{\"city\":\"Paris\"}"));

    ChatResponse response =
        provider.chat(SampleRequests.conversationWithToolAndImage("nova-pro"), call());

    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.toolCalls())
        .containsExactly(new ToolCall("tool_1", "get_weather", "{\"city\":\"Paris\"}"));
  }

  @Test
  void cacheTokensAreCountedWithinTheInputTokens() {
    server.enqueue(FakeResponse.text("ok").withUsage(100, 2, 60, 0).withCacheWriteTokens(30));

    ChatResponse response =
        provider.chat(ChatRequest.builder().model("claude-haiku-4-5").user("hi").build(), call());

    assertThat(response.usage().inputTokens()).isEqualTo(100);
    assertThat(response.usage().cachedReadInputTokens()).isEqualTo(60);
    assertThat(response.usage().cacheWriteInputTokens()).isEqualTo(30);
    assertThat(response.usage().uncachedInputTokens()).isEqualTo(10);
  }

  @Test
  void stopReasonsMapToFinishReasons() {
    assertThat(ConverseReader.finishReason("end_turn")).isEqualTo(FinishReason.STOP);
    assertThat(ConverseReader.finishReason("stop_sequence")).isEqualTo(FinishReason.STOP);
    assertThat(ConverseReader.finishReason("max_tokens")).isEqualTo(FinishReason.LENGTH);
    assertThat(ConverseReader.finishReason("tool_use")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(ConverseReader.finishReason("guardrail_intervened"))
        .isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(ConverseReader.finishReason("content_filtered"))
        .isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(ConverseReader.finishReason("something_new")).isEqualTo(FinishReason.OTHER);
  }

  @Test
  void maxTokensStopIsLength() {
    server.enqueue(FakeResponse.text("cut").withFinishReason("length"));

    ChatResponse response =
        provider.chat(ChatRequest.builder().model("nova-pro").user("hi").build(), call());

    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
  }

  @Test
  void consecutiveSameRoleTurnsAreMergedAndExtraParamsBecomeAdditionalFields() {
    provider.chat(
        ChatRequest.builder()
            .model("nova-pro")
            .user("first")
            .user("second")
            .extraParam("top_k", 5)
            .build(),
        call());

    JsonNode body = server.takeRequest().bodyJson();
    assertThat(body.get("messages")).hasSize(1);
    assertThat(body.at("/messages/0/content")).hasSize(2);
    assertThat(body.at("/additionalModelRequestFields/top_k").asInt()).isEqualTo(5);
    assertThat(body.has("inferenceConfig")).isFalse();
  }

  @Test
  void imageByUrlIsRefusedNamingTheField() {
    ChatRequest request =
        ChatRequest.builder()
            .model("nova-pro")
            .message(
                Message.user(
                    ContentPart.text("what?"), ContentPart.imageUrl("https://example.com/a.png")))
            .build();

    assertThatThrownBy(() -> provider.chat(request, call()))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
        .hasMessageContaining("messages[0].content[1].image.url")
        .hasMessageContaining("bytes only");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void crossRegionOptionSendsTheInferenceProfileId() {
    try (BedrockProvider eu =
        new BedrockProvider(
            BedrockTestSupport.settings(server).option("crossRegion", "eu").build())) {
      eu.chat(ChatRequest.builder().model("claude-haiku-4-5").user("hi").build(), call());
    }

    assertThat(server.takeRequest().model())
        .isEqualTo("eu.anthropic.claude-haiku-4-5-20251001-v1:0");
  }

  @Test
  void unknownModelNamesPassThroughUnchanged() {
    String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/my-profile";

    provider.chat(ChatRequest.builder().model(arn).user("hi").build(), call());

    assertThat(server.takeRequest().model()).isEqualTo(arn);
  }

  @Test
  void factoryIsFoundByServiceLoaderUnderTypeBedrock() {
    // On the module path the tests run inside this module, which provides the service but does not
    // use it: let it use it, as a consumer does (on the class path this changes nothing).
    getClass().getModule().addUses(ProviderFactory.class);
    assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(p -> p.get().type()))
        .contains("bedrock");
  }

  @Test
  void capabilitiesComeFromTheModelTable() {
    assertThat(provider.capabilities("titan-embed-text-v2").chat()).isFalse();
    assertThat(provider.capabilities("titan-embed-text-v2").embeddings()).isTrue();
    assertThat(provider.capabilities("llama3-3-70b").vision()).isFalse();
    assertThat(provider.capabilities("nova-pro").vision()).isTrue();
    assertThat(provider.capabilities()).isEqualTo(BedrockProvider.CAPABILITIES);
  }
}
