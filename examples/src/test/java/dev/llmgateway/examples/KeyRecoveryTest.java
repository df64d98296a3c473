package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.ProviderSpec;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.KeyHealth;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeLlmServerExtension;
import dev.llmgateway.testkit.FakeResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A key the OpenAI server rejects with 401 is disabled, the other key serves, and after the probe
 * interval one trial call goes to the rejected key: when the server accepts it again (the key was
 * fixed at the provider), it is enabled without a redeploy; when it refuses, it stays disabled.
 */
@ExtendWith(FakeLlmServerExtension.class)
class KeyRecoveryTest {
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final FakeResponse UNAUTHORIZED =
      FakeResponse.error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key");

  private final FakeClock clock = new FakeClock();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final ChatRequest request = ChatRequest.builder().model("chat").user("hi").build();

  private GatewayClient gateway(FakeLlmServer server) {
    return GatewayClient.builder()
        .clock(clock)
        .disabledKeyProbeInterval(INTERVAL)
        .eventListener(
            new GatewayEventListener() {
              @Override
              public void keyDisabled(
                  String provider, String keyId, @Nullable TargetRef target, ErrorKind kind) {
                events.add("disabled " + keyId);
              }

              @Override
              public void keyReprobed(
                  String provider, String keyId, TargetRef target, @Nullable ErrorKind failure) {
                events.add("reprobed " + keyId + " " + (failure == null ? "accepted" : failure));
              }

              @Override
              public void keyEnabled(String provider, String keyId, @Nullable TargetRef target) {
                events.add("enabled " + keyId);
              }
            })
        .provider(
            "main",
            p ->
                p.type("openai")
                    .baseUrl(server.baseUrl())
                    .keySelection(ProviderSpec.KeySelection.ROUND_ROBIN)
                    .key("a", Secret.of("test-key-a"), 1)
                    .key("b", Secret.of("test-key-b"), 1))
        .alias("chat", a -> a.target("main", "gpt-4o-mini"))
        .build();
  }

  private static KeyHealth key(GatewayClient gateway, String id) {
    return gateway.health().get(0).key(id);
  }

  /** The keys the server saw, in order, from their bearer tokens. */
  private static List<String> keysSent(FakeLlmServer server, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String auth = server.takeRequest().header("authorization");
      out.add(auth == null ? "none" : auth.substring("Bearer test-key-".length()));
    }
    return out;
  }

  /** Disables key a with a 401 on the first call, then shows that b serves the next calls. */
  private void disableKeyA(GatewayClient gateway, FakeLlmServer server) {
    server.enqueue(UNAUTHORIZED);
    for (int i = 0; i < 4; i++) {
      assertThat(gateway.chat(request).route().keyId()).isEqualTo("b");
    }
    assertThat(keysSent(server, 5)).containsExactly("a", "b", "b", "b", "b");
    assertThat(events).containsExactly("disabled a");
    assertThat(key(gateway, "a").disabledReason()).contains("AUTHENTICATION");
  }

  @Test
  void aRejectedKeyIsEnabledAgainByItsTrialCallOnceTheServerAcceptsIt(FakeLlmServer server) {
    server.respondByDefault(FakeResponse.text("hello"));
    try (GatewayClient gateway = gateway(server)) {
      disableKeyA(gateway, server);

      clock.advance(INTERVAL);
      List<String> served = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ChatResponse r = gateway.chat(request);
        assertThat(r.text()).isEqualTo("hello");
        served.add(r.route().keyId());
      }
      // Round robin takes a again once its trial made it available: the trial and a's turn after.
      assertThat(served).containsExactlyInAnyOrder("a", "a", "b", "b");
      assertThat(keysSent(server, 4)).isEqualTo(served);
      assertThat(events).containsExactly("disabled a", "reprobed a accepted", "enabled a");
      assertThat(key(gateway, "a").disabledReason()).isNull();
      assertThat(key(gateway, "a").available()).isTrue();
    }
  }

  @Test
  void aKeyStillRejectedOnItsTrialCallStaysDisabled(FakeLlmServer server) {
    server.respondByDefault(FakeResponse.text("hello"));
    try (GatewayClient gateway = gateway(server)) {
      disableKeyA(gateway, server);

      clock.advance(INTERVAL);
      server.enqueue(UNAUTHORIZED);
      List<String> served = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        served.add(gateway.chat(request).route().keyId());
      }
      // The trial went to a, was refused, and the call moved on to b; b serves the rest.
      assertThat(served).containsExactly("b", "b");
      assertThat(keysSent(server, 3)).containsExactly("a", "b", "b");
      assertThat(events).containsExactly("disabled a", "reprobed a AUTHENTICATION");
      assertThat(key(gateway, "a").disabledReason())
          .contains("AUTHENTICATION")
          .contains("trial call from " + clock.instant().plus(INTERVAL));
      assertThat(server.requestCount()).isEqualTo(8);
    }
  }
}
