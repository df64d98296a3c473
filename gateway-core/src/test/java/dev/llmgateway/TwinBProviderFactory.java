package dev.llmgateway;

import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;

/** Found through META-INF/services; claims type {@code twin}, as its sibling does. */
public final class TwinBProviderFactory implements ProviderFactory {
  @Override
  public String type() {
    return "twin";
  }

  @Override
  public Provider create(ProviderSettings settings) {
    throw new UnsupportedOperationException("never created");
  }
}
