package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import org.junit.jupiter.api.Test;

/** {@code serverAddress()}: the host requests go to, for {@code server.address} in traces. */
class OpenAiServerAddressTest {
  private static final ProviderKey KEY = ProviderKey.of("k", Secret.of("not-a-real-key"));

  private static Provider provider(ProviderSettings.Builder settings) {
    return new OpenAiProviderFactory().create(settings.key(KEY).build());
  }

  @Test
  void isTheProfilesDefaultHostOrTheConfiguredOne() {
    try (Provider openai = provider(ProviderSettings.builder("openai", "openai"));
        Provider groq = provider(ProviderSettings.builder("groq", "openai").profile("groq"));
        Provider local =
            provider(
                ProviderSettings.builder("local", "openai").baseUrl("http://127.0.0.1:8000/v1"))) {
      assertThat(openai.serverAddress()).contains("api.openai.com");
      assertThat(groq.serverAddress()).contains("api.groq.com");
      assertThat(local.serverAddress()).contains("127.0.0.1");
    }
  }
}
