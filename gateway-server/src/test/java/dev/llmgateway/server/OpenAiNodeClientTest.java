package dev.llmgateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.testkit.FakeResponse;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm package, unmocked, against the server: {@code
 * src/test/node/openai-client.mjs} runs plain, streamed, tool and embedding calls and one call per
 * error status. The package is installed at test time into {@code target/node-client} (never
 * committed). Skipped when node or npm is missing, except under {@code CI=true}.
 */
class OpenAiNodeClientTest {
  /** The version of the {@code openai} npm package the test installs. */
  static final String OPENAI_NPM_VERSION = "7.55.0";

  static final Path CLIENT_DIR = Path.of("target", "node-client");

  @TempDir Path dir;
  ServerFixture f;

  @BeforeEach
  void start() throws Exception {
    boolean present = onPath("node") && onPath("npm");
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but node or npm is missing; .ci/run installs them");
    }
    Assumptions.assumeTrue(present, "node and npm are not installed");
    installClient();
    f = new ServerFixture(dir);
  }

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  static boolean onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }

  static void installClient() throws IOException, InterruptedException {
    Path pkg = CLIENT_DIR.resolve("node_modules/openai/package.json");
    if (Files.exists(pkg)
        && Files.readString(pkg).contains("\"version\": \"" + OPENAI_NPM_VERSION + "\"")) {
      return;
    }
    Files.createDirectories(CLIENT_DIR);
    Process p =
        new ProcessBuilder(
                "npm",
                "install",
                "--prefix",
                CLIENT_DIR.toString(),
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefer-offline",
                "openai@" + OPENAI_NPM_VERSION)
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("npm install finished").isTrue();
    assertThat(p.exitValue()).as("npm install: %s", log).isZero();
  }

  @Test
  void theOfficialNodeClientWorksAgainstTheServer() throws Exception {
    f.upstream.enqueue(FakeResponse.text("Hello node"));
    f.upstream.enqueue(FakeResponse.text("one two three").withChunkSize(4));
    f.upstream.enqueue(FakeResponse.toolCall("call_7", "get_weather", "{\"city\":\"Lima\"}"));
    f.upstream.enqueue(FakeResponse.embeddings(6));
    f.upstream.enqueue(FakeResponse.text("ok"));
    f.upstream.enqueue(FakeResponse.text("ok"));
    f.upstream.respondByDefault(FakeResponse.error(503, "server_error", null, "overloaded"));
    Path script = CLIENT_DIR.resolve("openai-client.mjs");
    Files.copy(
        Path.of("src/test/node/openai-client.mjs"),
        script,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ProcessBuilder pb = new ProcessBuilder("node", script.toString()).redirectErrorStream(false);
    pb.environment().put("GATEWAY_URL", f.baseUrl());
    pb.environment().put("ACME_KEY", f.acmeKey);
    pb.environment().put("NARROW_KEY", f.narrowKey);
    pb.environment().put("LIMITED_KEY", f.limitedKey);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("node: %s", err).isZero();
    List<String> lines = out.lines().toList();
    JsonNode r = Json.MAPPER.readTree(lines.get(lines.size() - 1));
    assertThat(r.path("plain").asText()).isEqualTo("Hello node");
    assertThat(r.path("plainUsage").asInt()).isPositive();
    assertThat(r.path("stream").asText()).isEqualTo("one two three");
    assertThat(r.path("streamUsage").asInt()).isEqualTo(3);
    assertThat(r.path("tool").path("name").asText()).isEqualTo("get_weather");
    assertThat(r.path("tool").path("arguments").asText()).isEqualTo("{\"city\":\"Lima\"}");
    assertThat(r.path("toolFinish").asText()).isEqualTo("tool_calls");
    assertThat(r.path("embeddings").toString()).isEqualTo("[6,6]");
    JsonNode errors = r.path("errors");
    assertThat(errors.path("unauthorized").asInt()).isEqualTo(401);
    assertThat(errors.path("badRequest").asInt()).isEqualTo(400);
    assertThat(errors.path("forbidden").asInt()).isEqualTo(403);
    assertThat(errors.path("notFound").asInt()).isEqualTo(404);
    assertThat(errors.path("rateLimited").asInt()).isEqualTo(429);
    assertThat(errors.path("unavailable").asInt()).isEqualTo(503);
  }
}
