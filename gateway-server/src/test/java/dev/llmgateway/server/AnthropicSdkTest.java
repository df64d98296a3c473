package dev.llmgateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official anthropic-java SDK, unmocked, against {@code /v1/messages}. */
class AnthropicSdkTest {
  @TempDir Path dir;
  ServerFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new ServerFixture(dir);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  AnthropicClient client(String key) {
    return AnthropicOkHttpClient.builder().baseUrl(f.baseUrl()).apiKey(key).maxRetries(0).build();
  }

  MessageCreateParams.Builder ask(String model, String text) {
    return MessageCreateParams.builder()
        .model(model)
        .maxTokens(200)
        .system("Be brief.")
        .addUserMessage(text);
  }

  @Test
  void messagesAreAnsweredByAnAnthropicUpstream() {
    f.upstream.enqueue(FakeResponse.text("Bonjour").withUsage(9, 1, 0, 0));
    Message m = client(f.acmeKey).messages().create(ask("sonnet", "Say hello").build());
    assertThat(m.content().get(0).asText().text()).isEqualTo("Bonjour");
    assertThat(m.stopReason()).contains(StopReason.END_TURN);
    assertThat(m.usage().outputTokens()).isEqualTo(1);
    RecordedCall up = f.upstream.takeRequest();
    assertThat(up.path()).isEqualTo("/v1/messages");
    assertThat(up.model()).isEqualTo("claude-sonnet-4-5");
    assertThat(up.bodyJson().path("system").toString()).contains("Be brief.");
  }

  @Test
  void messagesCanBeAnsweredByAnOpenAiUpstream() {
    f.upstream.enqueue(FakeResponse.text("Routed"));
    Message m = client(f.acmeKey).messages().create(ask("fast", "Hi").build());
    assertThat(m.content().get(0).asText().text()).isEqualTo("Routed");
    RecordedCall up = f.upstream.takeRequest();
    assertThat(up.path()).isEqualTo("/v1/chat/completions");
    assertThat(up.bodyJson().path("messages").get(0).path("role").asText()).isEqualTo("system");
  }

  @Test
  void streamedMessagesAccumulateToTheWholeAnswer() {
    f.upstream.enqueue(FakeResponse.text("one two three").withChunkSize(3));
    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> s =
        client(f.acmeKey).messages().createStreaming(ask("sonnet", "count").build())) {
      s.stream().forEach(acc::accumulate);
    }
    Message m = acc.message();
    assertThat(m.content()).hasSize(1);
    assertThat(m.content().get(0).asText().text()).isEqualTo("one two three");
    assertThat(m.stopReason()).contains(StopReason.END_TURN);
    assertThat(m.usage().outputTokens()).isEqualTo(3);
  }

  @Test
  void toolUseComesBackAsABlockPlainAndStreamed() {
    Tool tool =
        Tool.builder()
            .name("get_weather")
            .description("Weather")
            .inputSchema(
                Tool.InputSchema.builder()
                    .type(JsonValue.from("object"))
                    .putAdditionalProperty(
                        "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .build())
            .build();
    f.upstream.enqueue(FakeResponse.toolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}"));
    Message m = client(f.acmeKey).messages().create(ask("sonnet", "Oslo?").addTool(tool).build());
    ToolUseBlock use =
        m.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow().asToolUse();
    assertThat(use.name()).isEqualTo("get_weather");
    assertThat(use._input().toString()).contains("Oslo");
    assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
    assertThat(f.upstream.takeRequest().bodyJson().path("tools").get(0).path("name").asText())
        .isEqualTo("get_weather");

    f.upstream.enqueue(FakeResponse.toolCall("call_2", "get_weather", "{\"city\":\"Rome\"}"));
    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> s =
        client(f.acmeKey).messages().createStreaming(ask("fast", "Rome?").addTool(tool).build())) {
      s.stream().forEach(acc::accumulate);
    }
    ToolUseBlock streamed =
        acc.message().content().stream()
            .filter(ContentBlock::isToolUse)
            .findFirst()
            .orElseThrow()
            .asToolUse();
    assertThat(streamed.id()).isEqualTo("call_2");
    assertThat(streamed._input().toString()).contains("Rome");
    assertThat(acc.message().stopReason()).contains(StopReason.TOOL_USE);
  }

  @Test
  void errorsComeInAnthropicsShapeWithTheirStatuses() {
    assertThatThrownBy(() -> client(Secrets.newKey()).messages().create(ask("sonnet", "x").build()))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> client(f.acmeKey).messages().create(ask("nope", "x").build()))
        .isInstanceOf(NotFoundException.class)
        .satisfies(
            e ->
                assertThat(((AnthropicServiceException) e).body().toString())
                    .contains("not_found_error"));
    AnthropicClient limited = client(f.limitedKey);
    limited.messages().create(ask("fast", "1").build());
    limited.messages().create(ask("fast", "2").build());
    assertThatThrownBy(() -> limited.messages().create(ask("fast", "3").build()))
        .isInstanceOf(RateLimitException.class)
        .satisfies(
            e ->
                assertThat(((AnthropicServiceException) e).headers().values("retry-after"))
                    .isNotEmpty());
  }
}
