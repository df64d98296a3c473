package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeLlmServerExtension;
import dev.llmgateway.testkit.FakeResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The key pool moves off a key whose answer says it has no requests left, before that key answers
 * 429: the OpenAI adapter reports {@code x-ratelimit-*} headers, the client cools the key down.
 */
@ExtendWith(FakeLlmServerExtension.class)
class RateLimitHintsTest {

  @Test
  void movesOffAKeyThatReportsNoRequestsLeft(FakeLlmServer server) {
    server.enqueue(
        FakeResponse.text("last one for this key")
            .withHeader("x-ratelimit-remaining-requests", "0")
            .withHeader("x-ratelimit-remaining-tokens", "5000")
            .withHeader("x-ratelimit-reset-requests", "30s"));
    try (GatewayClient gateway =
        GatewayClient.builder()
            .provider(
                "main",
                p ->
                    p.type("openai")
                        .baseUrl(server.baseUrl())
                        .key("a", Secret.of("test-key-a"), 1)
                        .key("b", Secret.of("test-key-b"), 1))
            .alias("chat", a -> a.target("main", "gpt-4o-mini"))
            .seed(3)
            .build()) {
      ChatRequest request = ChatRequest.builder().model("chat").user("hi").build();

      String first = gateway.chat(request).route().keyId();
      String second = gateway.chat(request).route().keyId();
      String third = gateway.chat(request).route().keyId();

      assertThat(second).isNotEqualTo(first);
      assertThat(third).isEqualTo(second);
      assertThat(server.takeRequest().header("authorization"))
          .isEqualTo("Bearer test-key-" + first);
      assertThat(server.takeRequest().header("authorization"))
          .isEqualTo("Bearer test-key-" + second);
    }
  }
}
