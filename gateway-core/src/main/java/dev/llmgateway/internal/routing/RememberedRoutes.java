package dev.llmgateway.internal.routing;

import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.internal.config.ProviderEntry;
import dev.llmgateway.internal.config.TargetConfig;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.resilience.TargetState;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.spi.ProviderKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a plan that come from what routing remembers ({@link RouteMemory}): a call that
 * continues a stored Responses answer planned to the one target and key holding it, and a
 * conversation with cache affinity moved to the front of its plan. Stateless.
 */
final class RememberedRoutes {
  private RememberedRoutes() {}

  /**
   * Plans exactly the target that holds a stored answer, with only its key: no other target, no
   * other key. When the provider or key is no longer configured, or the target cannot serve the
   * call, nothing is planned and the skip says why.
   *
   * @param b the plan under construction, still empty
   * @param pin where the answer lives
   * @param responseId the answer's id
   * @param alias the alias the request resolved to, whose target settings are used if it has the
   *     target, or {@code null}
   */
  static void pin(
      PlanBuilder b, ResponsePins.Pin pin, String responseId, @Nullable AliasDefinition alias) {
    RouteTable table = b.table();
    TargetRef ref = pin.target();
    ProviderEntry entry = table.providers().get(ref.provider());
    ProviderKey key = null;
    if (entry != null) {
      for (ProviderKey k : entry.keys().keys()) {
        if (k.id().equals(pin.keyId())) {
          key = k;
        }
      }
    }
    String holds = "holds stored response '" + responseId + "' (previousResponseId) with key '";
    if (key == null) {
      b.skipped.add(
          new RoutePlan.Skipped(
              ref, holds + pin.keyId() + "', which the configuration no longer has"));
      return;
    }
    TargetConfig config = config(table, ref, pin, alias);
    if (!b.admit(config, b.table().resolve(config))) {
      return;
    }
    Resilience resilience = table.resilience();
    TargetState state = resilience.target(ref);
    Resilience.KeyStatus status = resilience.status(state, key);
    b.planned.put(
        new Plan.PlannedTarget(ref, entry, config, state, List.of(key), !status.available()));
    if (b.explain) {
      PlanBuilder.Step s =
          new PlanBuilder.Step(1, 1.0, holds + key.id() + "': only this key, no fallback");
      s.blocked = status.available() ? null : status.reason();
      b.steps.put(ref, s);
    }
  }

  /**
   * The target's settings: the alias's (or else any alias's) when they can continue a stored
   * answer, else a plain target with the endpoint mode the answer was produced with.
   */
  private static TargetConfig config(
      RouteTable table, TargetRef ref, ResponsePins.Pin pin, @Nullable AliasDefinition alias) {
    List<AliasDefinition> aliases = new ArrayList<>();
    if (alias != null) {
      aliases.add(alias);
    }
    aliases.addAll(table.aliases().values());
    for (AliasDefinition a : aliases) {
      for (TargetConfig t : a.targets()) {
        if (t.ref().equals(ref) && ResponsePins.canContinue(t.endpointMode())) {
          return t;
        }
      }
    }
    return table.complete(TargetConfig.plain(ref).withEndpointMode(pin.endpointMode()));
  }

  /**
   * Puts the target a conversation was last served by first, with its key first, when that key is
   * available there; otherwise leaves the plan as the strategy made it.
   *
   * @param b the plan, expanded
   * @param binding where the conversation was last served, or {@code null} for a new one
   * @return for explain, what happened
   */
  static String keep(PlanBuilder b, CacheAffinity.@Nullable Binding binding) {
    if (binding == null) {
      return "cache affinity: new conversation";
    }
    Plan.PlannedTarget t = b.planned.get(binding.target());
    if (t == null) {
      return "cache affinity to " + binding + " not kept: the target is not in this plan";
    }
    ProviderKey bound = null;
    for (ProviderKey k : t.keys()) {
      if (k.id().equals(binding.keyId())) {
        bound = k;
      }
    }
    if (bound == null) {
      return "cache affinity to " + binding + " not kept: the key does not serve the target";
    }
    Resilience.KeyStatus status = b.table().resilience().status(t.state(), bound);
    if (!status.available()) {
      return "cache affinity to " + binding + " not kept: " + String.valueOf(status.reason());
    }
    List<ProviderKey> keys = new ArrayList<>(t.keys());
    keys.remove(bound);
    keys.add(0, bound);
    b.planned.putFirst(
        new Plan.PlannedTarget(t.ref(), t.provider(), t.config(), t.state(), keys, false));
    PlanBuilder.Step was = b.steps.get(t.ref());
    if (was != null) {
      b.steps.put(
          t.ref(),
          new PlanBuilder.Step(was.weight, was.share, "cache affinity: kept on " + binding));
    }
    return "cache affinity: kept on " + binding;
  }
}
