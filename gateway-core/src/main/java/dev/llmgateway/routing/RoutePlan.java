package dev.llmgateway.routing;

import dev.llmgateway.internal.util.TextTable;
import dev.llmgateway.model.TargetRef;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GatewayClient.explain} returns: the plan the router would follow for a request, and
 * why, without calling anyone.
 *
 * <pre>{@code
 * RoutePlan plan = gateway.explain(request);
 * plan.steps().forEach(s -> System.out.println(s.target() + " " + s.reason()));
 * plan.skipped().forEach(s -> System.out.println("skipped " + s.target() + ": " + s.reason()));
 * }</pre>
 *
 * <p>With a seeded client ({@code seed(long)}) and no call in between, the next call tries the
 * targets in exactly this order (the keys too). {@link #toString()} prints the plan as a small
 * table, as a database prints {@code EXPLAIN}.
 *
 * @param requestedModel the model the request named
 * @param resolvedModel the alias or model after the routing hook, request rules, the default alias
 *     and model rules
 * @param resolution how the requested model was resolved, such as {@code "alias 'fast'"} or {@code
 *     "request rule #1 (tenant=acme) -> alias 'premium'"}
 * @param alias the alias whose plan this is, or {@code null} for direct addressing
 * @param strategy the strategy of that alias, or {@code null} for direct addressing
 * @param steps the targets in the order they would be tried, primary first
 * @param skipped the targets left out, with the reason
 */
public record RoutePlan(
    String requestedModel,
    String resolvedModel,
    String resolution,
    @Nullable String alias,
    @Nullable String strategy,
    List<Step> steps,
    List<Skipped> skipped) {

  /**
   * Copies the lists.
   *
   * @param requestedModel the model the request named
   * @param resolvedModel the alias or model after the routing hook, request rules, the default
   *     alias and model rules
   * @param resolution how the requested model was resolved, such as {@code "alias 'fast'"} or
   *     {@code "request rule #1 (tenant=acme) -> alias 'premium'"}
   * @param alias the alias whose plan this is, or {@code null} for direct addressing
   * @param strategy the strategy of that alias, or {@code null} for direct addressing
   * @param steps the targets in the order they would be tried, primary first
   * @param skipped the targets left out, with the reason
   */
  public RoutePlan {
    steps = List.copyOf(steps);
    skipped = List.copyOf(skipped);
  }

  /**
   * The targets in order.
   *
   * @return the targets of {@link #steps()}
   */
  public List<TargetRef> targets() {
    return steps.stream().map(Step::target).toList();
  }

  /**
   * The plan as a small aligned table: how the model was resolved, one row per target in the order
   * they would be tried (weight, share, key ids in order, reason), then the targets left out with
   * their reasons. Key ids only, never keys.
   *
   * <pre>
   * route for 'fast': alias 'fast', strategy RoutingStrategy.weighted()
   * #  target                   weight  share  keys         reason
   * 1  openai/gpt-4o-mini           60  60.0%  primary, eu  primary of alias 'fast' (...)
   * 2  claude/claude-haiku-4-5      40  40.0%  main         target #2 of alias 'fast' (...)
   * skipped        reason
   * openai/gpt-4o  lacks [tools]
   * </pre>
   *
   * @return the table, lines separated by {@code \n}
   */
  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("route for '").append(requestedModel).append("': ").append(resolution);
    if (strategy != null) {
      sb.append(", strategy ").append(strategy);
    }
    TextTable plan =
        TextTable.of("#", "target", "weight", "share", "keys", "reason").alignRight(0, 2, 3);
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      plan.row(
          i + 1,
          s.target(),
          s.weight(),
          String.format(Locale.ROOT, "%.1f%%", s.share() * 100),
          String.join(", ", s.keys()),
          s.reason());
    }
    sb.append('\n').append(plan.render());
    if (!skipped.isEmpty()) {
      TextTable left = TextTable.of("skipped", "reason");
      for (Skipped s : skipped) {
        left.row(s.target(), s.reason());
      }
      sb.append('\n').append(left.render());
    }
    return sb.toString();
  }

  /**
   * One planned target.
   *
   * @param target the provider and model
   * @param weight its configured weight (1 for fallbacks and direct targets)
   * @param share its weight as a share of the weights of the candidates of its alias that remained,
   *     0..1
   * @param keys the key ids in the order the attempt would take them (available keys first)
   * @param reason why it is in the plan at this place, such as {@code "primary of alias 'fast'
   *     (RoutingStrategy.weighted())"} or {@code "last resort: circuit OPEN"}
   */
  public record Step(TargetRef target, int weight, double share, List<String> keys, String reason) {
    /**
     * Copies the list.
     *
     * @param target the provider and model
     * @param weight its configured weight (1 for fallbacks and direct targets)
     * @param share its weight as a share of the weights of the candidates of its alias that
     *     remained, 0..1
     * @param keys the key ids in the order the attempt would take them (available keys first)
     * @param reason why it is in the plan at this place, such as {@code "primary of alias 'fast'
     *     (RoutingStrategy.weighted())"} or {@code "last resort: circuit OPEN"}
     */
    public Step {
      keys = List.copyOf(keys);
    }
  }

  /**
   * A target left out of the plan.
   *
   * @param target the provider and model
   * @param reason why, such as {@code "lacks [tools]"} or {@code "context window 8000 < 12000
   *     estimated tokens"}
   */
  public record Skipped(TargetRef target, String reason) {}
}
