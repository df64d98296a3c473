package dev.llmgateway.micrometer;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.routing.KeyHealth;
import dev.llmgateway.routing.TargetHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The gauges of one client, read when the registry is scraped: what each configured budget has left
 * in its current window, and how many keys of each target are in each circuit state. One gauge per
 * configured budget and three per configured target, so their number is bounded by the
 * configuration; {@link #sync} adds the gauges of budgets and targets a reload brought and removes
 * those it dropped. The client is held weakly: once it is gone the gauges read NaN. Thread-safe.
 */
final class ClientGauges {
  static final String BUDGET_REMAINING = "llm.gateway.budget.remaining";
  static final String CIRCUIT_STATE = "llm.gateway.circuit.state";
  private static final CircuitState[] STATES = {
    CircuitState.CLOSED, CircuitState.OPEN, CircuitState.HALF_OPEN
  };

  private final MeterRegistry meters;
  private final WeakReference<GatewayClient> client;
  private final Map<String, Meter> budgets = new HashMap<>();
  private final Map<String, Meter> circuits = new HashMap<>();

  ClientGauges(MeterRegistry meters, GatewayClient client) {
    this.meters = meters;
    this.client = new WeakReference<>(client);
  }

  /** Registers the gauges of the client's budgets and targets; removes those no longer there. */
  synchronized void sync() {
    GatewayClient c = client.get();
    if (c == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (Budget b : c.budgets().all()) {
      String id = b.scope() + "|" + b.window();
      seen.add(id);
      budgets.computeIfAbsent(id, k -> budgetGauge(b));
    }
    retain(budgets, seen);
    seen.clear();
    for (TargetHealth h : c.health()) {
      TargetRef target = h.target();
      for (CircuitState state : STATES) {
        String id = target + "|" + state;
        seen.add(id);
        circuits.computeIfAbsent(id, k -> circuitGauge(target, state));
      }
    }
    retain(circuits, seen);
  }

  private void retain(Map<String, Meter> gauges, Set<String> ids) {
    for (Iterator<Map.Entry<String, Meter>> it = gauges.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Meter> e = it.next();
      if (!ids.contains(e.getKey())) {
        meters.remove(e.getValue());
        it.remove();
      }
    }
  }

  private Meter budgetGauge(Budget budget) {
    return Gauge.builder(BUDGET_REMAINING, this, read(c -> remaining(c, budget)))
        .description("What a budget has left in its current window, in US dollars")
        .baseUnit("usd")
        .tags(Tags.of("budget.scope", budget.scope().toString(), "budget.window", window(budget)))
        .strongReference(true)
        .register(meters);
  }

  private Meter circuitGauge(TargetRef target, CircuitState state) {
    return Gauge.builder(CIRCUIT_STATE, this, read(c -> keysIn(c, target, state)))
        .description("The number of a target's keys whose circuit breaker is in the state")
        .tags(Tags.of("llm.gateway.target", target.toString(), "state", state.name()))
        .strongReference(true)
        .register(meters);
  }

  /** A gauge's reading: NaN once the client is gone, closed, or no longer has the thing read. */
  private static ToDoubleFunction<ClientGauges> read(ToDoubleFunction<GatewayClient> reading) {
    return g -> {
      GatewayClient c = g.client.get();
      if (c == null) {
        return Double.NaN;
      }
      try {
        return reading.applyAsDouble(c);
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    };
  }

  private static double remaining(GatewayClient c, Budget budget) {
    BudgetStatus status = statusOf(c.budgets().status(budget.scope()), budget);
    return status == null ? Double.NaN : status.remaining().toUsd().doubleValue();
  }

  private static @Nullable BudgetStatus statusOf(List<BudgetStatus> statuses, Budget budget) {
    for (BudgetStatus s : statuses) {
      if (s.budget().window() == budget.window()) {
        return s;
      }
    }
    return null;
  }

  private static double keysIn(GatewayClient c, TargetRef target, CircuitState state) {
    for (TargetHealth h : c.health()) {
      if (h.target().equals(target)) {
        int n = 0;
        for (KeyHealth k : h.keys()) {
          if (k.circuit() == state) {
            n++;
          }
        }
        return n;
      }
    }
    return Double.NaN;
  }

  private static String window(Budget budget) {
    return budget.window().name().toLowerCase(java.util.Locale.ROOT);
  }
}
