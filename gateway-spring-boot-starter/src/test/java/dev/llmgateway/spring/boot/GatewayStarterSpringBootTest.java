package dev.llmgateway.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Acceptance 1: a Boot application with only the starter (and Actuator) and {@code llm.gateway.*}
 * in its {@code application.yml} gets a working client, GenAI metrics in its meter registry, and a
 * health component that turns DOWN when every target's circuit is open; against the fake server.
 */
@SpringBootTest(classes = GatewayStarterSpringBootTest.App.class)
@ActiveProfiles("gateway")
class GatewayStarterSpringBootTest {
  static final FakeLlmServer SERVER = FakeLlmServer.start();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    SecretResolver testSecrets() {
      return new TestSecrets();
    }
  }

  @DynamicPropertySource
  static void fakeServer(DynamicPropertyRegistry registry) {
    registry.add("fake.base-url", SERVER::baseUrl);
  }

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  @Autowired GatewayClient gateway;
  @Autowired MeterRegistry meters;
  @Autowired HealthEndpoint health;
  @Autowired GatewayEndpoint endpoint;

  private static ChatRequest ask() {
    return ChatRequest.builder().model("chat").user("hello").build();
  }

  @Test
  void answersThroughTheAliasRecordsMetricsAndReportsHealth() {
    SERVER.enqueue("gpt-primary", FakeResponse.error(500, "server_error", null, "broken"));
    SERVER.respondByDefault("gpt-secondary", FakeResponse.text("hi there").withUsage(8, 3, 0, 0));

    ChatResponse answer = gateway.chat(ask());
    assertThat(answer.text()).isEqualTo("hi there");
    assertThat(answer.route().target().toString()).isEqualTo("secondary/gpt-secondary");
    assertThat(meters.get("llm.gateway.fallbacks").counter().count()).isEqualTo(1);
    assertThat(
            meters
                .get("gen_ai.client.token.usage")
                .tag("gen_ai.token.type", "output")
                .summary()
                .totalAmount())
        .isEqualTo(3);
    assertThat(meters.get("gen_ai.client.operation.duration").timers()).isNotEmpty();
    // primary's circuit opened after one failure; secondary still answers
    assertThat(health.healthForPath("llmGateway").getStatus()).isEqualTo(Status.UP);
    assertThat(endpoint.status().get("targets").toString()).contains("OPEN");

    SERVER.respondByDefault("gpt-secondary", FakeResponse.error(500, "server_error", null, "x"));
    assertThatThrownBy(() -> gateway.chat(ask())).isInstanceOf(AllTargetsFailedException.class);
    assertThat(health.healthForPath("llmGateway").getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
  }
}
