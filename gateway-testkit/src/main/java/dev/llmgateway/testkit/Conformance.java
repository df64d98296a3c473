package dev.llmgateway.testkit;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@linkplain ConformanceScenario scenarios} of {@link ProviderConformanceTest} a provider
 * runs, and why it opts out of the others. Returned by {@link
 * ProviderConformanceTest#conformance()}.
 *
 * <pre>{@code
 * // A provider that talks HTTP to a FakeLlmServer dialect: every scenario, the default.
 * Conformance.fakeLlmServer()
 *
 * // A provider that answers without a server: it must opt out of every scenario that needs one.
 * Conformance.standalone()
 *     .without(ConformanceScenario.TOOL_CALLS, "answers from a table; it never calls tools")
 *     .without(ConformanceScenario.DEADLINE, "answers at once from memory; nothing can stall")
 *     ...
 * }</pre>
 *
 * <p>There is no blanket opt-out: each scenario a provider skips is named with its own reason,
 * which the test report shows beside the skipped tests. A standalone provider that forgets to opt
 * out of a scenario needing the fake server fails that scenario's tests with a message that says
 * so.
 *
 * <p>Immutable and thread-safe; {@link #without} returns a copy.
 */
public final class Conformance {
  private final boolean servedByFakeLlmServer;
  private final Map<ConformanceScenario, String> optOuts;

  private Conformance(boolean servedByFakeLlmServer, Map<ConformanceScenario, String> optOuts) {
    this.servedByFakeLlmServer = servedByFakeLlmServer;
    this.optOuts = optOuts;
  }

  /**
   * Every scenario, for a provider that sends its calls to the {@link FakeLlmServer} the suite
   * hands it (through {@link ProviderConformanceTest#settings(FakeLlmServer)}).
   *
   * @return the conformance, with no opt-outs
   */
  public static Conformance fakeLlmServer() {
    return new Conformance(true, Map.of());
  }

  /**
   * For a provider that answers without calling the {@link FakeLlmServer}, such as one that answers
   * from a table or runs a model in process. It must answer {@link
   * ProviderConformanceTest#QUESTION} with {@link ProviderConformanceTest#ANSWER}, and opt out,
   * each with a reason, of every scenario that {@linkplain ConformanceScenario#needsFakeLlmServer()
   * needs the fake server}.
   *
   * @return the conformance, with no opt-outs yet
   */
  public static Conformance standalone() {
    return new Conformance(false, Map.of());
  }

  /**
   * Returns a copy that opts out of a scenario. Its tests are then skipped (a JUnit assumption
   * fails) and the report shows {@code reason}. Opting out of the same scenario again replaces the
   * reason.
   *
   * @param scenario the scenario the provider cannot take part in
   * @param reason why, for the test report, such as {@code "answers from a table; it never calls
   *     tools"}
   * @return the copy
   * @throws NullPointerException if {@code scenario} or {@code reason} is null
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  public Conformance without(ConformanceScenario scenario, String reason) {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException(
          "Opting out of " + scenario + " needs a reason for the test report, but it was blank");
    }
    Map<ConformanceScenario, String> copy = new EnumMap<>(ConformanceScenario.class);
    copy.putAll(optOuts);
    copy.put(scenario, reason.strip());
    return new Conformance(servedByFakeLlmServer, Collections.unmodifiableMap(copy));
  }

  /**
   * Whether the provider under test sends its calls to the suite's {@link FakeLlmServer}.
   *
   * @return {@code true} for {@link #fakeLlmServer()}, {@code false} for {@link #standalone()}
   */
  public boolean servedByFakeLlmServer() {
    return servedByFakeLlmServer;
  }

  /**
   * Whether the provider takes part in a scenario, that is, did not opt out of it.
   *
   * @param scenario the scenario
   * @return {@code true} unless {@link #without} named it
   */
  public boolean runs(ConformanceScenario scenario) {
    return !optOuts.containsKey(Objects.requireNonNull(scenario, "scenario"));
  }

  /**
   * Why the provider opted out of a scenario.
   *
   * @param scenario the scenario
   * @return the reason given to {@link #without}, or empty if the provider runs the scenario
   */
  public Optional<String> optOutReason(ConformanceScenario scenario) {
    return Optional.ofNullable(optOuts.get(Objects.requireNonNull(scenario, "scenario")));
  }

  /**
   * The scenarios the provider runs.
   *
   * @return an immutable set, in declaration order
   */
  public Set<ConformanceScenario> scenarios() {
    Set<ConformanceScenario> running = EnumSet.allOf(ConformanceScenario.class);
    running.removeAll(optOuts.keySet());
    return Collections.unmodifiableSet(running);
  }

  /** Returns the mode and the opt-outs with their reasons. */
  @Override
  public String toString() {
    return "Conformance{"
        + (servedByFakeLlmServer ? "fakeLlmServer" : "standalone")
        + (optOuts.isEmpty() ? "" : ", without " + optOuts)
        + "}";
  }
}
