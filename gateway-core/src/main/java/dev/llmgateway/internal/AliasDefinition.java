package dev.llmgateway.internal;

import dev.llmgateway.routing.RoutingStrategy;
import java.util.List;

/**
 * One alias as configured on the builder.
 *
 * @param name the alias
 * @param targets its weighted targets, in configuration order
 * @param fallbacks its fallbacks (alias names or {@code provider/model}), in order
 * @param strategy how it orders its targets
 */
public record AliasDefinition(
    String name,
    List<RoutingStrategy.Candidate> targets,
    List<String> fallbacks,
    RoutingStrategy strategy) {

  /**
   * Copies the lists.
   *
   * @param name the alias
   * @param targets its weighted targets, in configuration order
   * @param fallbacks its fallbacks (alias names or {@code provider/model}), in order
   * @param strategy how it orders its targets
   */
  public AliasDefinition {
    targets = List.copyOf(targets);
    fallbacks = List.copyOf(fallbacks);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Alias{name=").append(name).append(", targets=[");
    for (int i = 0; i < targets.size(); i++) {
      RoutingStrategy.Candidate c = targets.get(i);
      sb.append(i == 0 ? "" : ", ").append(c.target()).append('(').append(c.weight()).append(')');
    }
    return sb.append("], fallbacks=")
        .append(fallbacks)
        .append(", strategy=")
        .append(strategy)
        .append('}')
        .toString();
  }
}
