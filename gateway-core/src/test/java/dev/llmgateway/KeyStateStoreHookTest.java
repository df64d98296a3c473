package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.routing.KeyStateStore;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The key state store is pluggable: cooldowns and disabled keys another instance wrote into a
 * shared store steer this client's key order; a derived client shares its origin's store; a file's
 * {@code stores} section without a factory for its scheme names the missing module.
 */
class KeyStateStoreHookTest {
  private final ScriptedProvider a = new ScriptedProvider("a");
  private final FakeClock clock = new FakeClock();

  private GatewayClient client(KeyStateStore store) {
    return GatewayClient.builder()
        .providerFactory(new ScriptedFactory(a))
        .clock(clock)
        .keyStateStore(store)
        .provider(
            "a",
            s ->
                s.type("scripted")
                    .key("A", Secret.of("k-" + "a".repeat(8)), 1000)
                    .key("B", Secret.of("k-" + "b".repeat(8)), 1))
        .seed(3)
        .build();
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().model("a/m1").user("hello").build();
  }

  @Test
  void aCooldownWrittenIntoTheGivenStoreKeepsCallsOffThatKeyUntilItEnds() {
    KeyStateStore shared = KeyStateStore.inMemory();
    try (GatewayClient gateway = client(shared)) {
      assertThat(gateway.chat(ask()).route().keyId()).isEqualTo("A");
      shared.coolDown("a", "A", nanos(clock.instant().plus(Duration.ofSeconds(30))));
      assertThat(gateway.chat(ask()).route().keyId()).isEqualTo("B");
      clock.advance(Duration.ofSeconds(31));
      assertThat(gateway.chat(ask()).route().keyId()).isEqualTo("A");
    }
  }

  @Test
  void aKeyDisabledInTheGivenStoreIsNotUsed() {
    KeyStateStore shared = KeyStateStore.inMemory();
    shared.disable("a", "A", "HTTP 401 from another instance", nanos(clock.instant()));
    try (GatewayClient gateway = client(shared)) {
      assertThat(gateway.chat(ask()).route().keyId()).isEqualTo("B");
    }
  }

  @Test
  void aDerivedClientCannotReplaceTheStoreItShares() {
    try (GatewayClient gateway = client(KeyStateStore.inMemory())) {
      assertThatThrownBy(() -> gateway.newBuilder().keyStateStore(KeyStateStore.inMemory()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("keyStateStore");
    }
    assertThatThrownBy(() -> GatewayClient.builder().keyStateStore(null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("keyStateStore must not be null");
  }

  @Test
  void aStoresSectionWithoutAFactoryForItsSchemeNamesTheModule() {
    GatewayConfig config =
        GatewayConfig.parse(
            "stores:\n  uri: redis://127.0.0.1:6379/0\n", "inline", SecretResolver.defaults());
    assertThatThrownBy(() -> GatewayClient.builder().config(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stores")
        .hasMessageContaining("gateway-redis");
  }
}
