package dev.llmgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.config.SharedStores;
import dev.llmgateway.config.StoreSettings;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration file's {@code stores} section reaches this module through the {@code
 * StoreFactory} service: budgets, quotas and the cache of a client built from the file live in
 * Redis, whose password is a secret reference.
 */
class ConfigFileTest {
  private static RedisServer redis;
  private static final String PASSWORD = "pw-" + "redis-" + "z".repeat(12);

  @BeforeAll
  static void startServer() {
    redis = RedisServer.start();
    assertThat(redis.command("CONFIG SET requirepass " + PASSWORD)).isEqualTo("+OK");
  }

  @AfterAll
  static void stopServer() {
    if (redis != null) {
      redis.close();
    }
  }

  private static String yaml(String uri, String llm, Path secret) {
    return """
        providers:
          openai:
            type: openai
            baseUrl: %s
            apiKey: ${file:%s}
        aliases:
          faq:
            targets:
              - provider: openai
                model: gpt-x
            cacheTtl: 5m
        cache: {}
        quotas:
          - scope: tenant=acme
            requestsPerMinute: 100
        budgets:
          - scope: tenant=acme
            window: lifetime
            limit: "5"
        prices:
          - provider: openai
            model: gpt-x
            input: "1"
            output: "1"
        stores:
          uri: %s
          password: ${file:%s}
          commandTimeout: 2s
          failurePolicy: failClosed
        """
        .formatted(llm, secret, uri, secret);
  }

  @Test
  void aFileWithAStoresSectionKeepsBudgetsQuotasAndTheCacheInRedis(@TempDir Path dir)
      throws Exception {
    Path secret = Files.writeString(dir.resolve("redis-password"), PASSWORD);
    try (FakeLlmServer llm = FakeLlmServer.start()) {
      llm.respondByDefault(FakeResponse.text("from the file").withUsage(5, 5, 0, 0));
      Path file =
          Files.writeString(dir.resolve("gateway.yaml"), yaml(redis.uri(), llm.baseUrl(), secret));
      try (GatewayClient gateway = GatewayClient.builder().config(file).build()) {
        gateway.chat(
            ChatRequest.builder()
                .model("faq")
                .user("hello")
                .maxTokens(20)
                .context(RequestContext.tenant("acme"))
                .build());
      }
      assertThat(keys("llmgw:{budgets}:tenant=acme*")).isPositive();
      assertThat(keys("llmgw:quota:*")).isPositive();
      assertThat(keys("llmgw:cache:*")).isEqualTo(1);
    }
  }

  /** How many keys match, read over an authenticated connection. */
  private static int keys(String pattern) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", redis.port())) {
      s.setSoTimeout(5_000);
      s.getOutputStream()
          .write(
              ("AUTH " + PASSWORD + "\r\nKEYS " + pattern + "\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      java.io.BufferedReader r =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  s.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(r.readLine()).isEqualTo("+OK");
      String header = r.readLine();
      return Integer.parseInt(header.substring(1));
    }
  }

  private static StoreSettings settings(String password) {
    return new StoreSettings(
        redis.uri(),
        Secret.of(password),
        StoreSettings.DEFAULT_COMMAND_TIMEOUT,
        StoreSettings.FailurePolicy.FAIL_LOCAL,
        StoreSettings.DEFAULT_LEASE_DURATION,
        "reload:",
        EnumSet.allOf(StoreSettings.Shared.class),
        false,
        ZoneOffset.UTC);
  }

  @Test
  void equalSettingsGetTheSameStoresSoAReloadOpensNoConnection() {
    RedisStoreFactory factory = new RedisStoreFactory();
    assertThat(factory.supports("rediss")).isTrue();
    assertThat(factory.supports("memcached")).isFalse();
    SharedStores first = factory.create(settings(PASSWORD));
    assertThat(factory.create(settings(PASSWORD))).isSameAs(first);
    assertThat(first.budgetLedger(ZoneOffset.UTC)).isPresent();
    assertThatThrownBy(() -> factory.create(settings("wrong-" + PASSWORD)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void aPasswordInTheUriIsRefusedNamingTheKey(@TempDir Path dir) {
    String text =
        """
        stores:
          uri: redis://user:hunter2@127.0.0.1:6379/0
        """;
    assertThatThrownBy(() -> GatewayConfig.parse(text, "inline", SecretResolver.defaults()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stores.uri")
        .hasMessageContaining("secret reference")
        .hasMessageNotContaining("hunter2");
  }
}
