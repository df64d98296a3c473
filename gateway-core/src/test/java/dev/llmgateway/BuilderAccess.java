package dev.llmgateway;

import dev.llmgateway.internal.config.EngineSettings;
import dev.llmgateway.spi.ProviderKey;
import java.util.List;

/** For tests in other packages: what a builder would build, without building it. */
public final class BuilderAccess {
  private BuilderAccess() {}

  /** The engine settings a builder gives, with calls run on the calling thread. */
  static EngineSettings settings(GatewayClient.Builder b) {
    return b.settings(Runnable::run);
  }

  /** The keys of one provider of a builder. */
  public static List<ProviderKey> providerKeys(GatewayClient.Builder b, String provider) {
    return settings(b).providers().stream()
        .filter(p -> p.name().equals(provider))
        .findFirst()
        .orElseThrow()
        .keys();
  }
}
