package dev.llmgateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.ConfigProblem;
import dev.llmgateway.config.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code server:} section: defaults, values, and problems named by their path. */
class ServerConfigTest {
  static final String LIBRARY =
      "providers:\n"
          + "  openai: {type: openai, baseUrl: 'http://127.0.0.1:9/v1', apiKey: '${env:PATH}'}\n"
          + "aliases:\n"
          + "  fast: {targets: [{provider: openai, model: gpt-4o-mini}]}\n";

  @TempDir Path dir;

  ServerConfigSource.Split read(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml);
    return ServerConfigSource.split(file, SecretResolver.defaults());
  }

  List<ConfigProblem> problems(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml);
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ServerConfigSource.split(file, SecretResolver.defaults()));
    assertThat(e).as("a ConfigException").isNotNull();
    return e.problems();
  }

  @Test
  void aFileWithoutAServerSectionGetsEveryDefault() throws Exception {
    ServerSettings s = read(LIBRARY).settings();
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(8080);
    assertThat(s.adminKeySha256()).isNull();
    assertThat(s.keys()).isEmpty();
    assertThat(s.maxRequestBytes()).isEqualTo(ServerSettings.DEFAULT_MAX_REQUEST_BYTES);
    assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theSectionsValuesAreRead() throws Exception {
    String sha = Secrets.sha256(Secrets.newKey());
    ServerSettings s =
        read(LIBRARY
                + "server:\n"
                + "  host: 0.0.0.0\n"
                + "  port: 9090\n"
                + "  keysFile: keys/k.json\n"
                + "  requestsPerMinute: 30\n"
                + "  streamKeepAlive: 500ms\n"
                + "  shutdownTimeout: 1m30s\n"
                + "  usageZone: Europe/Paris\n"
                + "  keys:\n"
                + "    - {id: a, tenant: acme, sha256: "
                + sha
                + ", requestsPerMinute: 5, name: ci}\n")
            .settings();
    assertThat(s.port()).isEqualTo(9090);
    assertThat(s.keysFile()).isEqualTo(dir.resolve("keys/k.json").toAbsolutePath());
    assertThat(s.requestsPerMinute()).isEqualTo(30);
    assertThat(s.streamKeepAlive()).isEqualTo(Duration.ofMillis(500));
    // The library's duration syntax, combined parts included.
    assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.usageZone().getId()).isEqualTo("Europe/Paris");
    assertThat(s.keys())
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.tenant()).isEqualTo("acme");
              assertThat(k.requestsPerMinute()).isEqualTo(5);
              assertThat(k.toString()).doesNotContain(sha);
            });
  }

  @Test
  void everyProblemOfBothPartsIsReportedWithItsPath() throws Exception {
    List<ConfigProblem> problems =
        problems(
            LIBRARY
                + "maxAttempts: 0\n"
                + "server:\n"
                + "  prot: 8080\n"
                + "  port: 70000\n"
                + "  adminKeySha256: not-a-hash\n"
                + "  shutdownTimeout: soon\n"
                + "  keys:\n"
                + "    - {id: a, sha256: abc}\n"
                + "    - {id: a, tenant: t, sha256: "
                + Secrets.sha256("x")
                + ", colour: red}\n");
    assertThat(problems)
        .extracting(ConfigProblem::path)
        .containsExactly(
            "maxAttempts",
            "server.adminKeySha256",
            "server.keys[0].sha256",
            "server.keys[0].tenant",
            "server.keys[1].colour",
            "server.keys[1].id",
            "server.port",
            "server.prot",
            "server.shutdownTimeout");
    assertThat(problems.stream().filter(p -> p.path().equals("server.prot")).findFirst())
        .get()
        .satisfies(
            p -> assertThat(p.message()).startsWith("unknown key; server keys are host, port"));
    assertThat(problems.stream().filter(p -> p.path().equals("server.keys[1].id")).findFirst())
        .get()
        .satisfies(p -> assertThat(p.message()).contains("duplicate key id 'a'"));
  }

  @Test
  void theServerRefusesToStartOnAFileWithProblems() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), LIBRARY + "server:\n  port: -1\n");
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> GatewayServer.builder(file).start());
    assertThat(e.getMessage()).contains("server.port: must be a whole number from 0 to 65535");
  }
}
