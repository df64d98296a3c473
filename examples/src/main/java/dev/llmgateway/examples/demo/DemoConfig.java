package dev.llmgateway.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.spi.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the demo's configuration file. Live, the file is loaded as it is. Against the fakes, each
 * provider the file declares is pointed at the fake server of its type: its {@code baseUrl} is
 * replaced and its key becomes a throwaway one (a {@code ${demo:...}} reference), so that the demo
 * neither needs nor reads a real key; every other key of the file applies unchanged.
 */
final class DemoConfig {
  private static final String SCHEME = "demo";

  private DemoConfig() {}

  /**
   * Loads the file for the real providers.
   *
   * @param file the configuration file
   * @return the validated configuration
   * @throws ConfigException listing every problem, such as an unset key variable
   */
  static GatewayConfig live(Path file) {
    return GatewayConfig.load(file);
  }

  /**
   * A configuration pointed at the fakes.
   *
   * @param config the validated configuration
   * @param typeOfProvider the type of each provider the file declares
   */
  record Faked(GatewayConfig config, Map<String, String> typeOfProvider) {}

  /**
   * Loads the file with its providers pointed at the fakes.
   *
   * @param file the configuration file
   * @param fakes the running fake servers
   * @return the validated configuration and the providers' types
   * @throws ConfigException listing every problem of the file
   * @throws IllegalArgumentException if a provider has a type the demo has no fake for
   */
  static Faked faked(Path file, FakeProviders fakes) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (IOException e) {
      // Let the gateway's own parser report it, with its position.
      return new Faked(GatewayConfig.parse(text, file.toString(), fakeKeys()), Map.of());
    }
    Map<String, String> types = new TreeMap<>();
    JsonNode providers = root == null ? null : root.get("providers");
    if (providers instanceof ObjectNode) {
      for (Map.Entry<String, JsonNode> entry : providers.properties()) {
        if (entry.getValue() instanceof ObjectNode provider) {
          types.put(entry.getKey(), pointAtFake(entry.getKey(), provider, fakes));
        }
      }
    }
    String faked;
    try {
      faked = yaml.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the demo configuration", e);
    }
    GatewayConfig config =
        GatewayConfig.parse(faked, file + " (providers pointed at the fakes)", fakeKeys());
    return new Faked(config, types);
  }

  private static String pointAtFake(String name, ObjectNode provider, FakeProviders fakes) {
    JsonNode typeNode = provider.get("type");
    String type = typeNode == null ? name : typeNode.asText();
    provider.remove("keys");
    provider.put("baseUrl", fakes.baseUrl(type));
    provider.put("apiKey", "${" + SCHEME + ":" + type + "}");
    return type;
  }

  /** Throwaway keys for the fakes, which accept any key. */
  private static SecretResolver fakeKeys() {
    return new SecretResolver() {
      @Override
      public Set<String> schemes() {
        return Set.of(SCHEME);
      }

      @Override
      public Secret resolve(String scheme, String name) {
        // Bedrock's keys are an access key id and a secret; the others take any text.
        return Secret.of(name.equals("bedrock") ? "AKIDEXAMPLE:demo-secret" : "demo-key-" + name);
      }
    };
  }
}
