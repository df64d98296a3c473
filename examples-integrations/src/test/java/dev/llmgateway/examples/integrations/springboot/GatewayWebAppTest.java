package dev.llmgateway.examples.integrations.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web example over HTTP, against the fake server: the REST endpoint answers through the alias
 * (after a fallback), {@code /actuator/health} shows the gateway UP, the GenAI metrics and the
 * gateway endpoint are served.
 */
@SpringBootTest(
    classes = GatewayWebApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("fake")
class GatewayWebAppTest {
  static final FakeLlmServer SERVER = FakeLlmServer.start();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void fake(DynamicPropertyRegistry registry) {
    registry.add("fake.base-url", SERVER::baseUrl);
  }

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  private JsonNode get(String path, int status) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  @Test
  void answersThroughTheAliasAndShowsHealthAndMetrics() throws Exception {
    SERVER.enqueue("gpt-4o-mini", FakeResponse.error(503, "server_error", null, "overloaded"));
    SERVER.respondByDefault("gpt-4o-mini", FakeResponse.text("from the primary"));
    SERVER.respondByDefault("gpt-4.1-mini", FakeResponse.text("from the fallback"));

    JsonNode answer = get("/ask?question=What+is+a+circuit+breaker%3F", 200);
    assertThat(answer.get("target").asText()).isIn("openai/gpt-4.1-mini", "openai/gpt-4o-mini");
    assertThat(answer.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(answer.get("answer").asText()).startsWith("from the");
    assertThat(SERVER.takeRequest().header("Authorization")).isEqualTo("Bearer demo-openai");

    JsonNode health = get("/actuator/health", 200);
    assertThat(health.get("status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/llmGateway/status").asText()).isEqualTo("UP");

    JsonNode duration = get("/actuator/metrics/gen_ai.client.operation.duration", 200);
    assertThat(duration.at("/measurements/0/value").asDouble()).isPositive();
    JsonNode tokens = get("/actuator/metrics/gen_ai.client.token.usage", 200);
    assertThat(tokens.at("/measurements/0/value").asDouble()).isPositive();

    JsonNode status = get("/actuator/llmgateway", 200);
    assertThat(status.at("/budgets/0/scope").asText()).isEqualTo("tenant=demo");
    JsonNode plan = get("/actuator/llmgateway/assistant", 200);
    assertThat(plan.at("/steps/0/target").asText()).isEqualTo("openai/gpt-4o-mini");
  }
}
