package dev.llmgateway.micrometer;

import dev.llmgateway.model.TargetRef;
import java.util.Map;

/**
 * Maps a target's provider name (as configured) to the conventions' {@code gen_ai.provider.name}.
 */
final class ProviderNames {
  private final Map<String, String> types;

  /**
   * @param types provider names to provider types, for names that are not a type themselves
   */
  ProviderNames(Map<String, String> types) {
    this.types = Map.copyOf(types);
  }

  String of(TargetRef target) {
    String type = types.get(target.provider());
    return GenAi.provider(type != null ? type : target.provider());
  }
}
