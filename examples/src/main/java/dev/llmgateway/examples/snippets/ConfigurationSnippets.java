package dev.llmgateway.examples.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.Interceptor;
import dev.llmgateway.config.ConfigSource;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.spi.Secret;
import java.nio.file.Path;
import java.util.Set;

/** The snippets of docs/configuration.md and of the README's "Configure from a file". */
final class ConfigurationSnippets {
  private ConfigurationSnippets() {}

  /** Stands for a vault's client library. */
  interface VaultClient {
    String read(String name);
  }

  static void fromFile(ChatRequest request) {
    // snippet: config-from-file
    try (GatewayClient gateway = GatewayClient.fromConfig(Path.of("gateway.yaml"))) {
      ChatResponse answer = gateway.chat(request);
    }
    // end snippet: config-from-file
  }

  static GatewayClient fileThenCode(
      SecretResolver vault, GatewayEventListener metrics, Interceptor redaction) {
    // snippet: config-file-then-code
    GatewayClient gateway =
        GatewayClient.builder()
            .secretResolver(vault) // before config(...): resolves ${vault:...}
            .config(Path.of("gateway.yaml")) // the file's values first
            .eventListener(metrics) // then code adds to them or replaces them
            .interceptor(redaction)
            .build();
    // end snippet: config-file-then-code
    return gateway;
  }

  static SecretResolver vault(VaultClient vaultClient) {
    // snippet: config-secret-resolver
    SecretResolver vault =
        new SecretResolver() {
          @Override
          public Set<String> schemes() {
            return Set.of("vault");
          }

          @Override
          public Secret resolve(String scheme, String name) {
            return Secret.of(vaultClient.read(name)); // throw ConfigurationException if missing
          }
        };
    // end snippet: config-secret-resolver
    return vault;
  }

  static GatewayClient reloading(GatewayEventListener metrics) {
    // snippet: config-live-reload
    GatewayClient gateway =
        GatewayClient.builder()
            .eventListener(metrics) // code: kept across reloads
            .configSource(ConfigSource.file(Path.of("gateway.yaml")))
            .build();
    // end snippet: config-live-reload
    return gateway;
  }

  static void readme(GatewayEventListener metrics) {
    // snippet: readme-config-file
    GatewayClient gateway = GatewayClient.fromConfig(Path.of("quickstart.yaml"));
    // or the file first, then what only code can add:
    GatewayClient withMetrics =
        GatewayClient.builder().config(Path.of("quickstart.yaml")).eventListener(metrics).build();
    // end snippet: readme-config-file
    gateway.close();
    withMetrics.close();
  }
}
