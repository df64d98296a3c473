package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.ConfigProblem;
import dev.llmgateway.config.ConfigSource;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.error.TenantPolicyException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tenants:} key of configuration files: applied, validated with paths, reloaded. */
class TenantConfigTest {

  @TempDir Path dir;

  private final ScriptedProvider p = new ScriptedProvider("p");
  private final CollectingSink sink = new CollectingSink();

  private static String yaml(String allowed) {
    return "providers:\n"
        + "  p: {type: scripted, apiKey: '${test:p}'}\n"
        + "aliases:\n"
        + "  fast: {targets: [{provider: p, model: m}]}\n"
        + "  smart: {targets: [{provider: p, model: big}]}\n"
        + "tenants:\n"
        + "  acme:\n"
        + "    allowAliases: ["
        + allowed
        + "]\n"
        + "    allowModels: ['p/tiny-*']\n"
        + "    defaultTeam: support\n"
        + "    defaultFeature: faq\n"
        + "    defaultTags: {plan: pro}\n";
  }

  private GatewayClient.Builder code() {
    return GatewayClient.builder()
        .providerFactory(new ScriptedFactory(p))
        .secretResolver(TestSupport.TEST_KEYS)
        .retryBackoff(Duration.ZERO, Duration.ZERO)
        .seed(42)
        .usage(u -> u.sink(sink));
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder()
        .model(model)
        .user("hello")
        .context(RequestContext.tenant("acme"))
        .build();
  }

  @Test
  void aTenantFromTheFileIsRestrictedAndAttributed() {
    GatewayConfig config = GatewayConfig.parse(yaml("fast"), "tenants.yaml", TestSupport.TEST_KEYS);
    GatewayClient gateway = config.applyTo(code()).build();
    try (gateway) {
      gateway.chat(ask("fast"));
      gateway.chat(ask("p/tiny-1"));
      assertThatThrownBy(() -> gateway.chat(ask("smart")))
          .isInstanceOfSatisfying(
              TenantPolicyException.class,
              e -> {
                assertThat(e.tenant()).isEqualTo("acme");
                assertThat(e.requested()).isEqualTo("smart");
              });
    }
    assertThat(p.calls).extracting(c -> c.model()).containsExactly("m", "tiny-1");
    UsageRecord first = sink.records.get(0);
    assertThat(first.context())
        .isEqualTo(new RequestContext("acme", "support", "faq", null, Map.of("plan", "pro")));
    assertThat(sink.records.get(2).outcome()).isEqualTo(UsageOutcome.REFUSED);
  }

  @Test
  void anUnknownAllowedAliasIsReportedWithItsPath() {
    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class,
            () -> GatewayConfig.parse(yaml("fast, fsat"), "tenants.yaml", TestSupport.TEST_KEYS));
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("tenants.acme.allowAliases[1]");
    assertThat(e.problems().get(0).message()).contains("'fsat'", "did you mean 'fast'");
  }

  @Test
  void aReloadAppliesAChangedAllowlist() throws Exception {
    Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml("fast"));
    try (GatewayClient gateway = code().configSource(ConfigSource.file(file)).build()) {
      assertThatThrownBy(() -> gateway.chat(ask("smart")))
          .isInstanceOf(TenantPolicyException.class);

      Path tmp = Files.writeString(dir.resolve("gateway.yaml.tmp"), yaml("fast, smart"));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      gateway.reload();

      assertThat(gateway.chat(ask("smart")).text()).isNotEmpty();
    }
    assertThat(p.calls).extracting(c -> c.model()).containsExactly("big");
  }

  @Test
  void aNarrowedAllowlistIsNotBypassedByAnAnswerCachedBefore() throws Exception {
    String cache = "cache: {cacheAllAliases: true}\n";
    Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml("fast, smart") + cache);
    try (GatewayClient gateway = code().configSource(ConfigSource.file(file)).build()) {
      assertThat(gateway.chat(ask("smart")).route().cacheHit()).isFalse();
      assertThat(gateway.chat(ask("smart")).route().cacheHit()).isTrue();

      Path tmp = Files.writeString(dir.resolve("gateway.yaml.tmp"), yaml("fast") + cache);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      gateway.reload();

      assertThatThrownBy(() -> gateway.chat(ask("smart")))
          .isInstanceOf(TenantPolicyException.class);
    }
    assertThat(p.calls).extracting(c -> c.model()).containsExactly("big");
  }
}
