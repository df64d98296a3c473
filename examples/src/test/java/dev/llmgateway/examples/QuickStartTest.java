package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeLlmServerExtension;
import dev.llmgateway.testkit.FakeResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeLlmServerExtension.class)
class QuickStartTest {

  @Test
  void printsAPlainAndAStreamedAnswerRoutedThroughTheGateway(FakeLlmServer server) {
    server.respondByDefault(FakeResponse.text("Breakers stop calls to failing services."));
    server.enqueue("gpt-4o-mini", FakeResponse.error(503, "server_error", null, "overloaded"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    QuickStart.run(server, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("Plain answer:    Breakers stop calls to failing services.")
        .contains("Streamed answer: Breakers stop calls to failing services.")
        .contains("via alias 'fast'");
    assertThat(server.requests()).anyMatch(r -> r.stream());
    assertThat(server.requests()).anyMatch(r -> !r.stream());
  }
}
