package dev.llmgateway.internal.routing;

import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Capabilities;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a call to an alias plans when every target admits it, worked out once per configuration: the
 * alias's targets, then its fallbacks (aliases expanded in turn, each once, disabled ones left out,
 * and {@code provider/model} targets), then the default fallback chain, each target once. A call
 * that every target admits (no capability missing, the prompt within every context window, no
 * stored answer of unknown holder to continue, not {@code explain}) only orders each alias's
 * targets by its strategy and reads key states; any other call takes {@link PlanBuilder#expand},
 * which decides target by target and yields the same plan when all are admitted (tested side by
 * side with {@code explain}, which always takes it).
 *
 * <p>Immutable; thread-safe.
 */
final class Expansion {

  /**
   * One step: an alias's targets that no earlier step planned, or one direct fallback.
   *
   * @param alias the alias, or null for a direct fallback
   * @param builtIn whether the alias's strategy is one of the client's own (see {@link
   *     RouteTable.AliasTargets})
   * @param admitted the alias's targets this step plans, in configuration order
   * @param candidates their candidates, in the same order; unmodifiable
   * @param total the sum of their weights
   * @param direct the direct fallback, or null for an alias's step
   */
  private record Step(
      @Nullable AliasDefinition alias,
      boolean builtIn,
      List<RouteTable.Resolved> admitted,
      List<RoutingStrategy.Candidate> candidates,
      long total,
      RouteTable.@Nullable Resolved direct) {}

  private final List<Step> steps;

  /** What every target can do: a call this admits, each target admits. */
  private final Capabilities common;

  /** The smallest context window of the targets, or {@link Long#MAX_VALUE} if none has one. */
  private final long smallestWindow;

  private Expansion(List<Step> steps, Capabilities common, long smallestWindow) {
    this.steps = steps;
    this.common = common;
    this.smallestWindow = smallestWindow;
  }

  /**
   * Works out an alias's expansion.
   *
   * @param table the configuration's table, with every alias's targets and direct fallback resolved
   * @param alias the requested alias
   * @param defaultFallbacks the default fallback chain
   * @return the expansion, or null when a target's capabilities are not known up front (each call
   *     then decides target by target)
   */
  static @Nullable Expansion of(
      RouteTable table, AliasDefinition alias, List<String> defaultFallbacks) {
    Walk w = new Walk(table);
    w.visited.add(alias.name());
    w.alias(alias);
    for (String f : defaultFallbacks) {
      w.fallback(f);
    }
    if (w.unusable) {
      return null;
    }
    boolean[] c = w.common;
    Capabilities common =
        new Capabilities(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10]);
    return new Expansion(List.copyOf(w.steps), common, w.smallestWindow);
  }

  /**
   * Whether every target admits the call, so that {@link #plan} plans what {@link
   * PlanBuilder#expand} would. Reads the prompt estimate only if a target has a context window.
   *
   * @param b the call's plan, empty
   * @return true if this expansion can plan the call
   */
  boolean admitsAll(PlanBuilder b) {
    if (b.explain || b.continuesUnknown != null || !b.needs.missing(common).isEmpty()) {
      return false;
    }
    return smallestWindow == Long.MAX_VALUE
        || b.promptTokens() + (b.maxTokens != null ? b.maxTokens : 0) <= smallestWindow;
  }

  /**
   * Plans the call: each alias's targets in its strategy's order, direct fallbacks in turn.
   *
   * @param b the call's plan, empty, which {@link #admitsAll} admitted
   */
  void plan(PlanBuilder b) {
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (s.direct() != null) {
        b.add(s.direct(), 1, 1.0, "");
      } else {
        AliasDefinition alias = s.alias();
        b.order(
            alias,
            s.builtIn(),
            s.admitted(),
            s.builtIn() ? s.candidates() : new ArrayList<>(s.candidates()),
            s.total(),
            false);
      }
    }
  }

  /** The walk {@link PlanBuilder#expand} takes when every target is admitted. */
  private static final class Walk {
    final RouteTable table;
    final List<Step> steps = new ArrayList<>();
    final Set<TargetRef> planned = new HashSet<>();
    final Set<String> visited = new HashSet<>();
    final boolean[] common = new boolean[11];
    long smallestWindow = Long.MAX_VALUE;
    boolean unusable;

    Walk(RouteTable table) {
      this.table = table;
      Arrays.fill(common, true);
    }

    void alias(AliasDefinition alias) {
      RouteTable.AliasTargets all = table.targetsOf(alias);
      List<RouteTable.Resolved> admitted = new ArrayList<>();
      List<RoutingStrategy.Candidate> candidates = new ArrayList<>();
      long total = 0;
      for (RouteTable.Resolved r : all.resolved()) {
        if (planned.add(r.config().ref())) {
          note(r);
          admitted.add(r);
          candidates.add(r.candidate());
          total += r.config().weight();
        }
      }
      steps.add(
          new Step(
              alias, all.builtIn(), List.copyOf(admitted), List.copyOf(candidates), total, null));
      for (String f : alias.fallbacks()) {
        fallback(f);
      }
    }

    void fallback(String f) {
      AliasDefinition next = table.aliases().get(f);
      if (next != null) {
        if (next.enabled() && visited.add(next.name())) {
          alias(next);
        }
        return;
      }
      RouteTable.Resolved r = table.directFallback(f);
      if (r == null) {
        // Refused at build time; should one get here, the call's own walk reports it.
        unusable = true;
        return;
      }
      if (planned.add(r.config().ref())) {
        note(r);
        steps.add(new Step(null, true, List.of(), List.of(), 1, r));
      }
    }

    private void note(RouteTable.Resolved r) {
      Capabilities c = r.capabilities();
      if (c == null) {
        unusable = true;
        return;
      }
      boolean[] has = {
        c.chat(),
        c.streaming(),
        c.tools(),
        c.vision(),
        c.jsonMode(),
        c.embeddings(),
        c.reasoning(),
        c.promptCaching(),
        c.images(),
        c.transcription(),
        c.speech()
      };
      for (int i = 0; i < has.length; i++) {
        common[i] &= has[i];
      }
      if (r.config().contextWindow() > 0) {
        smallestWindow = Math.min(smallestWindow, r.config().contextWindow());
      }
    }
  }
}
