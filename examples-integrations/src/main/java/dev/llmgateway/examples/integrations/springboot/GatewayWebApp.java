package dev.llmgateway.examples.integrations.springboot;

import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;

/**
 * A Spring Boot web application with the gateway starter: {@code GET /ask?question=...} answers
 * through the alias {@code assistant} of {@code application.yml}; {@code /actuator/health} shows
 * the {@code llmGateway} component, {@code /actuator/metrics/gen_ai.client.operation.duration} the
 * GenAI metrics, and {@code /actuator/llmgateway} budgets, targets and route plans.
 *
 * <p>With {@code OPENAI_API_KEY} set it calls OpenAI. Without it, it starts an embedded fake server
 * on loopback (profile {@code fake}) whose first model fails once, so the first answer shows a
 * fallback.
 *
 * <pre>
 * mvn -q -Pdemo -DskipTests package -pl examples-integrations -am
 * curl 'localhost:8080/ask?question=What+is+a+circuit+breaker%3F'
 * </pre>
 */
@SpringBootApplication
public class GatewayWebApp {
  /** Creates the application; Spring does. */
  public GatewayWebApp() {}

  /**
   * Starts the application.
   *
   * @param args Spring Boot's arguments
   */
  public static void main(String[] args) {
    String key = System.getenv("OPENAI_API_KEY");
    SpringApplication app = new SpringApplication(GatewayWebApp.class);
    if (key == null || key.isBlank()) {
      FakeLlmServer fake = FakeLlmServer.start();
      fake.enqueue("gpt-4o-mini", FakeResponse.error(503, "server_error", null, "overloaded"));
      fake.respondByDefault(
          FakeResponse.text("A circuit breaker stops calls to a failing service for a while."));
      System.setProperty("fake.base-url", fake.baseUrl());
      app.setAdditionalProfiles("fake");
      Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-llm-server-stop"));
    }
    app.run(args);
  }

  /**
   * For the {@code fake} profile: resolves {@code ${demo:NAME}} references to a made-up key, which
   * the fake server accepts.
   *
   * @return the resolver
   */
  @Bean
  @Profile("fake")
  SecretResolver demoSecrets() {
    return new SecretResolver() {
      @Override
      public Set<String> schemes() {
        return Set.of("demo");
      }

      @Override
      public Secret resolve(String scheme, String name) {
        return Secret.of("demo-" + name);
      }
    };
  }
}
