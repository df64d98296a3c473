package dev.llmgateway.internal.routing;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.internal.config.ModelRule;
import dev.llmgateway.internal.config.RequestRule;
import dev.llmgateway.internal.config.RoutingSettings;
import dev.llmgateway.internal.config.TargetConfig;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.spend.PromptEstimates;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.RouteRequest;
import dev.llmgateway.routing.RoutingHook;
import dev.llmgateway.spi.ProviderKey;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a call to an ordered {@link Plan}. Resolution of the requested model, first match wins:
 *
 * <ol>
 *   <li>the {@link RoutingHook}, if configured and it returns an alias;
 *   <li>the request rules, in order;
 *   <li>an alias of that name;
 *   <li>{@code default}: the default alias;
 *   <li>{@code provider/model} with a configured provider (split at the first slash);
 *   <li>the model rules (globs such as {@code gpt-*}), in order: {@code provider/model};
 *   <li>the default alias, if unknown models go to it;
 *   <li>otherwise {@link NoRouteException}.
 * </ol>
 *
 * <p>An alias expands to its targets that pass the filters (capabilities of the target's model,
 * context window), ordered by its strategy, then its fallbacks in order (an alias fallback expands
 * to its own plan; a disabled one is skipped), then the default fallback chain, without duplicates.
 * Targets without an available key (circuit open, every key cooling down or disabled) are moved
 * behind the others as last resorts. Each target's key order is fixed here too, from the call's
 * random source, so that {@code explain} and the call agree.
 *
 * <p>What routing remembers ({@link RouteMemory}) comes on top: a chat call that continues a stored
 * Responses answer ({@code previousResponseId}) whose holder is known is planned to exactly that
 * target with only that key (no fallback, no hedging); when the holder is unknown, only targets
 * whose endpoint mode can reach the Responses endpoint are planned. A conversation of an alias with
 * cache affinity has the target and key it was last served by moved to the front while that key is
 * available there. The plan's {@link Landing} records where the call is answered. Thread-safe:
 * holds only configuration and reads {@link Resilience} and the memory.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  /** The name that always means the default alias. */
  static final String DEFAULT_MODEL = "default";

  /** The plan and, for explain, the reasons. */
  public record Routed(Plan plan, @Nullable RoutePlan explanation) {}

  private final RouteTable table;
  private final Map<String, AliasDefinition> aliases;
  private final List<RequestRule> rules;
  private final @Nullable RoutingHook hook;
  private final List<ModelRule> modelRules;
  private final @Nullable String defaultAlias;
  private final boolean unknownToDefault;
  private final List<String> defaultFallbacks;

  /** Each alias's plan for calls that all its targets admit, by identity. */
  private final Map<AliasDefinition, Expansion> expansions = new IdentityHashMap<>();

  private final PromptEstimator prompts;

  /** Whether a request rule has a condition on the prompt's size. */
  private final boolean rulesReadPrompt;

  /**
   * Creates the router of one snapshot.
   *
   * @param table the snapshot's providers, aliases and the live state
   * @param routing rules, hook, model rules, default alias and fallbacks
   * @param prompts estimates prompts when a rule, hook, filter or strategy needs the number
   */
  public Router(RouteTable table, RoutingSettings routing, PromptEstimator prompts) {
    this.table = table;
    this.aliases = table.aliases();
    this.rules = routing.rules();
    this.hook = routing.hook();
    this.modelRules = routing.modelRules();
    this.defaultAlias = routing.defaultAlias();
    this.unknownToDefault = routing.unknownToDefault();
    this.defaultFallbacks = routing.defaultFallbacks();
    this.prompts = prompts;
    this.rulesReadPrompt = this.rules.stream().anyMatch(RequestRule::readsPrompt);
    for (AliasDefinition a : aliases.values()) {
      Expansion e = Expansion.of(table, a, defaultFallbacks);
      if (e != null) {
        expansions.put(a, e);
      }
    }
  }

  /** The providers, aliases and live state this router reads. */
  public RouteTable table() {
    return table;
  }

  public Routed plan(
      GatewayRequest request, RequestContext context, RandomGenerator random, boolean explain) {
    PromptEstimates estimates = new PromptEstimates();
    return plan(request, context, random, explain, () -> prompts.estimate(request, estimates));
  }

  /** Where the requested model resolved to: an alias or a direct target, and why. */
  private record Resolution(
      String model, @Nullable AliasDefinition alias, @Nullable TargetRef direct, String why) {}

  /**
   * Plans a call.
   *
   * @param promptTokens the call's prompt estimate, asked only if a hook, a rule on prompt size, a
   *     context window or a strategy needs it
   */
  public Routed plan(
      GatewayRequest request,
      RequestContext context,
      RandomGenerator random,
      boolean explain,
      LongSupplier promptTokens) {
    boolean streaming = request instanceof GatewayRequest.Chat c && c.streaming();
    ChatRequest chat = request instanceof GatewayRequest.Chat c ? c.request() : null;
    @Nullable Integer maxTokens = chat != null ? chat.maxTokens() : null;
    Requirements needs = Requirements.of(request);
    String requested = request.model();
    PlanBuilder b =
        new PlanBuilder(table, needs, promptTokens, maxTokens, random, context, streaming, explain);
    Resolution r = resolve(requested, context, streaming, b, explain);
    AliasDefinition alias = r.alias();
    String continued = chat == null ? null : chat.previousResponseId();
    ResponsePins.Pin pin =
        continued == null ? null : table.memory().pins().find(context.tenant(), continued);
    CacheAffinity.Conversation conversation = null;
    String note = null;
    if (pin != null) {
      RememberedRoutes.pin(b, pin, continued, alias);
    } else {
      b.continuesUnknown = continued;
      expand(b, r);
      conversation =
          alias == null || chat == null || continued != null
              ? null
              : CacheAffinity.conversation(alias, chat);
      if (conversation != null) {
        CacheAffinity.Binding bound = table.memory().affinity().find(conversation.key(), explain);
        note = RememberedRoutes.keep(b, bound);
      }
    }
    if (b.planned.isEmpty()) {
      throw new NoRouteException(
          requested,
          "No target for '"
              + requested
              + "' can serve this "
              + describe(needs)
              + ": "
              + b.skippedReasons());
    }
    List<Plan.PlannedTarget> ordered = b.ordered();
    Landing landing =
        Landing.of(
            table.memory(), conversation, context.tenant(), chat != null && chat.store(), ordered);
    Plan plan =
        new Plan(
            alias == null ? null : alias.name(),
            ordered,
            alias == null ? AliasDefinition.defaultFallbackKinds() : alias.fallbackKinds(),
            alias != null && alias.hedged() && pin == null ? alias : null,
            landing);
    if (!b.skipped.isEmpty() && log.isDebugEnabled()) {
      log.debug("Route for '{}' skips {}", requested, b.skippedReasons());
    }
    return new Routed(plan, explain ? explanation(requested, r, ordered, b, note) : null);
  }

  /** The alias's plan with the default fallback chain, or the direct target. */
  private void expand(PlanBuilder b, Resolution r) {
    AliasDefinition alias = r.alias();
    if (alias != null) {
      Expansion e = expansions.get(alias);
      if (e != null && e.admitsAll(b)) {
        e.plan(b);
        return;
      }
      b.visit(alias.name());
      b.expand(alias, true);
      for (String f : defaultFallbacks) {
        b.fallback(alias, f, "default fallback chain");
      }
      return;
    }
    TargetConfig t = table.complete(TargetConfig.plain(Objects.requireNonNull(r.direct())));
    if (b.reachesStoredState(t)) {
      b.add(table.resolve(t), 1, 1.0, "direct target (" + r.why() + ")");
    }
  }

  /** Resolves the requested model to an alias or a direct target (see the class Javadoc). */
  private Resolution resolve(
      String requested, RequestContext context, boolean streaming, PlanBuilder b, boolean explain) {
    String resolution = null;
    String model = requested;
    @Nullable String picked =
        hook == null
            ? null
            : hook.route(new RouteRequest(requested, context, b.promptTokens(), streaming));
    if (picked != null) {
      if (!aliases.containsKey(picked)) {
        throw new NoRouteException(
            requested,
            "The routing hook picked unknown alias '" + picked + "' for '" + requested + "'");
      }
      model = picked;
      resolution = "routing hook -> alias '" + picked + "'";
    } else {
      for (RequestRule rule : rules) {
        if (rule.matches(requested, context, rulesReadPrompt ? b.promptTokens() : 0)) {
          model = rule.alias();
          resolution = explain ? rule.toString() : "rule";
          break;
        }
      }
    }
    AliasDefinition alias = aliases.get(model);
    if (alias == null && DEFAULT_MODEL.equals(model) && defaultAlias != null) {
      alias = aliases.get(defaultAlias);
      resolution = "'default' -> default alias '" + defaultAlias + "'";
    }
    if (alias == null) {
      return resolveUnaliased(requested, model, explain);
    }
    if (!alias.enabled()) {
      throw new NoRouteException(requested, "Alias '" + alias.name() + "' is disabled");
    }
    // The reason is read by explain only: no string is built for a routed call.
    return new Resolution(
        model,
        alias,
        null,
        resolution != null ? resolution : explain ? "alias '" + alias.name() + "'" : "alias");
  }

  /** A model that names no alias: provider/model, a model rule, or the default alias. */
  private Resolution resolveUnaliased(String requested, String model, boolean explain) {
    TargetRef direct = table.parseDirect(model);
    if (direct != null) {
      return new Resolution(model, null, direct, "provider/model");
    }
    for (ModelRule r : modelRules) {
      if (r.matches(model)) {
        return new Resolution(
            model, null, new TargetRef(r.provider(), model), explain ? r.toString() : "model rule");
      }
    }
    if (unknownToDefault && defaultAlias != null) {
      AliasDefinition alias = aliases.get(defaultAlias);
      if (!alias.enabled()) {
        throw new NoRouteException(requested, "Alias '" + alias.name() + "' is disabled");
      }
      return new Resolution(
          model, alias, null, "unknown model -> default alias '" + defaultAlias + "'");
    }
    throw new NoRouteException(
        requested,
        "Unknown model '"
            + requested
            + "': it is neither an alias "
            + new TreeSet<>(aliases.keySet())
            + " nor provider/model with a configured provider "
            + new TreeSet<>(table.providers().keySet())
            + (modelRules.isEmpty() ? "" : " nor matched by a model rule " + modelRules));
  }

  /** Why each target is where it is, for explain. */
  private static RoutePlan explanation(
      String requested,
      Resolution r,
      List<Plan.PlannedTarget> ordered,
      PlanBuilder b,
      @Nullable String note) {
    List<RoutePlan.Step> steps = new ArrayList<>();
    for (Plan.PlannedTarget t : ordered) {
      PlanBuilder.Step s = b.steps.get(t.ref());
      List<String> keyIds = new ArrayList<>();
      for (ProviderKey k : t.keys()) {
        keyIds.add(k.id());
      }
      steps.add(
          new RoutePlan.Step(
              t.ref(),
              s.weight,
              s.share,
              keyIds,
              t.lastResort()
                  ? "last resort: " + s.blocked + " (was: " + s.reason + ")"
                  : s.reason));
    }
    AliasDefinition alias = r.alias();
    return new RoutePlan(
        requested,
        r.model(),
        note == null ? r.why() : r.why() + "; " + note,
        alias == null ? null : alias.name(),
        alias == null ? null : alias.strategy().toString(),
        steps,
        b.skipped);
  }

  private static String describe(Requirements needs) {
    return switch (needs.kind()) {
      case CHAT -> "chat request";
      case STREAM -> "streamed chat request";
      case EMBED -> "embedding request";
      case IMAGES -> "image request";
      case TRANSCRIPTION -> "transcription request";
      case SPEECH -> "speech request";
    };
  }
}
