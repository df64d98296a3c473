package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.ProviderSettings;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which profiles need a key: the client fails {@code build()} for those configured without one. */
class OpenAiRequiresKeyTest {
  private final OpenAiProviderFactory factory = new OpenAiProviderFactory();

  private static ProviderSettings settings(@Nullable String profile) {
    return ProviderSettings.builder("p", "openai").profile(profile).build();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "openai",
        "azure-openai",
        "gemini",
        "vertex",
        "groq",
        "mistral",
        "openrouter",
        "together"
      })
  void hostedProfilesRequireAKey(String profile) {
    assertThat(factory.requiresKey(settings(profile))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ollama", "vllm", "openai-compatible"})
  void localAndCompatibleProfilesStayKeyless(String profile) {
    assertThat(factory.requiresKey(settings(profile))).isFalse();
  }

  @Test
  void everyKnownProfileIsCoveredAndTheDefaultIsOpenAi() {
    assertThat(OpenAiProfile.names())
        .containsExactlyInAnyOrder(
            "openai",
            "azure-openai",
            "gemini",
            "vertex",
            "groq",
            "mistral",
            "openrouter",
            "together",
            "ollama",
            "vllm",
            "openai-compatible");
    assertThat(factory.requiresKey(settings(null))).isTrue();
  }

  @Test
  void anUnknownProfileIsAConfigurationErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> factory.requiresKey(settings("nope")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("unknown profile 'nope'")
        .hasMessageContaining("ollama");
  }
}
