package dev.llmgateway.server;

import dev.llmgateway.testkit.FakeLlmServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake upstream (the test kit's {@link FakeLlmServer}), a configuration file pointing the gateway
 * at it, and a running {@link GatewayServer}; keys are made at run time.
 */
final class ServerFixture implements AutoCloseable {
  final FakeLlmServer upstream;
  final Path dir;
  final Path config;
  final Path keysFile;

  /** A key of tenant acme, from the configuration file. */
  final String acmeKey = Secrets.newKey();

  /** A key of tenant limited (a tenant quota of 2 requests per minute). */
  final String limitedKey = Secrets.newKey();

  /** A key of tenant narrow, which may use the alias fast only. */
  final String narrowKey = Secrets.newKey();

  final String adminKey = Secrets.newKey();

  /** The server in this JVM, or null when it runs as a process of the jar. */
  final GatewayServer server;

  /** The process of {@code java -jar gateway-server.jar}, or null when it runs in this JVM. */
  final Process process;

  final URI uri;
  final HttpClient http = HttpClient.newHttpClient();

  ServerFixture(Path dir) throws Exception {
    this(dir, "");
  }

  ServerFixture(Path dir, String extraServerYaml) throws Exception {
    this(dir, extraServerYaml, b -> {});
  }

  ServerFixture(
      Path dir, String extraServerYaml, java.util.function.Consumer<GatewayServer.Builder> setup)
      throws Exception {
    this.dir = dir;
    this.upstream = FakeLlmServer.start();
    Path upstreamKey = Files.writeString(dir.resolve("upstream.key"), "fake-upstream-key");
    this.keysFile = dir.resolve("keys.json");
    this.config = dir.resolve("server.yaml");
    Files.writeString(config, yaml(upstreamKey, extraServerYaml));
    GatewayServer.Builder b = GatewayServer.builder(config);
    setup.accept(b);
    this.server = b.start();
    this.process = null;
    this.uri = server.uri();
  }

  /** Runs the server as its own process: {@code java -jar jar --config server.yaml}. */
  ServerFixture(Path dir, String extraServerYaml, Path jar) throws Exception {
    this.dir = dir;
    this.upstream = FakeLlmServer.start();
    Path upstreamKey = Files.writeString(dir.resolve("upstream.key"), "fake-upstream-key");
    this.keysFile = dir.resolve("keys.json");
    this.config = dir.resolve("server.yaml");
    Files.writeString(config, yaml(upstreamKey, extraServerYaml));
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    this.server = null;
    this.process =
        new ProcessBuilder(
                javaBin.toString(), "-jar", jar.toString(), "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    Path log = dir.resolve("server.log");
    URI found = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (found == null && System.nanoTime() < deadline && process.isAlive()) {
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith("LLM gateway server listening on ")) {
          found = URI.create(line.substring("LLM gateway server listening on ".length()).strip());
        }
      }
      if (found == null) {
        try {
          process.onExit().get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillRunning) {
          // not listening yet: look again
        }
      }
    }
    if (found == null) {
      process.destroyForcibly();
      throw new AssertionError("the server did not start: " + Files.readString(log));
    }
    this.uri = found;
  }

  String yaml(Path upstreamKey, String extraServerYaml) {
    return "providers:\n"
        + "  openai:\n"
        + "    type: openai\n"
        + "    baseUrl: "
        + upstream.baseUrl()
        + "\n"
        + "    apiKey: ${file:"
        + upstreamKey
        + "}\n"
        + "  claude:\n"
        + "    type: anthropic\n"
        + "    baseUrl: "
        + upstream.anthropicBaseUrl()
        + "\n"
        + "    apiKey: ${file:"
        + upstreamKey
        + "}\n"
        + "aliases:\n"
        + "  fast:\n"
        + "    targets:\n"
        + "      - {provider: openai, model: gpt-4o-mini}\n"
        + "  sonnet:\n"
        + "    targets:\n"
        + "      - {provider: claude, model: claude-sonnet-4-5}\n"
        + "  embed:\n"
        + "    targets:\n"
        + "      - {provider: openai, model: text-embedding-3-small}\n"
        + "tenants:\n"
        + "  narrow:\n"
        + "    allowAliases: [fast]\n"
        + "quotas:\n"
        + "  - scope: tenant=limited\n"
        + "    requestsPerMinute: 2\n"
        + "budgets:\n"
        + "  - scope: tenant=acme\n"
        + "    window: daily\n"
        + "    limit: \"100\"\n"
        + "    alertAt: 80\n"
        + "server:\n"
        + "  port: 0\n"
        + "  adminKeySha256: "
        + Secrets.sha256(adminKey)
        + "\n"
        + "  keysFile: keys.json\n"
        + "  streamKeepAlive: 50ms\n"
        + "  shutdownTimeout: 5s\n"
        + "  keys:\n"
        + "    - {id: acme-1, tenant: acme, sha256: "
        + Secrets.sha256(acmeKey)
        + "}\n"
        + "    - {id: limited-1, tenant: limited, sha256: "
        + Secrets.sha256(limitedKey)
        + "}\n"
        + "    - {id: narrow-1, tenant: narrow, sha256: "
        + Secrets.sha256(narrowKey)
        + "}\n"
        + extraServerYaml;
  }

  String baseUrl() {
    return uri.toString();
  }

  /** A raw HTTP call, for what the SDKs do not show (headers, statuses of any endpoint). */
  HttpResponse<String> call(String method, String path, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Runs the {@code keys} command line against this fixture's configuration. */
  String keys(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("keys"));
    all.addAll(List.of(args));
    all.add("--config");
    all.add(config.toString());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        Main.run(
            all.toArray(String[]::new),
            new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8),
            java.time.Clock.systemUTC());
    if (code != 0) {
      throw new AssertionError("keys " + all + " exited " + code + ": " + err);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    upstream.close();
  }
}
