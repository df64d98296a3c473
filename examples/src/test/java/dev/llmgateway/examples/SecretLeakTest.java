package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeLlmServerExtension;
import dev.llmgateway.testkit.FakeResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * API keys never appear in exception messages, stack traces, {@code toString()} output or logs,
 * also when calls fail. Logging runs at DEBUG for {@code dev.llmgateway} in this module's tests
 * (see the surefire configuration), and slf4j-simple writes to whatever {@code System.err} is at
 * the time, so the test captures it.
 */
@ExtendWith(FakeLlmServerExtension.class)
class SecretLeakTest {
  private static final String KEY_A = "test-key-123-alpha";
  private static final String KEY_B = "test-key-456-bravo";

  @Test
  void keysStayOutOfExceptionsToStringsAndLogs(FakeLlmServer server) {
    assertThat(LoggerFactory.getLogger("dev.llmgateway").isDebugEnabled())
        .as("DEBUG logging must be on, or this test proves nothing about logs")
        .isTrue();
    server.enqueue(
        FakeResponse.error(
            401,
            "invalid_request_error",
            "invalid_api_key",
            "Incorrect API key provided: " + KEY_A + ". You can find your API key at ..."));
    server.enqueue(
        FakeResponse.error(
            401,
            "invalid_request_error",
            "invalid_api_key",
            "Incorrect API key provided: " + KEY_B));
    server.enqueue(FakeResponse.status(502, "<html>bad gateway for Bearer " + KEY_A + "</html>"));
    server.enqueue(FakeResponse.malformedJson());
    server.enqueue(FakeResponse.text("a b c d").dropConnectionAfter(2));
    server.respondByDefault(FakeResponse.text("never").stall());

    List<Throwable> failures = new ArrayList<>();
    String clientText;
    String logs;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (GatewayClient gateway =
        GatewayClient.builder()
            .provider(
                "main",
                p ->
                    p.type("openai")
                        .baseUrl(server.baseUrl())
                        .key("a", Secret.of(KEY_A), 1)
                        .key("b", Secret.of(KEY_B), 1))
            .alias("chat", a -> a.target("main", "gpt-4o-mini"))
            .maxAttempts(2)
            .retryBackoff(Duration.ZERO, Duration.ZERO)
            .seed(1)
            .build()) {
      // Only the stalled call needs a short deadline; a short one on the others would let a slow
      // machine end them with TIMEOUT before they reach the error paths under test.
      ChatRequest request =
          ChatRequest.builder().model("chat").user("hello").timeout(Duration.ofSeconds(30)).build();
      ChatRequest stalled = request.toBuilder().timeout(Duration.ofMillis(400)).build();
      // 401 on key a, then 401 on key b
      failures.add(catchThrowable(() -> gateway.chat(request)));
      // 502 from a proxy that echoes the header, then malformed JSON
      failures.add(catchThrowable(() -> gateway.chat(request)));
      // a stream whose connection drops after its first chunk
      failures.add(catchThrowable(() -> drain(gateway.stream(request))));
      // a stalled server: the deadline ends it
      failures.add(catchThrowable(() -> gateway.chat(stalled)));
      clientText = gateway.toString();
    } finally {
      System.setErr(originalErr);
      logs = captured.toString(StandardCharsets.UTF_8);
    }

    // The keys did go where they belong: to the server, in the Authorization header.
    assertThat(server.requests())
        .extracting(r -> r.header("authorization"))
        .contains("Bearer " + KEY_A, "Bearer " + KEY_B);
    assertThat(failures).hasSize(4).doesNotContainNull();
    assertThat(logs).as("captured DEBUG logs").isNotBlank();

    for (Throwable failure : failures) {
      assertThat(everything(failure)).doesNotContain(KEY_A).doesNotContain(KEY_B);
    }
    assertThat(clientText).doesNotContain(KEY_A).doesNotContain(KEY_B);
    assertThat(logs).doesNotContain(KEY_A).doesNotContain(KEY_B);
  }

  private static void drain(ChatStream stream) {
    try (stream) {
      for (ChatChunk ignored : stream) {
        // read to the end or the failure
      }
    }
  }

  /** The stack trace with every cause and suppressed exception, and each toString. */
  private static String everything(@Nullable Throwable failure) {
    StringWriter out = new StringWriter();
    if (failure != null) {
      failure.printStackTrace(new PrintWriter(out));
      for (Throwable t = failure; t != null; t = t.getCause()) {
        out.append(t.toString()).append('\n');
      }
    }
    return out.toString();
  }
}
