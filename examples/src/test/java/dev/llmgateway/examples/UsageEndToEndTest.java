package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeLlmServerExtension;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.usage.UsageDimension;
import dev.llmgateway.usage.UsageQueuePolicy;
import dev.llmgateway.usage.UsageReport;
import dev.llmgateway.usage.UsageSinks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage records through the real OpenAI adapter against the fake server: successes, a stream and a
 * provider failure land in the JSON Lines files and the SLF4J log with the key's id, never the key,
 * and a report read back from the files adds them up.
 */
@ExtendWith(FakeLlmServerExtension.class)
class UsageEndToEndTest {
  private static final String KEY = "test-key-123";

  @Test
  void callsAreRecordedToFilesAndLogsWithoutTheKey(FakeLlmServer server, @TempDir Path dir)
      throws IOException {
    server.enqueue(FakeResponse.text("hello there"));
    server.enqueue(FakeResponse.status(502, "<html>bad gateway for Bearer " + KEY + "</html>"));
    server.enqueue(FakeResponse.text("streamed answer"));

    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    GatewayClient gateway =
        GatewayClient.builder()
            .provider(
                "main",
                p -> p.type("openai").baseUrl(server.baseUrl()).key("primary", Secret.of(KEY), 1))
            .alias("chat", a -> a.target("main", "gpt-4o-mini"))
            .maxAttempts(1)
            .retryBackoff(Duration.ZERO, Duration.ZERO)
            .usage(
                u ->
                    u.whenFull(UsageQueuePolicy.DROP)
                        .sink(UsageSinks.jsonLines(dir))
                        .sink(UsageSinks.slf4j("llm.usage")))
            .build();
    Throwable failure;
    String logs;
    try {
      ChatRequest request =
          ChatRequest.builder()
              .model("chat")
              .user("hello")
              .context(RequestContext.tenant("acme").team("support"))
              .build();
      gateway.chat(request);
      failure = catchThrowable(() -> gateway.chat(request));
      try (ChatStream stream = gateway.stream(request)) {
        for (ChatChunk ignored : stream) {
          // read to the end
        }
      }
    } finally {
      gateway.close();
      System.setErr(originalErr);
      logs = captured.toString(StandardCharsets.UTF_8);
    }

    assertThat(failure).isNotNull();
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    assertThat(lines).hasSize(3);
    assertThat(lines).allSatisfy(l -> assertThat(l).contains("\"keyId\":\"primary\""));
    assertThat(lines.get(1)).contains("\"outcome\":\"FAILURE\"", "\"errorKind\":\"UNAVAILABLE\"");
    assertThat(lines.get(2)).contains("\"kind\":\"STREAM\"", "\"outcome\":\"SUCCESS\"");
    assertThat(String.join("\n", lines)).doesNotContain(KEY);
    assertThat(logs).contains("usage requestId=").doesNotContain(KEY);

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    UsageReport report =
        UsageReport.fromJsonLines(
            dir, ZoneOffset.UTC, today.minusDays(1), today.plusDays(1), UsageDimension.TENANT);
    assertThat(report.rows()).hasSize(1);
    assertThat(report.row("acme").requests()).isEqualTo(3);
    assertThat(report.row("acme").successes()).isEqualTo(2);
    assertThat(report.toCsv()).startsWith("tenant,requests,").contains("\r\nacme,3,2,1,");
    assertThat(gateway.usage().droppedCount()).isZero();
  }
}
