package dev.llmgateway.internal.routing;

import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.internal.config.ProviderEntry;
import dev.llmgateway.internal.config.TargetConfig;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.resilience.TargetState;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.RoutingContext;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.routing.TargetSignals;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ProviderKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/** One plan under construction: the targets admitted so far, in order, and why. */
final class PlanBuilder implements RoutingContext {

  /** Why a target is where it is, for explain. */
  static final class Step {
    final int weight;
    final double share;
    final String reason;
    @Nullable String blocked;

    Step(int weight, double share, String reason) {
      this.weight = weight;
      this.share = share;
      this.reason = reason;
    }
  }

  private final RouteTable table;
  final Requirements needs;
  private final LongSupplier prompt;
  private long promptTokens = -1;
  final @Nullable Integer maxTokens;
  final RandomGenerator random;
  final RequestContext context;
  final boolean streaming;
  final boolean explain;
  final PlannedTargets planned = new PlannedTargets();

  /** Why each target is planned; filled only for explain (read-only and empty otherwise). */
  final Map<TargetRef, Step> steps;

  /** The admitted targets of the alias being expanded, for {@link #signals}. */
  private List<RouteTable.Resolved> current = List.of();

  final List<RoutePlan.Skipped> skipped = new ArrayList<>(0);

  /**
   * The stored answer the call continues when routing does not know who holds it, else null: only
   * targets whose endpoint mode can reach it are admitted.
   */
  @Nullable String continuesUnknown;

  /** The aliases expanded so far (see {@link #visit}): most calls expand one, without a list. */
  private @Nullable String firstAlias;

  private @Nullable List<String> moreAliases;

  PlanBuilder(
      RouteTable table,
      Requirements needs,
      LongSupplier prompt,
      @Nullable Integer maxTokens,
      RandomGenerator random,
      RequestContext context,
      boolean streaming,
      boolean explain) {
    this.table = table;
    this.needs = needs;
    this.prompt = prompt;
    this.maxTokens = maxTokens;
    this.random = random;
    this.context = context;
    this.streaming = streaming;
    this.explain = explain;
    this.steps = explain ? new HashMap<>() : Map.of();
  }

  RouteTable table() {
    return table;
  }

  /** The call's prompt estimate, asked for on first use. */
  long promptTokens() {
    if (promptTokens < 0) {
      promptTokens = prompt.getAsLong();
    }
    return promptTokens;
  }

  /**
   * Notes an alias as expanded in this plan.
   *
   * @return false if it already was (a fallback cycle)
   */
  boolean visit(String alias) {
    if (firstAlias == null) {
      firstAlias = alias;
      return true;
    }
    if (firstAlias.equals(alias) || (moreAliases != null && moreAliases.contains(alias))) {
      return false;
    }
    if (moreAliases == null) {
      moreAliases = new ArrayList<>(2);
    }
    moreAliases.add(alias);
    return true;
  }

  void expand(AliasDefinition alias, boolean top) {
    RouteTable.AliasTargets all = table.targetsOf(alias);
    List<RouteTable.Resolved> every = all.resolved();
    // Lists of its own only once a target is left out: usually all are admitted.
    List<RouteTable.Resolved> admitted = null;
    List<RoutingStrategy.Candidate> candidates = null;
    long total = 0;
    for (int i = 0; i < every.size(); i++) {
      RouteTable.Resolved r = every.get(i);
      if (!planned.containsKey(r.config().ref(), r.hash()) && admit(r.config(), r)) {
        total += r.config().weight();
        if (admitted != null) {
          admitted.add(r);
          candidates.add(r.candidate());
        }
      } else if (admitted == null) {
        admitted = new ArrayList<>(every.subList(0, i));
        candidates = new ArrayList<>(all.candidates().subList(0, i));
      }
    }
    if (admitted == null) {
      admitted = every;
      candidates = all.builtIn() ? all.candidates() : new ArrayList<>(all.candidates());
    }
    order(alias, all.builtIn(), admitted, candidates, total, top);
    List<String> fallbacks = alias.fallbacks();
    for (int i = 0; i < fallbacks.size(); i++) {
      fallback(alias, fallbacks.get(i), explain ? "fallback of alias '" + alias.name() + "'" : "");
    }
  }

