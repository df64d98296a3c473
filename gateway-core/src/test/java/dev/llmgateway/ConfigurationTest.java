package dev.llmgateway;

import static dev.llmgateway.TestSupport.FAKE_KEY;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
  private final ScriptedProvider a = new ScriptedProvider("a");

  @Test
  void rejectsAnAliasTargetNamingAnUnknownProvider() {
    assertThatThrownBy(() -> builder(a).alias("fast", s -> s.target("nope", "m")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Alias 'fast' target 'nope/m' names unknown provider 'nope'; configured providers: [a]");
  }

  @Test
  void rejectsAFallbackThatResolvesToNothing() {
    assertThatThrownBy(
            () -> builder(a).alias("fast", s -> s.target("a", "m").fallback("missing")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Alias 'fast' fallback 'missing' is neither an alias [fast]");
  }

  @Test
  void rejectsAnAliasNamedLikeProviderSlashModel() {
    assertThatThrownBy(() -> builder(a).alias("a/m", s -> s.target("a", "m")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must not contain '/'")
        .hasMessageContaining("'a/m'");
  }

  @Test
  void rejectsWeightsBelowOneAtOnceNamingTheValue() {
    assertThatThrownBy(() -> GatewayClient.builder().alias("fast", s -> s.target("a", "m", 0)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Alias 'fast' target 'a/m' weight must be at least 1, was 0");
    assertThatThrownBy(
            () -> GatewayClient.builder().provider("p", s -> s.key("k", Secret.of(FAKE_KEY), -3)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Provider 'p' key 'k' weight must be at least 1, was -3");
  }

  @Test
  void settersRejectBadValuesAtOnce() {
    GatewayClient.Builder b = GatewayClient.builder();
    assertThatThrownBy(() -> b.maxAttempts(0)).hasMessage("maxAttempts must be at least 1, was 0");
    assertThatThrownBy(() -> b.defaultTimeout(Duration.ofSeconds(-1)))
        .hasMessage("defaultTimeout must be positive, was PT-1S");
    assertThatThrownBy(() -> b.retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("was PT1S < PT2S");
    assertThatThrownBy(() -> b.provider("p", s -> s.baseUrl("ftp://x")))
        .hasMessageContaining("was 'ftp://x'");
    assertThatThrownBy(
            () -> b.provider("p", s -> s.apiKey(Secret.of(FAKE_KEY)).apiKey(Secret.of(FAKE_KEY))))
        .hasMessage("Provider 'p' already has a key with id 'default'");
  }

  @Test
  void rejectsTwoBuilderFactoriesForOneTypeNamingBothClasses() {
    ProviderFactory other =
        new ProviderFactory() {
          @Override
          public String type() {
            return "scripted";
          }

          @Override
          public Provider create(ProviderSettings settings) {
            throw new UnsupportedOperationException();
          }
        };
    assertThatThrownBy(
            () ->
                GatewayClient.builder()
                    .providerFactory(new ScriptedFactory())
                    .providerFactory(other))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "Two provider factories claim type 'scripted': dev.llmgateway.ScriptedFactory and "
                + other.getClass().getName());
  }

  @Test
  void rejectsTwoServiceLoadedFactoriesForOneTypeNamingBothClasses() throws Exception {
    // The twins are listed in a services file of their own, visible only through this loader.
    URL twins = getClass().getClassLoader().getResource("twins/");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {twins}, getClass().getClassLoader())) {
      assertThatThrownBy(
              () ->
                  GatewayClient.builder()
                      .classLoader(loader)
                      .provider("e", s -> s.type("echo"))
                      .build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith(
              "Two provider factories claim type 'twin': dev.llmgateway.TwinAProviderFactory and"
                  + " dev.llmgateway.TwinBProviderFactory");
    }
  }

  @Test
  void rejectsAnUnknownTypeListingTheKnownTypes() {
    assertThatThrownBy(
            () ->
                builder(a)
                    .provider("main", s -> s.type("opneai").apiKey(Secret.of(FAKE_KEY)))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Unknown provider type 'opneai' for provider 'main'; known types: [echo, scripted]");
  }

  @Test
  void rejectsAMissingEnvironmentSecretNamingProviderAndKeyWithoutAValue() {
    Map<String, String> env = Map.of("PRESENT", "sk-live-secret-value");
    assertThatThrownBy(
            () ->
                GatewayClient.builder()
                    .provider(
                        "claude",
                        s ->
                            s.type("echo")
                                .key("primary", Secret.env("PRESENT", env::get), 70)
                                .key("secondary", Secret.env("ANTHROPIC_KEY_2", env::get), 30))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Provider 'claude' key 'secondary'")
        .hasMessageContaining("ANTHROPIC_KEY_2")
        .message()
        .doesNotContain("sk-live-secret-value");
  }

  @Test
  void findsFactoriesThroughServiceLoader() {
    try (GatewayClient gateway =
        GatewayClient.builder().provider("local", s -> s.type("echo")).build()) {
      assertThat(gateway.chat(request("local/any")).text()).isEqualTo("hello");
    }
  }

  @Test
  void typeDefaultsToTheProviderName() {
    try (GatewayClient gateway = GatewayClient.builder().provider("echo", s -> {}).build()) {
      assertThat(gateway.chat(request("echo/any")).route().keyId()).isEqualTo("none");
    }
  }

  @Test
  void rejectsABuilderFactoryClashingWithAServiceLoadedOneNamingBothClasses() {
    ProviderFactory clash =
        new ProviderFactory() {
          @Override
          public String type() {
            return "echo";
          }

          @Override
          public Provider create(ProviderSettings settings) {
            throw new UnsupportedOperationException();
          }
        };
    assertThatThrownBy(
            () -> GatewayClient.builder().providerFactory(clash).provider("echo", s -> {}).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "Two provider factories claim type 'echo': "
                + clash.getClass().getName()
                + " and dev.llmgateway.EchoProviderFactory");
  }

  @Test
  void theSameFactoryClassGivenAndServiceLoadedCountsOnce() {
    try (GatewayClient gateway =
        GatewayClient.builder()
            .providerFactory(new EchoProviderFactory())
            .provider("echo", s -> {})
            .build()) {
      assertThat(gateway.chat(request("echo/m")).text()).isEqualTo("hello");
    }
  }

  @Test
  void handsProvidersTheirSettings() {
    GatewayClient.builder()
        .providerFactory(new ScriptedFactory(a))
        .provider(
            "a",
            s ->
                s.type("scripted")
                    .baseUrl("https://example.test/v1")
                    .key("primary", Secret.of(FAKE_KEY), 70)
                    .header("X-Team", "core")
                    .option("api-version", "2024-10-21")
                    .profile("azure-openai")
                    .connectTimeout(Duration.ofSeconds(3))
                    .readTimeout(Duration.ofSeconds(30)))
        .build()
        .close();
    {
      ProviderSettings settings = a.settings;
      assertThat(settings.type()).isEqualTo("scripted");
      assertThat(settings.baseUrl()).isEqualTo("https://example.test/v1");
      assertThat(settings.keys())
          .singleElement()
          .satisfies(k -> assertThat(k.weight()).isEqualTo(70));
      assertThat(settings.headers()).containsEntry("X-Team", "core");
      assertThat(settings.option("api-version")).isEqualTo("2024-10-21");
      assertThat(settings.profile()).isEqualTo("azure-openai");
      assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void toStringNeverShowsSecretValues() {
    GatewayClient.Builder b =
        builder(a)
            .provider(
                "b",
                s ->
                    s.type("scripted")
                        .key("primary", Secret.of(FAKE_KEY), 70)
                        .key("env", Secret.env("SOME_VAR", v -> FAKE_KEY), 30))
            .alias("fast", s -> s.target("a", "m").fallback("b/m"));
    assertThat(b.toString())
        .doesNotContain(FAKE_KEY)
        .contains("primary(70, value)")
        .contains("env:SOME_VAR");
    ScriptedProvider bp = new ScriptedProvider("b");
    try (GatewayClient gateway =
        builder(a, bp).alias("fast", s -> s.target("a", "m").fallback("b/m")).build()) {
      assertThat(gateway.toString())
          .doesNotContain(FAKE_KEY)
          .contains("fast")
          .contains("default(1, value)");
    }
  }

  @Test
  void closeClosesProvidersAndLaterCallsFail() {
    GatewayClient gateway = builder(a).build();
    gateway.close();
    gateway.close();
    assertThat(a.closed).isTrue();
    assertThatThrownBy(() -> gateway.chat(request("a/m")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("GatewayClient is closed");
    assertThatThrownBy(() -> gateway.chatAsync(request("a/m")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closesProvidersAlreadyCreatedWhenALaterOneFails() {
    ProviderFactory broken =
        new ProviderFactory() {
          @Override
          public String type() {
            return "broken";
          }

          @Override
          public Provider create(ProviderSettings settings) {
            throw new IllegalArgumentException("bad option");
          }
        };
    assertThatThrownBy(
            () -> builder(a).providerFactory(broken).provider("z", s -> s.type("broken")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Provider 'z' could not be created")
        .hasMessageContaining("bad option");
    assertThat(a.closed).isTrue();
  }
}
