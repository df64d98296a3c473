package dev.llmgateway;

import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Usage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InterceptorTest {
  private final ScriptedProvider a = new ScriptedProvider("a");

  private static ChatResponse canned(ChatRequest request) {
    return ChatResponse.of(
        "canned",
        "guardrail",
        request.model(),
        "I cannot help with that.",
        List.of(),
        FinishReason.CONTENT_FILTER,
        Usage.ZERO);
  }

  @Test
  void canShortCircuitWithoutCallingAProvider() {
    Interceptor refuse =
        chain ->
            chain.request() instanceof GatewayRequest.Chat chat && !chat.streaming()
                ? new GatewayResponse.Chat(canned(chat.request()))
                : chain.proceed(chain.request());
    RecordingListener listener = new RecordingListener();
    try (GatewayClient gateway = builder(a).interceptor(refuse).eventListener(listener).build()) {
      ChatResponse response = gateway.chat(request("a/m"));

      assertThat(response.text()).isEqualTo("I cannot help with that.");
      assertThat(a.calls).isEmpty();
    }
    assertThat(listener.events).containsExactly("callStart CHAT a/m", "callEnd guardrail/a/m");
  }

  @Test
  void canShortCircuitAStreamedCall() {
    Interceptor replay =
        chain ->
            chain.request() instanceof GatewayRequest.Chat chat && chat.streaming()
                ? new GatewayResponse.Stream(ChatStream.of(canned(chat.request())))
                : chain.proceed(chain.request());
    try (GatewayClient gateway = builder(a).interceptor(replay).build();
        ChatStream stream = gateway.stream(request("a/m"))) {
      List<String> texts = new CopyOnWriteArrayList<>();
      stream.forEach(c -> texts.add(c.text()));
      assertThat(texts).containsExactly("I cannot help with that.");
      assertThat(stream.response().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
      assertThat(a.calls).isEmpty();
    }
  }

  @Test
  void canModifyTheRequest() {
    List<ChatRequest> seen = new CopyOnWriteArrayList<>();
    a.always(
        "other",
        (p, r, c) -> {
          seen.add(r);
          return ScriptedProvider.answer("modified").run(p, r, c);
        });
    Interceptor rewrite =
        chain -> {
          if (chain.request() instanceof GatewayRequest.Chat chat) {
            ChatRequest changed =
                chat.request().toBuilder()
                    .model("a/other")
                    .message(Message.user("[redacted]"))
                    .build();
            return chain.proceed(chat.withRequest(changed));
          }
          return chain.proceed(chain.request());
        };
    try (GatewayClient gateway = builder(a).interceptor(rewrite).build()) {
      ChatResponse response = gateway.chat(request("a/m"));

      assertThat(response.text()).isEqualTo("modified");
      assertThat(seen).singleElement().satisfies(r -> assertThat(r.messages()).hasSize(2));
    }
  }

  @Test
  void runsInOrderAfterValidationOncePerCallAndSeesEveryKind() {
    List<String> log = new CopyOnWriteArrayList<>();
    Interceptor first =
        chain -> {
          log.add("first " + chain.request().kind() + " " + chain.call().id());
          return chain.proceed(chain.request());
        };
    Interceptor second =
        chain -> {
          log.add("second " + chain.request().kind());
          return chain.proceed(chain.request());
        };
    a.then("m", ScriptedProvider.fail(dev.llmgateway.error.ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway = builder(a).interceptor(first).interceptor(second).build()) {
      gateway.chat(request("a/m"));
      gateway.embed(EmbeddingRequest.of("a/e", List.of("x")));
      ChatRequest invalid =
          ChatRequest.builder()
              .model("a/m")
              .user("hi")
              .message(Message.toolResult("nope", "{}"))
              .build();
      assertThatThrownBy(() -> gateway.chat(invalid)).isInstanceOf(InvalidRequestException.class);
    }
    assertThat(log).hasSize(4);
    assertThat(log.get(0)).startsWith("first CHAT call-");
    assertThat(log.get(1)).isEqualTo("second CHAT");
    assertThat(log.get(2)).startsWith("first EMBED");
  }

  @Test
  void mayNotChangeTheKindOfCall() {
    Interceptor toStream =
        chain -> {
          GatewayRequest.Chat chat = (GatewayRequest.Chat) chain.request();
          return chain.proceed(new GatewayRequest.Chat(chat.request(), true));
        };
    try (GatewayClient gateway = builder(a).interceptor(toStream).build()) {
      assertThatThrownBy(() -> gateway.chat(request("a/m")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected CHAT, got STREAM");
    }
  }

  @Test
  void mustAnswerWithTheKindOfTheCall() {
    Interceptor wrong =
        chain ->
            new GatewayResponse.Chat(canned(((GatewayRequest.Chat) chain.request()).request()));
    try (GatewayClient gateway = builder(a).interceptor(wrong).build()) {
      assertThatThrownBy(() -> gateway.stream(request("a/m")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("returned CHAT for a STREAM call");
    }
  }
}
