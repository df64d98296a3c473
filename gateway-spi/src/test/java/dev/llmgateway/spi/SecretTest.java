package dev.llmgateway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTest {
  private static final String KEY = "test-key-123";

  @Test
  void neverPrintsTheValue() {
    Secret secret = Secret.of(KEY);
    ProviderKey key = new ProviderKey("primary", secret, 3);
    ProviderSettings settings =
        ProviderSettings.builder("openai", "openai").key(key).header("x-team", "a").build();
    ProviderCall call = ProviderCall.of(key, Duration.ofSeconds(1));

    assertThat(secret.reveal()).isEqualTo(KEY);
    assertThat(secret.toString()).isEqualTo("Secret[value]").doesNotContain(KEY);
    assertThat(key.toString()).doesNotContain(KEY).contains("primary");
    assertThat(settings.toString()).doesNotContain(KEY);
    assertThat(call.toString()).doesNotContain(KEY);
  }

  @Test
  void readsEnvironmentLazilyAndNamesAMissingVariable() {
    Map<String, String> env = new java.util.HashMap<>();
    Secret secret = Secret.env("MY_KEY", env::get);
    assertThat(secret.toString()).isEqualTo("Secret[env:MY_KEY]");
    assertThatThrownBy(secret::reveal)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Environment variable 'MY_KEY' is not set");
    env.put("MY_KEY", KEY);
    assertThat(secret.reveal()).isEqualTo(KEY);
  }

  @Test
  void settingsRejectBadValuesNamingTheProvider() {
    assertThatThrownBy(() -> ProviderSettings.builder("main", "openai").baseUrl("ftp://x").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'main'")
        .hasMessageContaining("ftp://x");
    assertThatThrownBy(
            () ->
                ProviderSettings.builder("main", "openai")
                    .key(ProviderKey.of("a", Secret.of(KEY)))
                    .key(ProviderKey.of("a", Secret.of(KEY)))
                    .build())
        .hasMessageContaining("two keys with id 'a'")
        .hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> new ProviderKey("k", Secret.of(KEY), 0))
        .hasMessageContaining("weight must be at least 1, was 0");
  }
}
