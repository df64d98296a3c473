package dev.llmgateway;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hands out prepared {@link ScriptedProvider}s by provider name; type {@code scripted}. */
final class ScriptedFactory implements ProviderFactory {
  private final Map<String, ScriptedProvider> providers = new LinkedHashMap<>();

  ScriptedFactory(ScriptedProvider... providers) {
    for (ScriptedProvider p : providers) {
      this.providers.put(p.name, p);
    }
  }

  @Override
  public String type() {
    return "scripted";
  }

  @Override
  public Provider create(ProviderSettings settings) {
    ScriptedProvider p = providers.get(settings.name());
    if (p == null) {
      throw new ConfigurationException("no scripted provider named " + settings.name());
    }
    p.settings = settings;
    return p;
  }
}
