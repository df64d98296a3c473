package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.spi.ProviderSettings;
import java.util.Map;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
  private final OpenAiEndpoint endpoint =
      new OpenAiEndpoint(
          OpenAiProfile.OPENAI,
          ProviderSettings.builder("openai-main", "openai")
              .baseUrl("http://127.0.0.1:1/v1")
              .build());

  private static JsonNode written(RequestBody body) throws Exception {
    Buffer sink = new Buffer();
    body.writeTo(sink);
    assertThat(body.contentLength()).isEqualTo(sink.size());
    assertThat(body.contentType()).hasToString("application/json");
    return Json.read(sink.readByteArray());
  }

  @Test
  void aBodyLargerThanItsSizeHintIsWrittenWhole() throws Exception {
    // Three UTF-8 bytes per character and tool schemas: far beyond the hint of one byte per char.
    String text = "東京の天気を教えてください。".repeat(200);
    ChatRequest request =
        ChatRequest.builder()
            .model("gpt-4o-mini")
            .user(text)
            .tool(ToolDefinition.of("weather", "x".repeat(3_000), Map.of("type", "object")))
            .build();
    JsonNode json = written(ChatRequestWriter.chat(request, false, endpoint));
    assertThat(json.at("/messages/0/content").asText()).isEqualTo(text);
    assertThat(json.at("/tools/0/function/description").asText()).hasSize(3_000);
  }

  @Test
  void aShortBodyIsExactlyWhatWasWritten() throws Exception {
    ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").user("hi").build();
    RequestBody body = ChatRequestWriter.chat(request, true, endpoint);
    JsonNode json = written(body);
    assertThat(json.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(json.at("/messages/0/content").asText()).isEqualTo("hi");
    assertThat(json.get("stream").asBoolean()).isTrue();
    // Written twice (a redirect re-sends the body): the same bytes.
    assertThat(written(body)).isEqualTo(json);
  }
}