  /**
   * Orders an alias's admitted targets by its strategy and plans them in that order.
   *
   * @param alias the alias
   * @param builtIn whether its strategy is one of the client's own (its answer is not checked)
   * @param admitted its targets this call plans, in configuration order
   * @param candidates their candidates in the same order: for a custom strategy, a list of its own
   * @param total the sum of their weights
   * @param top whether the alias is the requested one (for explain)
   */
  void order(
      AliasDefinition alias,
      boolean builtIn,
      List<RouteTable.Resolved> admitted,
      List<RoutingStrategy.Candidate> candidates,
      long total,
      boolean top) {
    current = admitted;
    if (candidates.isEmpty()) {
      return;
    }
    List<RoutingStrategy.Candidate> ordered = alias.strategy().order(candidates, this);
    if (!builtIn) {
      Permutation.check(alias, candidates, ordered);
    }
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
      add(RouteTable.Resolved.of(admitted, c), c.weight(), c.weight() / (double) total, reason);
    }
  }

  void fallback(AliasDefinition from, String f, String why) {
    AliasDefinition next = table.aliases().get(f);
    if (next != null) {
      if (!next.enabled()) {
        if (explain) {
          for (TargetConfig t : next.targets()) {
            skipped.add(new RoutePlan.Skipped(t.ref(), "alias '" + f + "' is disabled"));
          }
        }
      } else if (visit(next.name())) {
        expand(next, false);
      }
      return;
    }
    RouteTable.Resolved r = table.directFallback(f);
    if (r == null) {
      // Checked at build time; a configuration that got here is a bug.
      throw new IllegalStateException(
          "Alias '" + from.name() + "' fallback '" + f + "' does not resolve");
    }
    if (!planned.containsKey(r.config().ref(), r.hash())) {
      if (admit(r.config(), r)) {
        add(r, 1, 1.0, explain ? why : "");
      }
    }
  }

  /**
   * Plans a target that is not planned yet (callers check: the plan is empty, or {@link
   * PlannedTargets#containsKey} said no and an alias names each target once).
   */
  void add(RouteTable.Resolved r, int weight, double share, String reason) {
    TargetConfig t = r.config();
    ProviderEntry entry = r.entry();
    TargetState state = r.state();
    List<ProviderKey> keys = entry.keys().order(random, t.keyIds(), explain);
    boolean anyAvailable = false;
    String blocked = null;
    for (int i = 0; i < keys.size(); i++) {
      ProviderKey k = keys.get(i);
      Resilience.KeyStatus s = table.resilience().status(state, k);
      if (s.available()) {
        anyAvailable = true;
        break;
      }
      if (blocked == null) {
        blocked = s.reason();
      }
    }
    // One key (most providers): the target's planned form made once is the same.
    Plan.PlannedTarget p =
        anyAvailable && keys == r.ready().keys()
            ? r.ready()
            : new Plan.PlannedTarget(t.ref(), entry, t, state, keys, !anyAvailable);
    planned.append(p, r.hash());
    if (explain) {
      Step s = new Step(weight, share, reason);
      s.blocked = blocked;
      steps.put(t.ref(), s);
    }
  }

  /** Capabilities of the target's model and its context window. */
  boolean admit(TargetConfig t, RouteTable.Resolved r) {
    Capabilities caps = r.capabilities();
    if (caps == null) {
      caps = r.entry().provider().capabilities(t.ref().model());
    }
    List<String> missing = needs.missing(caps);
    if (!missing.isEmpty()) {
      skipped.add(new RoutePlan.Skipped(t.ref(), "lacks " + missing));
      return false;
    }
    if (!reachesStoredState(t)) {
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

  /**
   * Whether the target can continue the stored answer the call names (when routing does not know
   * who holds it): its endpoint mode must be able to reach the Responses endpoint.
   */
  boolean reachesStoredState(TargetConfig t) {
    if (continuesUnknown == null || ResponsePins.canContinue(t.endpointMode())) {
      return true;
    }
    skipped.add(
        new RoutePlan.Skipped(
            t.ref(),
            "endpoint mode "
                + t.endpointMode()
                + " cannot continue stored response '"
                + continuesUnknown
                + "' (previousResponseId)"));
    return false;
  }

  /** Available targets first, last resorts after, each group in plan order. */
  List<Plan.PlannedTarget> ordered() {
    List<Plan.PlannedTarget> all = planned.values();
    boolean lastResorts = false;
    for (int i = 0; i < all.size(); i++) {
      lastResorts |= all.get(i).lastResort();
    }
    if (!lastResorts) {
      return all;
    }
    List<Plan.PlannedTarget> out = new ArrayList<>(all.size());
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).lastResort() == (pass == 1)) {
          out.add(all.get(i));
        }
      }
    }
    return out;
  }

  List<String> skippedReasons() {
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
    TargetState s = table.resilience().target(target);
    RouteTable.Resolved r = RouteTable.Resolved.find(current, target);
    TargetConfig t = r == null ? null : r.config();
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
