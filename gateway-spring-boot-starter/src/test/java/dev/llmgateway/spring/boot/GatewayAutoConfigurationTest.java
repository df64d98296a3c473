package dev.llmgateway.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.micrometer.MicrometerGatewayListener;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class GatewayAutoConfigurationTest {
  private final FakeLlmServer server = FakeLlmServer.start();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  GatewayMetricsAutoConfiguration.class,
                  GatewayAutoConfiguration.class,
                  GatewayHealthAutoConfiguration.class,
                  GatewayEndpointAutoConfiguration.class))
          .withBean(SecretResolver.class, TestSecrets::new);

  @AfterEach
  void stop() {
    server.close();
  }

  /** Two providers on the fake server and an alias that falls back from the first to the second. */
  private String[] twoProviders(String... more) {
    List<String> props =
        new java.util.ArrayList<>(
            List.of(
                "llm.gateway.providers.main.type=openai",
                "llm.gateway.providers.main.base-url=" + server.baseUrl(),
                "llm.gateway.providers.main.api-key=${test:main}",
                "llm.gateway.providers.backup.type=openai",
                "llm.gateway.providers.backup.base-url=" + server.baseUrl(),
                "llm.gateway.providers.backup.api-key=${test:backup}",
                "llm.gateway.aliases.smart.strategy=ordered",
                "llm.gateway.aliases.smart.targets[0].provider=main",
                "llm.gateway.aliases.smart.targets[0].model=gpt-a",
                "llm.gateway.aliases.smart.targets[1].provider=backup",
                "llm.gateway.aliases.smart.targets[1].model=gpt-b",
                "llm.gateway.retry-backoff.initial=0s",
                "llm.gateway.retry-backoff.max=0s",
                "llm.gateway.retries-per-target=0",
                "management.endpoints.web.exposure.include=health,llmgateway"));
    props.addAll(List.of(more));
    return props.toArray(String[]::new);
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).user("hello").build();
  }

  @Test
  void propertiesGiveAWorkingClientThatFallsBack() {
    server.enqueue("gpt-a", FakeResponse.error(503, "overloaded_error", null, "busy"));
    server.respondByDefault("gpt-b", FakeResponse.text("from backup"));
    runner
        .withPropertyValues(twoProviders())
        .run(
            context -> {
              assertThat(context).hasSingleBean(GatewayClient.class);
              ChatResponse answer = context.getBean(GatewayClient.class).chat(ask("smart"));
              assertThat(answer.text()).isEqualTo("from backup");
              assertThat(answer.route().target().toString()).isEqualTo("backup/gpt-b");
              assertThat(server.takeRequest().header("Authorization")).isEqualTo("Bearer k-main");
              assertThat(server.takeRequest().header("Authorization")).isEqualTo("Bearer k-backup");
            });
  }

  @Test
  void relaxedNamesAndTextValuesBindAsTheFileFormat() {
    runner
        .withPropertyValues(
            twoProviders(
                "llm.gateway.MAX_ATTEMPTS=7",
                "llm.gateway.defaulttimeout=12s",
                "llm.gateway.aliases.smart.targets[0].weight=3",
                "llm.gateway.wait-for-capacity=false"))
        .run(
            context -> {
              var tree =
                  new SpringEnvironmentConfigSource(context.getEnvironment())
                      .configTree(java.util.Set.of("test", "env", "file"));
              assertThat(tree.get("maxAttempts").isIntegralNumber()).isTrue();
              assertThat(tree.get("maxAttempts").asInt()).isEqualTo(7);
              assertThat(tree.get("defaultTimeout").asText()).isEqualTo("12s");
              assertThat(tree.get("waitForCapacity").isBoolean()).isTrue();
              assertThat(tree.at("/aliases/smart/targets/0/weight").asInt()).isEqualTo(3);
              assertThat(tree.at("/providers/main/baseUrl").asText()).isEqualTo(server.baseUrl());
              assertThat(tree.at("/providers/main/apiKey").asText()).isEqualTo("${test:main}");
              assertThat(context).hasSingleBean(GatewayClient.class);
            });
  }

  @Test
  void environmentVariablesConfigureAndOverrideTheYamlKeys() {
    server.respondByDefault("gpt-env", FakeResponse.text("from env"));
    Map<String, Object> env =
        Map.of(
            "LLM_GATEWAY_PROVIDERS_ENVPROV_TYPE", "openai",
            "LLM_GATEWAY_PROVIDERS_ENVPROV_BASEURL", server.baseUrl(),
            "LLM_GATEWAY_PROVIDERS_ENVPROV_APIKEY", "${test:env}",
            "LLM_GATEWAY_ALIASES_SMART_TARGETS_0_PROVIDER", "envprov",
            "LLM_GATEWAY_ALIASES_SMART_TARGETS_0_MODEL", "gpt-env",
            "LLM_GATEWAY_MAXATTEMPTS", "2");
    runner
        .withPropertyValues(twoProviders())
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new org.springframework.core.env.SystemEnvironmentPropertySource(
                            "test-systemEnvironment", env)))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              var tree =
                  new SpringEnvironmentConfigSource(context.getEnvironment())
                      .configTree(java.util.Set.of("test", "env", "file"));
              assertThat(tree.get("maxAttempts").asInt()).isEqualTo(2);
              assertThat(tree.at("/providers/envprov/baseUrl").asText())
                  .isEqualTo(server.baseUrl());
              // the list comes whole from the environment, as Spring binds lists: the
              // application's second target is gone
              assertThat(tree.at("/aliases/smart/targets").size()).isEqualTo(1);
              assertThat(tree.at("/aliases/smart/strategy").asText()).isEqualTo("ordered");
              ChatResponse answer = context.getBean(GatewayClient.class).chat(ask("smart"));
              assertThat(answer.text()).isEqualTo("from env");
              assertThat(answer.route().target().toString()).isEqualTo("envprov/gpt-env");
              assertThat(server.takeRequest().header("Authorization")).isEqualTo("Bearer k-env");
            });
  }

  @Test
  void customizersAndListenerBeansReachTheBuilder() {
    java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    dev.llmgateway.GatewayEventListener listener =
        new dev.llmgateway.GatewayEventListener() {
          @Override
          public void callStart(dev.llmgateway.CallInfo call) {
            calls.add("listener");
          }
        };
    runner
        .withPropertyValues(twoProviders())
        .withBean(dev.llmgateway.GatewayEventListener.class, () -> listener)
        .withBean(
            GatewayClientCustomizer.class,
            () ->
                builder ->
                    builder.interceptor(
                        chain -> {
                          calls.add("interceptor");
                          return chain.proceed(chain.request());
                        }))
        .run(
            context -> {
              context.getBean(GatewayClient.class).chat(ask("smart"));
              assertThat(calls).containsExactly("listener", "interceptor");
            });
  }

  @Test
  void anInvalidConfigurationFailsStartupNamingThePath() {
    runner
        .withPropertyValues(twoProviders("llm.gateway.max-attempts=0", "llm.gateway.retrys=2"))
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable cause = rootCause(context.getStartupFailure());
              assertThat(cause).isInstanceOf(ConfigException.class);
              assertThat(((ConfigException) cause).problems())
                  .extracting(p -> p.path())
                  .contains("maxAttempts", "retrys");
            });
  }

  @Test
  void aKeyWrittenAsASpringPlaceholderIsRefusedWithoutBeingShown() {
    String key = "sk-" + "proj-" + "x".repeat(40);
    runner
        .withPropertyValues(
            "my.secret.key=" + key,
            "llm.gateway.providers.main.type=openai",
            "llm.gateway.providers.main.api-key=${my.secret.key}")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable cause = rootCause(context.getStartupFailure());
              assertThat(cause).isInstanceOf(ConfigException.class);
              assertThat(((ConfigException) cause).problems())
                  .extracting(p -> p.path())
                  .contains("providers.main.apiKey");
              assertThat(stackTraceOf(context.getStartupFailure())).doesNotContain(key);
            });
  }

  @Test
  void noPropertiesNoClient() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(GatewayClient.class);
          assertThat(context).doesNotHaveBean(GatewayHealthIndicator.class);
        });
  }

  @Test
  void disabledGivesNoClient() {
    runner
        .withPropertyValues(twoProviders("llm.gateway.enabled=false"))
        .run(context -> assertThat(context).doesNotHaveBean(GatewayClient.class));
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnClient() {
    GatewayClient own =
        GatewayClient.builder()
            .provider(
                "mine",
                p ->
                    p.type("openai")
                        .baseUrl(server.baseUrl())
                        .apiKey(dev.llmgateway.spi.Secret.of("k-own")))
            .build();
    runner
        .withPropertyValues(twoProviders())
        .withBean("myGateway", GatewayClient.class, () -> own)
        .run(
            context -> {
              assertThat(context).hasSingleBean(GatewayClient.class);
              assertThat(context.getBean(GatewayClient.class)).isSameAs(own);
              // the health indicator and endpoint serve the application's client
              assertThat(context).hasSingleBean(GatewayHealthIndicator.class);
            });
    own.close();
  }

  @Test
  void healthTurnsDownWhenEveryTargetsCircuitIsOpen() {
    server.respondByDefault(FakeResponse.error(500, "server_error", null, "down"));
    runner
        .withPropertyValues(
            twoProviders(
                "llm.gateway.circuit-breaker.consecutive-failures.failures=1",
                "llm.gateway.circuit-breaker.consecutive-failures.open-for=10m"))
        .run(
            context -> {
              GatewayHealthIndicator indicator = context.getBean(GatewayHealthIndicator.class);
              assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
              GatewayClient gateway = context.getBean(GatewayClient.class);
              assertThatThrownBy(() -> gateway.chat(ask("smart")))
                  .isInstanceOf(dev.llmgateway.error.AllTargetsFailedException.class);
              var health = indicator.health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails())
                  .containsEntry("targets", 2)
                  .containsEntry("callableTargets", 0)
                  .containsKeys("main/gpt-a", "backup/gpt-b");
              assertThat(health.getDetails().toString()).contains("OPEN").doesNotContain("k-main");
            });
  }

  @Test
  void healthIsUpWhileOneTargetIsCallable() {
    server.enqueue("gpt-a", FakeResponse.error(500, "server_error", null, "down"));
    server.respondByDefault("gpt-b", FakeResponse.text("ok"));
    runner
        .withPropertyValues(
            twoProviders(
                "llm.gateway.circuit-breaker.consecutive-failures.failures=1",
                "llm.gateway.circuit-breaker.consecutive-failures.open-for=10m"))
        .run(
            context -> {
              context.getBean(GatewayClient.class).chat(ask("smart"));
              var health = context.getBean(GatewayHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails()).containsEntry("callableTargets", 1);
            });
  }

  @Test
  void aMeterRegistryGetsTheGenAiMetrics() {
    server.enqueue("gpt-a", FakeResponse.error(503, "overloaded_error", null, "busy"));
    server.respondByDefault("gpt-b", FakeResponse.text("ok").withUsage(10, 5, 0, 0));
    runner
        .withPropertyValues(twoProviders())
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MicrometerGatewayListener.class);
              context.getBean(GatewayClient.class).chat(ask("smart"));
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(meters.get("gen_ai.client.operation.duration").timers()).isNotEmpty();
              assertThat(meters.get("llm.gateway.fallbacks").counter().count()).isEqualTo(1);
              assertThat(
                      meters
                          .get("gen_ai.client.token.usage")
                          .tag("gen_ai.token.type", "input")
                          .summary()
                          .totalAmount())
                  .isEqualTo(10);
            });
  }

  @Test
  void withoutAMeterRegistryNoListener() {
    runner
        .withPropertyValues(twoProviders())
        .run(context -> assertThat(context).doesNotHaveBean(MicrometerGatewayListener.class));
  }

  @Test
  void theEndpointExplainsRoutesAndShowsBudgets() {
    runner
        .withPropertyValues(
            twoProviders(
                "llm.gateway.budgets[0].scope=tenant=acme",
                "llm.gateway.budgets[0].window=daily",
                "llm.gateway.budgets[0].limit=5.00",
                "llm.gateway.prices[0].provider=main",
                "llm.gateway.prices[0].model=gpt-a",
                "llm.gateway.prices[0].input=1",
                "llm.gateway.prices[0].output=1",
                "llm.gateway.prices[1].provider=backup",
                "llm.gateway.prices[1].model=gpt-b",
                "llm.gateway.prices[1].input=1",
                "llm.gateway.prices[1].output=1"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              GatewayEndpoint endpoint = context.getBean(GatewayEndpoint.class);
              Map<String, Object> plan = endpoint.explain("smart", "acme", null, null, null);
              assertThat(plan)
                  .containsEntry("alias", "smart")
                  .containsEntry("strategy", "RoutingStrategy.ordered()");
              assertThat(plan.get("steps").toString())
                  .contains("main/gpt-a")
                  .contains("backup/gpt-b");
              assertThat(endpoint.explain("backup/gpt-b", null, "support", null, true))
                  .containsEntry("resolvedModel", "backup/gpt-b")
                  .containsEntry("alias", null);
              Map<String, Object> status = endpoint.status();
              assertThat(status.get("budgets").toString())
                  .contains("tenant=acme")
                  .contains("limitUsd=5");
              assertThat(status.get("targets").toString()).contains("main/gpt-a");
            });
  }

  @Test
  void theEndpointReloadsChangedProperties() {
    runner
        .withPropertyValues(twoProviders())
        .run(
            context -> {
              GatewayClient gateway = context.getBean(GatewayClient.class);
              assertThatThrownBy(() -> gateway.explain(ask("cheap")))
                  .isInstanceOf(dev.llmgateway.error.NoRouteException.class);
              org.springframework.boot.test.util.TestPropertyValues.of(
                      "llm.gateway.aliases.cheap.targets[0].provider=backup",
                      "llm.gateway.aliases.cheap.targets[0].model=gpt-b")
                  .applyTo(
                      context.getEnvironment(),
                      org.springframework.boot.test.util.TestPropertyValues.Type.MAP,
                      "added");
              Map<String, Object> reloaded = context.getBean(GatewayEndpoint.class).reload();
              assertThat(reloaded).containsEntry("version", 2L);
              assertThat(gateway.explain(ask("cheap")).targets().get(0).toString())
                  .isEqualTo("backup/gpt-b");
            });
  }

  @Test
  void aConfigFileIsWatchedAndReloaded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    String first =
        """
        providers:
          main: {type: openai, baseUrl: "%s", apiKey: "${test:main}"}
        aliases:
          fast:
            targets: [{provider: main, model: gpt-a}]
        """
            .formatted(server.baseUrl());
    Files.writeString(file, first, StandardCharsets.UTF_8);
    runner
        .withPropertyValues("llm.gateway.config-file=" + file)
        .run(
            context -> {
              GatewayClient gateway = context.getBean(GatewayClient.class);
              assertThat(gateway.explain(ask("fast")).targets().get(0).toString())
                  .isEqualTo("main/gpt-a");
              Files.writeString(
                  file, first.replace("model: gpt-a", "model: gpt-z"), StandardCharsets.UTF_8);
              await()
                  .atMost(Duration.ofSeconds(20))
                  .untilAsserted(
                      () ->
                          assertThat(gateway.explain(ask("fast")).targets().get(0).toString())
                              .isEqualTo("main/gpt-z"));
            });
  }

  @Test
  void theEndpointsParameterNamesAreInTheClassFile() throws Exception {
    // Actuator maps explain's query parameters by name: the starter is compiled with -parameters
    var explain =
        GatewayEndpoint.class.getMethod(
            "explain", String.class, String.class, String.class, String.class, Boolean.class);
    assertThat(explain.getParameters())
        .extracting(java.lang.reflect.Parameter::getName)
        .containsExactly("model", "tenant", "team", "feature", "stream");
  }

  @Test
  void theClientIsClosedWithTheContext() {
    GatewayClient[] seen = new GatewayClient[1];
    runner
        .withPropertyValues(twoProviders())
        .run(context -> seen[0] = context.getBean(GatewayClient.class));
    assertThatThrownBy(() -> seen[0].explain(ask("smart")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  static String stackTraceOf(Throwable t) {
    var out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
