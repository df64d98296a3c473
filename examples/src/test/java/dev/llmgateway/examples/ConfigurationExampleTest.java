package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.spi.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The complete example of docs/configuration.md builds a client with the real provider modules
 * (OpenAI, Anthropic, Azure OpenAI through the OpenAI module's profile), and its rules route as the
 * page says.
 */
class ConfigurationExampleTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @TempDir Path dir;

  @Test
  void theDocumentedExampleBuildsAClientThatRoutesByItsRules() throws IOException {
    Path file = Files.writeString(dir.resolve("gateway.yaml"), example(dir.resolve("usage")));
    SecretResolver secrets =
        SecretResolver.environment(
                Map.of(
                        "OPENAI_API_KEY", "k1",
                        "ANTHROPIC_KEY_1", "k2",
                        "AZURE_OPENAI_KEY", "k3")
                    ::get)
            .or(
                new SecretResolver() {
                  @Override
                  public Set<String> schemes() {
                    return Set.of("file");
                  }

                  @Override
                  public Secret resolve(String scheme, String name) {
                    return Secret.of("k4");
                  }
                });

    try (GatewayClient gateway =
        GatewayClient.builder().secretResolver(secrets).config(file).build()) {
      ChatRequest acme =
          ChatRequest.builder()
              .model("auto")
              .user("hi")
              .context(RequestContext.tenant("acme").tag("priority", "high"))
              .build();
      ChatRequest support =
          ChatRequest.builder()
              .model("auto")
              .user("hi")
              .context(
                  RequestContext.tenant("other").team("support").feature("faq").tag("region", "eu"))
              .build();

      assertThat(gateway.explain(acme).alias()).isEqualTo("smart");
      assertThat(gateway.explain(acme).resolution()).startsWith("request rule #1");
      assertThat(gateway.explain(support).alias()).isEqualTo("fast");
      assertThat(gateway.explain(support).resolution()).startsWith("request rule #3");
      assertThat(gateway.health()).isNotNull();
    }
    assertThat(Files.isDirectory(dir.resolve("usage"))).isTrue();
  }

  private static String example(Path usageDirectory) throws IOException {
    List<String> lines =
        Files.readAllLines(ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
    int at = lines.indexOf("<!-- example: complete -->");
    StringBuilder yaml = new StringBuilder();
    for (String line : lines.subList(at + 2, lines.size())) {
      if (line.equals("```")) {
        break;
      }
      yaml.append(line).append('\n');
    }
    return yaml.toString().replace("/var/log/llm-usage", usageDirectory.toString());
  }
}
