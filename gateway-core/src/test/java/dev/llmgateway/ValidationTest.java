package dev.llmgateway;

import static dev.llmgateway.TestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ToolCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationTest {
  private final ScriptedProvider a = new ScriptedProvider("a");

  @Test
  void rejectsAToolResultForAnUnknownToolCallIdNamingTheField() {
    ChatRequest request =
        ChatRequest.builder()
            .model("a/m")
            .user("weather?")
            .message(Message.assistant("", List.of(new ToolCall("call_1", "get_weather", "{}"))))
            .message(Message.toolResult("call_2", "{\"celsius\":21}"))
            .build();
    try (GatewayClient gateway = builder(a).build()) {
      InvalidRequestException e =
          catchThrowableOfType(InvalidRequestException.class, () -> gateway.chat(request));

      assertThat(e.field()).isEqualTo("messages[2].toolCallId");
      assertThat(e.getMessage()).contains("'call_2'").contains("[call_1]");
      assertThat(a.calls).isEmpty();
    }
  }

  @Test
  void acceptsAToolResultForAKnownToolCall() {
    ChatRequest request =
        ChatRequest.builder()
            .model("a/m")
            .user("weather?")
            .message(Message.assistant("", List.of(new ToolCall("call_1", "get_weather", "{}"))))
            .message(Message.toolResult("call_1", "{\"celsius\":21}"))
            .build();
    try (GatewayClient gateway = builder(a).build()) {
      assertThat(gateway.chat(request).text()).isEqualTo("ok from a/m");
    }
  }

  @Test
  void rejectsTooManyMessages() {
    List<Message> messages = new ArrayList<>(Collections.nCopies(10_001, Message.user("x")));
    ChatRequest request = ChatRequest.builder().model("a/m").messages(messages).build();
    try (GatewayClient gateway = builder(a).build()) {
      InvalidRequestException e =
          catchThrowableOfType(InvalidRequestException.class, () -> gateway.chat(request));
      assertThat(e.field()).isEqualTo("messages");
      assertThat(e.getMessage()).contains("10001").contains("10000");
    }
  }

  @Test
  void rejectsTooManyEmbeddingInputs() {
    EmbeddingRequest request =
        EmbeddingRequest.of("a/e", new ArrayList<>(Collections.nCopies(2_049, "x")));
    try (GatewayClient gateway = builder(a).build()) {
      InvalidRequestException e =
          catchThrowableOfType(InvalidRequestException.class, () -> gateway.embed(request));
      assertThat(e.field()).isEqualTo("inputs");
    }
  }
}
