package dev.llmgateway.internal.routing;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.internal.config.ModelRule;
import dev.llmgateway.internal.config.ProviderEntry;
import dev.llmgateway.internal.config.RequestRule;
import dev.llmgateway.internal.config.TargetConfig;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.resilience.TargetState;
import dev.llmgateway.internal.spend.PromptEstimates;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.RouteRequest;
import dev.llmgateway.routing.RoutingContext;
import dev.llmgateway.routing.RoutingHook;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.routing.TargetSignals;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ProviderKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * random source, so that {@code explain} and the call agree. Thread-safe: holds only configuration
 * and reads {@link Resilience}.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  /** The name that always means the default alias. */
  static final String DEFAULT_MODEL = "default";

  /** The plan and, for explain, the reasons. */
  public record Routed(Plan plan, @Nullable RoutePlan explanation) {}

  private final Map<String, ProviderEntry> providers;
  private final Map<String, AliasDefinition> aliases;
  private final List<RequestRule> rules;
  private final @Nullable RoutingHook hook;
  private final List<ModelRule> modelRules;
  private final @Nullable String defaultAlias;
  private final boolean unknownToDefault;
  private final List<String> defaultFallbacks;
  private final Resilience resilience;
  private final Map<TargetRef, Capabilities> capabilities = new HashMap<>();

  /** Fills what a target does not configure from the price catalog. */
  private final java.util.function.UnaryOperator<TargetConfig> enrich;

  /** Estimates prompts; asked only when a rule, hook, filter or strategy needs the number. */
  private final dev.llmgateway.pricing.TokenEstimator estimator;

  /** Whether a request rule has a condition on the prompt's size. */
  private final boolean rulesReadPrompt;

  public Router(
      Map<String, ProviderEntry> providers,
      Map<String, AliasDefinition> aliases,
      List<RequestRule> rules,
      @Nullable RoutingHook hook,
      List<ModelRule> modelRules,
      @Nullable String defaultAlias,
      boolean unknownToDefault,
      List<String> defaultFallbacks,
      Resilience resilience,
      java.util.function.UnaryOperator<TargetConfig> enrich,
      dev.llmgateway.pricing.TokenEstimator estimator) {
    this.enrich = enrich;
    this.estimator = estimator;
    this.providers = providers;
    this.aliases = aliases;
    this.rules = List.copyOf(rules);
    this.hook = hook;
    this.modelRules = List.copyOf(modelRules);
    this.defaultAlias = defaultAlias;
    this.unknownToDefault = unknownToDefault;
    this.defaultFallbacks = List.copyOf(defaultFallbacks);
    this.resilience = resilience;
    this.rulesReadPrompt = this.rules.stream().anyMatch(RequestRule::readsPrompt);
    // Configured targets: capabilities per model read once, state registered for health().
    for (AliasDefinition a : aliases.values()) {
      for (TargetConfig t : a.targets()) {
        ProviderEntry e = providers.get(t.ref().provider());
        capabilities.put(t.ref(), e.provider().capabilities(t.ref().model()));
        resilience.configure(t.ref());
      }
    }
  }

  /**
   * A chat request's estimated prompt tokens before a target is known, computed at most once per
   * call and tokenizer: with the type of the provider and the model the request names ({@code
   * provider/model}, or a model rule's provider), else with an empty type and the name (an alias).
   * Embeddings: 0.
   *
   * @param request the request
   * @param estimates the call's estimates
   * @return the estimate
   */
  public long estimatePrompt(GatewayRequest request, PromptEstimates estimates) {
    if (!(request instanceof GatewayRequest.Chat chat)) {
      return 0;
    }
    String requested = chat.request().model();
    String type = "";
    String model = requested;
    if (!aliases.containsKey(requested)) {
      TargetRef direct = parseDirect(requested);
      if (direct != null) {
        type = providers.get(direct.provider()).type();
        model = direct.model();
      } else {
        for (ModelRule r : modelRules) {
          if (r.matches(requested)) {
            type = providers.get(r.provider()).type();
            break;
          }
        }
      }
    }
    String t = type;
    String m = model;
    return estimates.get(
        request, estimator.tokenizerId(t, m), () -> estimator.estimateChat(t, m, chat.request()));
  }

  public Routed plan(
      GatewayRequest request, RequestContext context, RandomGenerator random, boolean explain) {
    PromptEstimates estimates = new PromptEstimates();
    return plan(request, context, random, explain, () -> estimatePrompt(request, estimates));
  }

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
    @Nullable Integer maxTokens =
        request instanceof GatewayRequest.Chat c ? c.request().maxTokens() : null;
    Requirements needs = Requirements.of(request);
    String requested = request.model();
    Build b = new Build(needs, promptTokens, maxTokens, random, context, streaming, explain);

    String resolution;
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
      resolution = null;
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
    TargetRef direct = null;
    if (alias == null) {
      direct = parseDirect(model);
      if (direct != null) {
        resolution = "provider/model";
      } else {
        for (ModelRule r : modelRules) {
          if (r.matches(model)) {
            direct = new TargetRef(r.provider(), model);
            resolution = explain ? r.toString() : "model rule";
            break;
          }
        }
      }
      if (direct == null && unknownToDefault && defaultAlias != null) {
        alias = aliases.get(defaultAlias);
        resolution = "unknown model -> default alias '" + defaultAlias + "'";
      }
    } else if (resolution == null) {
      resolution = "alias '" + alias.name() + "'";
    }
    if (alias != null) {
      if (!alias.enabled()) {
        throw new NoRouteException(requested, "Alias '" + alias.name() + "' is disabled");
      }
      Set<String> visited = new HashSet<>();
      visited.add(alias.name());
      b.expand(alias, visited, true);
      for (String f : defaultFallbacks) {
        b.fallback(alias, f, visited, "default fallback chain");
      }
    } else if (direct != null) {
      b.add(enrich.apply(TargetConfig.plain(direct)), 1, 1.0, "direct target (" + resolution + ")");
    } else {
      throw new NoRouteException(
          requested,
          "Unknown model '"
              + requested
              + "': it is neither an alias "
              + new TreeSet<>(aliases.keySet())
              + " nor provider/model with a configured provider "
              + new TreeSet<>(providers.keySet())
              + (modelRules.isEmpty() ? "" : " nor matched by a model rule " + modelRules));
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
    Plan plan =
        new Plan(
            alias == null ? null : alias.name(),
            ordered,
            alias == null ? AliasDefinition.defaultFallbackKinds() : alias.fallbackKinds(),
            alias != null && alias.hedged() ? alias : null);
    if (!b.skipped.isEmpty() && log.isDebugEnabled()) {
      log.debug("Route for '{}' skips {}", requested, b.skippedReasons());
    }
    RoutePlan explanation = null;
    if (explain) {
      List<RoutePlan.Step> steps = new ArrayList<>();
      for (Plan.PlannedTarget t : ordered) {
        Step s = b.steps.get(t.ref());
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
      explanation =
          new RoutePlan(
              requested,
              model,
              resolution,
              alias == null ? null : alias.name(),
              alias == null ? null : alias.strategy().toString(),
              steps,
              b.skipped);
    }
    return new Routed(plan, explanation);
  }

  /** Why a target is where it is, for explain. */
  private static final class Step {
    final int weight;
    final double share;
    final String reason;
    @Nullable String blocked;

    public Step(int weight, double share, String reason) {
      this.weight = weight;
      this.share = share;
      this.reason = reason;
    }
  }

  /** One plan under construction. */
  private final class Build implements RoutingContext {
    final Requirements needs;
    private final LongSupplier prompt;
    private long promptTokens = -1;
    final @Nullable Integer maxTokens;
    final RandomGenerator random;
    final RequestContext context;
    final boolean streaming;
    final boolean explain;
    final Map<TargetRef, Plan.PlannedTarget> planned = new LinkedHashMap<>();
    final Map<TargetRef, Step> steps = new HashMap<>();
    final List<RoutePlan.Skipped> skipped = new ArrayList<>(0);
    final long now;
    private @Nullable Map<TargetRef, TargetConfig> configs;

    public Build(
        Requirements needs,
        LongSupplier prompt,
        @Nullable Integer maxTokens,
        RandomGenerator random,
        RequestContext context,
        boolean streaming,
        boolean explain) {
      this.needs = needs;
      this.prompt = prompt;
      this.maxTokens = maxTokens;
      this.random = random;
      this.context = context;
      this.streaming = streaming;
      this.explain = explain;
      this.now = resilience.now();
    }

    /** The call's prompt estimate, asked for on first use. */
    public long promptTokens() {
      if (promptTokens < 0) {
        promptTokens = prompt.getAsLong();
      }
      return promptTokens;
    }

    public void expand(AliasDefinition alias, Set<String> visited, boolean top) {
      List<RoutingStrategy.Candidate> candidates = new ArrayList<>(alias.targets().size());
      configs = new HashMap<>();
      long total = 0;
      for (TargetConfig t : alias.targets()) {
        if (!planned.containsKey(t.ref()) && admit(t)) {
          RoutingStrategy.Candidate c = t.candidate();
          candidates.add(c);
          configs.put(t.ref(), t);
          total += t.weight();
        }
      }
      if (!candidates.isEmpty()) {
        List<RoutingStrategy.Candidate> ordered = alias.strategy().order(candidates, this);
        checkPermutation(alias, candidates, ordered);
        Map<TargetRef, TargetConfig> cfg = configs;
        for (int i = 0; i < ordered.size(); i++) {
          RoutingStrategy.Candidate c = ordered.get(i);
          String reason =
              explain
                  ? (i == 0 && top ? "primary" : "target #" + (i + 1))
                      + " of alias '"
                      + alias.name()
                      + "' ("
                      + alias.strategy()
                      + ")"
                  : "";
          add(cfg.get(c.target()), c.weight(), c.weight() / (double) total, reason);
        }
      }
      for (String f : alias.fallbacks()) {
        fallback(alias, f, visited, "fallback of alias '" + alias.name() + "'");
      }
    }

    public void fallback(AliasDefinition from, String f, Set<String> visited, String why) {
      AliasDefinition next = aliases.get(f);
      if (next != null) {
        if (!next.enabled()) {
          if (explain) {
            for (TargetConfig t : next.targets()) {
              skipped.add(new RoutePlan.Skipped(t.ref(), "alias '" + f + "' is disabled"));
            }
          }
        } else if (visited.add(next.name())) {
          expand(next, visited, false);
        }
        return;
      }
      TargetRef ref = parseDirect(f);
      if (ref == null) {
        // Checked at build time; a configuration that got here is a bug.
        throw new IllegalStateException(
            "Alias '" + from.name() + "' fallback '" + f + "' does not resolve");
      }
      if (!planned.containsKey(ref)) {
        TargetConfig t = enrich.apply(TargetConfig.plain(ref));
        if (admit(t)) {
          add(t, 1, 1.0, explain ? why : "");
        }
      }
    }

    public void add(TargetConfig t, int weight, double share, String reason) {
      ProviderEntry entry = providers.get(t.ref().provider());
      TargetState state = resilience.target(t.ref());
      List<ProviderKey> keys = entry.keys().order(random, t.keyIds(), explain);
      boolean anyAvailable = false;
      String blocked = null;
      for (ProviderKey k : keys) {
        Resilience.KeyStatus s = resilience.status(state, k, now);
        if (s.available()) {
          anyAvailable = true;
          break;
        }
        if (blocked == null) {
          blocked = s.reason();
        }
      }
      planned.put(t.ref(), new Plan.PlannedTarget(t.ref(), entry, t, state, keys, !anyAvailable));
      if (explain) {
        Step s = new Step(weight, share, reason);
        s.blocked = blocked;
        steps.put(t.ref(), s);
      }
    }

    /** Capabilities of the target's model and its context window. */
    public boolean admit(TargetConfig t) {
      ProviderEntry entry = providers.get(t.ref().provider());
      if (entry == null) {
        throw new IllegalStateException("Target '" + t.ref() + "' names an unknown provider");
      }
      Capabilities caps = capabilities.get(t.ref());
      if (caps == null) {
        caps = entry.provider().capabilities(t.ref().model());
      }
      List<String> missing = needs.missing(caps);
      if (!missing.isEmpty()) {
        skipped.add(new RoutePlan.Skipped(t.ref(), "lacks " + missing));
        return false;
      }
      if (t.contextWindow() > 0) {
        long need = promptTokens() + (maxTokens != null ? maxTokens : 0);
        if (need > t.contextWindow()) {
          skipped.add(
              new RoutePlan.Skipped(
                  t.ref(),
                  "context window "
                      + t.contextWindow()
                      + " < "
                      + need
                      + " estimated tokens (estimated prompt + maxTokens)"));
          return false;
        }
      }
      return true;
    }

    /** Available targets first, last resorts after, each group in plan order. */
    public List<Plan.PlannedTarget> ordered() {
      List<Plan.PlannedTarget> out = new ArrayList<>(planned.size());
      for (Plan.PlannedTarget t : planned.values()) {
        if (!t.lastResort()) {
          out.add(t);
        }
      }
      for (Plan.PlannedTarget t : planned.values()) {
        if (t.lastResort()) {
          out.add(t);
        }
      }
      return out;
    }

    public List<String> skippedReasons() {
      List<String> out = new ArrayList<>();
      for (RoutePlan.Skipped s : skipped) {
        out.add(s.target() + " " + s.reason());
      }
      return out;
    }

    // RoutingContext

    @Override
    public RandomGenerator random() {
      return random;
    }

    @Override
    public RequestContext requestContext() {
      return context;
    }

    @Override
    public long estimatedPromptTokens() {
      return promptTokens();
    }

    @Override
    public boolean streaming() {
      return streaming;
    }

    @Override
    public TargetSignals signals(TargetRef target) {
      TargetState s = resilience.target(target);
      TargetConfig t = configs == null ? null : configs.get(target);
      long cost =
          t == null || !t.hasPriceHint() ? -1 : t.estimatedCostNanos(promptTokens(), maxTokens);
      long lat = s.latency().get();
      long ttft = s.timeToFirstToken().get();
      return new TargetSignals(
          s.inFlight().get(),
          lat < 0 ? null : Duration.ofNanos(lat),
          ttft < 0 ? null : Duration.ofNanos(ttft),
          cost < 0 ? null : Money.ofNanos(cost),
          t == null ? 0 : t.contextWindow());
    }

    @Override
    public boolean dryRun() {
      return explain;
    }
  }

  /** {@code provider/model} with a configured provider, split at the first slash, or null. */
  public @Nullable TargetRef parseDirect(String model) {
    int slash = model.indexOf('/');
    if (slash <= 0 || slash == model.length() - 1) {
      return null;
    }
    String provider = model.substring(0, slash);
    if (!providers.containsKey(provider)) {
      return null;
    }
    return new TargetRef(provider, model.substring(slash + 1));
  }

  private static void checkPermutation(
      AliasDefinition alias,
      List<RoutingStrategy.Candidate> candidates,
      List<RoutingStrategy.Candidate> ordered) {
    if (ordered.size() != candidates.size() || !new HashSet<>(ordered).containsAll(candidates)) {
      throw new IllegalStateException(
          "RoutingStrategy "
              + alias.strategy()
              + " of alias '"
              + alias.name()
              + "' returned "
              + ordered
              + ", which is not a permutation of "
              + candidates);
    }
  }

  private static String describe(Requirements needs) {
    return switch (needs.kind()) {
      case CHAT -> "chat request";
      case STREAM -> "streamed chat request";
      case EMBED -> "embedding request";
    };
  }
}
