package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.error.GatewayException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The logging rule: with every logger at DEBUG, a scripted run (a plain call, a stream, a fallback
 * and a failing call) logs what the gateway decided (DEBUG per attempt, WARN on the fallback) but
 * never a prompt, a system message, a completion or the API key.
 */
class ContentLoggingTest {
  // Assembled at run time: no key-shaped literal in the sources.
  private static final String KEY = "sk-" + "proj-" + "Zq8Wm3".repeat(5);
  private static final String SYSTEM = "You are the lighthouse keeper of " + "Skerryvore";
  private static final String PROMPT = "Tell me about the quokka " + "named Bartholomew";
  private static final String ANSWER = "Bartholomew the quokka " + "smiles at tourists";

  private final FakeLlmServer server = FakeLlmServer.start();
  private final SecretLeakTest.LogCapture logs = new SecretLeakTest.LogCapture();
  private Level rootLevel;

  @BeforeEach
  void captureEveryLoggerAtDebug() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    logs.setContext(root.getLoggerContext());
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void restoreLogging() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(logs);
    logs.stop();
    root.setLevel(rootLevel);
    server.close();
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).system(SYSTEM).user(PROMPT).build();
  }

  @Test
  void aScriptedRunLogsDecisionsButNoContentAndNoKey() {
    server.respondByDefault("gpt-b", FakeResponse.text(ANSWER).withUsage(12, 7, 0, 0));
    server.respondByDefault(
        "gpt-a", FakeResponse.error(503, "server_error", null, "The server is overloaded"));
    server.respondByDefault(
        "gpt-c", FakeResponse.error(400, "invalid_request_error", null, "Unsupported value"));
    try (GatewayClient gateway =
        GatewayClient.builder()
            .provider(
                "openai", p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of(KEY)))
            .alias("chat", a -> a.target("openai", "gpt-a").fallback("openai/gpt-b"))
            .retriesPerTarget(0)
            .retryBackoff(Duration.ZERO, Duration.ZERO)
            .build()) {
      ChatResponse plain = gateway.chat(ask("openai/gpt-b"));
      assertThat(plain.text()).isEqualTo(ANSWER);

      StringBuilder streamed = new StringBuilder();
      try (ChatStream stream = gateway.stream(ask("openai/gpt-b"))) {
        stream.forEach(chunk -> streamed.append(chunk.text()));
      }
      assertThat(streamed.toString()).isEqualTo(ANSWER);

      ChatResponse fellBack = gateway.chat(ask("chat"));
      assertThat(fellBack.route().target().model()).isEqualTo("gpt-b");

      assertThat(catchThrowable(() -> gateway.chat(ask("openai/gpt-c"))))
          .isInstanceOf(GatewayException.class);
    }

    String text = logs.text();
    // The capture works: the gateway logged its decisions at DEBUG and the fallback at WARN.
    assertThat(logs.lines())
        .anyMatch(l -> l.startsWith("DEBUG dev.llmgateway"))
        .anyMatch(l -> l.startsWith("WARN") && l.contains("falling back to openai/gpt-b"));
    assertThat(text).contains("gpt-c");
    // No content and no key, whole or in part.
    assertThat(text)
        .doesNotContain("Skerryvore")
        .doesNotContain("lighthouse keeper")
        .doesNotContain("quokka")
        .doesNotContain("Bartholomew")
        .doesNotContain("tourists")
        .doesNotContain(KEY)
        .doesNotContain(KEY.substring(KEY.length() - 12));
  }
}
