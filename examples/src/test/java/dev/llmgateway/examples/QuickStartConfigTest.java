package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.error.GatewayException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start runs from its YAML file ({@code src/main/resources/quickstart.yaml}) the same way
 * as from its builder code: the same routes, retries, fallbacks and answers, and the same requests
 * on the wire, against the test kit's fake server scripted alike for both.
 */
class QuickStartConfigTest {
  private static final Path QUICKSTART_YAML = Path.of("src/main/resources/quickstart.yaml");
  private static final long SEED = 7;
  private static final int CALLS = 12;

  @TempDir Path dir;

  @Test
  void theQuickStartFromItsYamlFileBehavesAsFromItsBuilderCode() throws IOException {
    Run fromCode = run(fake -> QuickStart.builder(fake).seed(SEED));
    Run fromFile =
        run(
            fake ->
                GatewayClient.builder()
                    .secretResolver(
                        SecretResolver.environment(
                            Map.of("OPENAI_API_KEY", "demo-key-not-secret")::get))
                    .config(pointedAt(fake))
                    .seed(SEED));

    assertThat(fromFile.calls).isEqualTo(fromCode.calls);
    assertThat(fromFile.wire).isEqualTo(fromCode.wire);
    assertThat(fromCode.calls).hasSize(CALLS);
    assertThat(String.join("\n", fromCode.calls))
        .as("the script makes calls retry and fall back")
        .contains("UNAVAILABLE")
        .contains("NOT_FOUND")
        .contains("openai/gpt-4o via")
        .contains("openai/gpt-4.1-mini")
        .contains("stream");
    assertThat(fromCode.wire).allMatch(w -> w.contains("Bearer demo-key-not-secret"));
  }

  @Test
  void theQuickStartFileLoadsAsIsWithTheKeyFromTheEnvironment() {
    GatewayClient.Builder b =
        GatewayClient.builder()
            .secretResolver(SecretResolver.environment(Map.of("OPENAI_API_KEY", "k")::get))
            .config(QUICKSTART_YAML);
    try (GatewayClient gateway = b.build()) {
      assertThat(gateway.explain(QuickStart.request()).toString())
          .contains("openai/gpt-4o-mini")
          .contains("openai/gpt-4.1-mini")
          .contains("openai/gpt-4o");
    }
  }

  @Test
  void theReadmeShowsTheQuickStartFile() throws IOException {
    String readme =
        Files.readString(
            Path.of("").toAbsolutePath().getParent().resolve("README.md"), StandardCharsets.UTF_8);
    StringBuilder yaml = new StringBuilder();
    for (String line : Files.readAllLines(QUICKSTART_YAML, StandardCharsets.UTF_8)) {
      if (!line.startsWith("#")) {
        yaml.append(line).append('\n');
      }
    }

    assertThat(readme).contains("```yaml\n" + yaml + "```\n");
  }

  /** The quick start's file with its provider pointed at the fake server (as the code does). */
  private Path pointedAt(FakeLlmServer fake) throws IOException {
    String yaml = Files.readString(QUICKSTART_YAML, StandardCharsets.UTF_8);
    String provider = "    type: openai\n";
    assertThat(yaml).contains(provider);
    yaml = yaml.replace(provider, provider + "    baseUrl: " + fake.baseUrl() + "\n");
    return Files.writeString(dir.resolve("quickstart-" + fake.port() + ".yaml"), yaml);
  }

  /** What a run did: one line per call, one line per request the fake server received. */
  private record Run(List<String> calls, List<String> wire) {}

  @FunctionalInterface
  private interface ClientSetup {
    GatewayClient.Builder builder(FakeLlmServer fake) throws IOException;
  }

  private static Run run(ClientSetup setup) throws IOException {
    try (FakeLlmServer fake = FakeLlmServer.start()) {
      fake.respondByDefault(FakeResponse.text("Breakers stop calls to failing services."));
      // A 404 falls back at once (to the other target, then to the alias's fallback
      // openai/gpt-4o); a 503 is retried on the same target.
      fake.enqueue("gpt-4o-mini", FakeResponse.error(404, "model_not_found", null, "gone"));
      fake.enqueue("gpt-4o-mini", FakeResponse.error(503, "server_error", null, "overloaded"));
      fake.enqueue("gpt-4.1-mini", FakeResponse.error(404, "model_not_found", null, "gone"));
      fake.enqueue("gpt-4.1-mini", FakeResponse.error(503, "server_error", null, "overloaded"));
      List<String> calls = new ArrayList<>();
      try (GatewayClient gateway =
          setup.builder(fake).retryBackoff(Duration.ZERO, Duration.ZERO).build()) {
        for (int i = 0; i < CALLS; i++) {
          calls.add(call(gateway, i % 3 == 2));
        }
      }
      List<String> wire = new ArrayList<>();
      for (RecordedCall c : fake.requests()) {
        wire.add(
            c.method() + " " + c.path() + " " + c.header("authorization") + " " + c.bodyJson());
      }
      return new Run(calls, wire);
    }
  }

  /** One call, plain or streamed, as a line: its route and answer, or how it failed. */
  private static String call(GatewayClient gateway, boolean streamed) {
    try {
      if (!streamed) {
        ChatResponse answer = gateway.chat(QuickStart.request());
        return "chat " + describe(answer, answer.text());
      }
      try (ChatStream stream = gateway.stream(QuickStart.request())) {
        StringBuilder text = new StringBuilder();
        for (ChatChunk chunk : stream) {
          text.append(chunk.text());
        }
        return "stream " + describe(stream.response(), text.toString());
      }
    } catch (GatewayException e) {
      return (streamed ? "stream" : "chat") + " failed " + e.getMessage();
    }
  }

  private static String describe(ChatResponse r, String text) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.route().target()).append(" via ").append(r.route().alias()).append(" [");
    for (Attempt a : r.route().attempts()) {
      sb.append(a.target()).append(a.succeeded() ? " ok" : " " + a.errorKind()).append("; ");
    }
    return sb.append("] ").append(text).append(" ").append(r.usage()).toString();
  }
}
