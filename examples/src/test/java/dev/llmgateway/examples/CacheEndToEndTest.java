package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.CallInfo;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeLlmServerExtension;
import dev.llmgateway.testkit.FakeResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The response cache over real HTTP: a repeated request never reaches the server. */
@ExtendWith(FakeLlmServerExtension.class)
class CacheEndToEndTest {
  private final FakeLlmServer server;

  CacheEndToEndTest(FakeLlmServer server) {
    this.server = server;
  }

  private static ChatRequest faq(String tenant) {
    return ChatRequest.builder()
        .model("faq")
        .system("Answer in one sentence.")
        .user("What is a circuit breaker?")
        .context(RequestContext.tenant(tenant))
        .build();
  }

  @Test
  void secondIdenticalCallDoesNotReachTheServer() {
    server.respondByDefault(FakeResponse.text("It stops calls to a failing service."));
    List<Cost> saved = new CopyOnWriteArrayList<>();
    try (GatewayClient gateway =
        GatewayClient.builder()
            .provider(
                "openai",
                p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("test-key-1")))
            .alias("faq", a -> a.target("openai", "gpt-4o-mini").cacheTtl(Duration.ofMinutes(10)))
            .cache(c -> c.maxBytes(1L << 20))
            .eventListener(
                new GatewayEventListener() {
                  @Override
                  public void cacheHit(CallInfo call, Cost savedCost) {
                    saved.add(savedCost);
                  }
                })
            .build()) {
      ChatResponse first = gateway.chat(faq("acme"));
      ChatResponse second = gateway.chat(faq("acme"));
      String streamed;
      try (ChatStream stream = gateway.stream(faq("acme"))) {
        StringBuilder sb = new StringBuilder();
        stream.forEach(chunk -> sb.append(chunk.text()));
        streamed = sb.toString();
      }

      assertThat(server.requestCount()).isEqualTo(1);
      assertThat(second.text()).isEqualTo(first.text()).isEqualTo(streamed);
      assertThat(second.route().cacheHit()).isTrue();
      assertThat(second.cost()).isEqualTo(Cost.reported(Money.ZERO));
      assertThat(saved).hasSize(2).allMatch(c -> c.equals(first.cost()));

      gateway.chat(faq("globex"));
      assertThat(server.requestCount()).isEqualTo(2);
    }
  }
}
