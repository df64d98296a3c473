package dev.llmgateway.spring.boot;

import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.spi.Secret;
import java.util.Set;

/** A secret resolver of the scheme {@code test}: {@code ${test:name}} is the key "k-" + name. */
final class TestSecrets implements SecretResolver {
  @Override
  public Set<String> schemes() {
    return Set.of("test");
  }

  @Override
  public Secret resolve(String scheme, String name) {
    return Secret.of("k-" + name);
  }
}
