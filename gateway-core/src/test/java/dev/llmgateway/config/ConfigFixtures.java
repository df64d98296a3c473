package dev.llmgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared inputs of the configuration tests: the documented example and test secrets. */
final class ConfigFixtures {
  /** The repository's root (tests run in gateway-core). */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** The environment the documented example's {@code ${env:...}} references read. */
  static final Map<String, String> ENV =
      Map.of(
          "OPENAI_API_KEY", "test-openai-key",
          "ANTHROPIC_KEY_1", "test-anthropic-key-1",
          "AZURE_OPENAI_KEY", "test-azure-key");

  /** The value of every {@code ${file:...}} reference under {@link #RESOLVER}. */
  static final String FILE_SECRET = "test-file-secret";

  /** Resolves {@code env} from {@link #ENV} and {@code file} to {@link #FILE_SECRET}. */
  static final SecretResolver RESOLVER =
      SecretResolver.environment(ENV::get)
          .or(
              new SecretResolver() {
                @Override
                public Set<String> schemes() {
                  return Set.of("file");
                }

                @Override
                public Secret resolve(String scheme, String name) {
                  if (!name.startsWith("/run/secrets/")) {
                    throw new ConfigurationException("no secret file " + name);
                  }
                  return Secret.of(FILE_SECRET);
                }
              });

  private ConfigFixtures() {}

  /** The YAML block after {@code <!-- example: complete -->} in docs/configuration.md. */
  static String documentedExample() throws IOException {
    List<String> lines =
        Files.readAllLines(ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
    int at = lines.indexOf("<!-- example: complete -->");
    assertThat(at).as("the example marker").isNotNegative();
    assertThat(lines.get(at + 1)).isEqualTo("```yaml");
    List<String> block = new ArrayList<>();
    for (String line : lines.subList(at + 2, lines.size())) {
      if (line.equals("```")) {
        return String.join("\n", block) + "\n";
      }
      block.add(line);
    }
    throw new AssertionError("the example block is not closed");
  }

  /** The documented example with its usage directory moved to {@code dir}. */
  static String documentedExample(Path dir) throws IOException {
    String example = documentedExample();
    assertThat(example).contains("directory: /var/log/llm-usage");
    return example.replace("directory: /var/log/llm-usage", "directory: " + dir);
  }

  /** The problems of a configuration that must fail. */
  static List<ConfigProblem> problemsOf(String yaml) {
    return problemsOf(yaml, RESOLVER);
  }

  /** The problems of a configuration that must fail, with a resolver. */
  static List<ConfigProblem> problemsOf(String yaml, SecretResolver resolver) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> GatewayConfig.parse(yaml, "test.yaml", resolver));
    assertThat(e).as("a ConfigException for:\n" + yaml).isNotNull();
    assertThat(e.problems()).isNotEmpty();
    return e.problems();
  }

  /** The problems as {@code path: message} lines. */
  static List<String> linesOf(String yaml) {
    return problemsOf(yaml).stream().map(ConfigProblem::toString).toList();
  }
}
