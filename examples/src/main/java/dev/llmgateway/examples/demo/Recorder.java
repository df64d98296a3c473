package dev.llmgateway.examples.demo;

import dev.llmgateway.CallInfo;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.usage.UsageRecord;
import dev.llmgateway.usage.UsageSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects what the summary reports: the gateway's events (fallbacks, circuit changes) as they
 * happen, and its usage records, which the client writes from its usage thread and drains on {@code
 * close()}. Thread-safe.
 */
final class Recorder extends GatewayEventListener implements UsageSink {
  private final Clock clock;
  private final Instant start;
  private final Map<String, Integer> fallbacks = new ConcurrentHashMap<>();
  private final List<String> circuits = new CopyOnWriteArrayList<>();
  private final List<UsageRecord> records = new CopyOnWriteArrayList<>();
  private volatile boolean circuitOpen;

  /**
   * Creates a recorder.
   *
   * @param clock the gateway's clock, to time circuit changes from the start of the run
   */
  Recorder(Clock clock) {
    this.clock = clock;
    this.start = clock.instant();
  }

  @Override
  public void fallback(CallInfo call, TargetRef from, TargetRef to, ErrorKind reason) {
    fallbacks.merge(from + " -> " + to + "  (" + reason + ")", 1, Integer::sum);
  }

  @Override
  public void circuitStateChanged(
      TargetRef target, String keyId, CircuitState from, CircuitState to) {
    if (to == CircuitState.OPEN) {
      circuitOpen = true;
    }
    circuits.add(
        "  "
            + Summary.clockTime(Duration.between(start, clock.instant()))
            + "  "
            + target
            + "  "
            + from
            + " -> "
            + to);
  }

  @Override
  public void write(List<UsageRecord> batch) {
    records.addAll(batch);
  }

  /**
   * Whether a circuit opened since the last call of this method.
   *
   * @return {@code true} once per opening
   */
  boolean takeCircuitOpened() {
    boolean opened = circuitOpen;
    circuitOpen = false;
    return opened;
  }

  /**
   * The fallbacks taken, by path and reason.
   *
   * @return counts, sorted by path
   */
  Map<String, Integer> fallbacks() {
    return new TreeMap<>(fallbacks);
  }

  /**
   * The circuit state changes, as lines.
   *
   * @return the lines in order
   */
  List<String> circuits() {
    return new ArrayList<>(circuits);
  }

  /**
   * The usage records; complete once the client is closed.
   *
   * @return the records in the order they were written
   */
  List<UsageRecord> records() {
    return new ArrayList<>(records);
  }
}
