package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A provider whose factory requires a key fails {@code build()} without one; others stay keyless.
 */
class RequiredKeyTest {

  /** Type {@code keyed}: requires a key unless the profile is {@code local}; records creations. */
  static final class KeyedFactory implements ProviderFactory {
    final List<String> created = new CopyOnWriteArrayList<>();

    @Override
    public String type() {
      return "keyed";
    }

    @Override
    public Provider create(ProviderSettings settings) {
      created.add(settings.name());
      return new ScriptedProvider(settings.name());
    }

    @Override
    public boolean requiresKey(ProviderSettings settings) {
      return !"local".equals(settings.profile());
    }
  }

  @Test
  void providerThatNeedsAKeyAndHasNoneFailsAtBuildNamingIt() {
    KeyedFactory factory = new KeyedFactory();
    assertThatThrownBy(
            () ->
                GatewayClient.builder()
                    .providerFactory(factory)
                    .provider("fine", p -> p.type("keyed").apiKey(Secret.of("k-1")))
                    .provider("cloud", p -> p.type("keyed").profile("eu"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Provider 'cloud' of type 'keyed' with profile 'eu' needs a key and has none: give it"
                + " one with apiKey(Secret.env(\"...\")) or key(id, secret)");
    // Checked before any provider is created, so nothing needs closing.
    assertThat(factory.created).isEmpty();
  }

  @Test
  void keylessProfilesAndFactoriesThatNeedNoKeyBuildAndAnswer() {
    KeyedFactory factory = new KeyedFactory();
    try (GatewayClient gateway =
        GatewayClient.builder()
            .providerFactory(factory)
            .provider("local", p -> p.type("keyed").profile("local"))
            .provider("echo", p -> p.type("echo")) // found by ServiceLoader; default: no key
            .build()) {
      assertThat(gateway.chat(ChatRequest.builder().model("local/m").user("hi").build()).text())
          .isEqualTo("ok from local/m");
      assertThat(gateway.chat(ChatRequest.builder().model("echo/m").user("hi").build()).text())
          .isEqualTo("hi");
    }
    assertThat(factory.created).containsExactly("local");
  }

  @Test
  void aFactoryThatCannotSayIsAConfigurationErrorNamingTheProvider() {
    ProviderFactory broken =
        new ProviderFactory() {
          @Override
          public String type() {
            return "broken";
          }

          @Override
          public Provider create(ProviderSettings settings) {
            return new ScriptedProvider(settings.name());
          }

          @Override
          public boolean requiresKey(ProviderSettings settings) {
            throw new IllegalStateException("no idea");
          }
        };
    assertThatThrownBy(
            () ->
                GatewayClient.builder()
                    .providerFactory(broken)
                    .provider("b", p -> p.type("broken"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Provider 'b'")
        .hasMessageContaining("requiresKey failed: java.lang.IllegalStateException: no idea");
  }
}
