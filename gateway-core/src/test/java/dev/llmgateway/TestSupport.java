package dev.llmgateway;

import dev.llmgateway.config.ConfigSource;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.Secret;
import java.time.Duration;
import java.util.Set;

/** Shared helpers: requests and a builder wired to scripted providers. */
final class TestSupport {
  static final String FAKE_KEY = "test-key-123";

  /** Resolves every {@code ${test:...}} reference of a configuration file to {@link #FAKE_KEY}. */
  static final SecretResolver TEST_KEYS =
      new SecretResolver() {
        @Override
        public Set<String> schemes() {
          return Set.of("test");
        }

        @Override
        public Secret resolve(String scheme, String name) {
          return Secret.of(FAKE_KEY);
        }
      };

  private TestSupport() {}

  /**
   * A configuration source that parses the text as it is when the client loads or reloads it.
   *
   * @param name the source's name
   * @param text the configuration file's text, changed by the test between loads
   */
  static ConfigSource textSource(String name, CharSequence text) {
    return new ConfigSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public GatewayConfig load(SecretResolver resolver) {
        return GatewayConfig.parse(text.toString(), name, resolver);
      }
    };
  }

  static ChatRequest request(String model) {
    return ChatRequest.builder().model(model).user("hello").build();
  }

  /** A builder with the providers (one fake key each), seeded, without backoff pauses. */
  static GatewayClient.Builder builder(ScriptedProvider... providers) {
    GatewayClient.Builder b =
        GatewayClient.builder()
            .providerFactory(new ScriptedFactory(providers))
            .retryBackoff(Duration.ZERO, Duration.ZERO)
            .seed(42);
    for (ScriptedProvider p : providers) {
      b.provider(p.name, s -> s.type("scripted").apiKey(Secret.of(FAKE_KEY)));
    }
    return b;
  }
}
