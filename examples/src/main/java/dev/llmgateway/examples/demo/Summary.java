package dev.llmgateway.examples.demo;

import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.model.Money;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageRecord;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns a run's records into the demo's summary: text for the terminal, and the traffic split as
 * numbers for tests.
 */
final class Summary {
  private final StringBuilder text = new StringBuilder();

  private Summary() {}

  /**
   * What a run produced.
   *
   * @param text the summary as printed
   * @param split calls answered by a provider, per alias and then per target ({@code
   *     provider/model}), both sorted by name
   */
  record Result(String text, Map<String, Map<String, Integer>> split) {}

  /**
   * Everything the summary reports, besides the usage records.
   *
   * @param fallbacks fallbacks by path and reason
   * @param circuits circuit state changes, as lines
   * @param refusals refused calls by reason
   * @param failures failed calls by reason
   * @param budgets every budget's status at the end of the run
   * @param explain the plan of one call, with a line saying when it was asked for
   */
  record Facts(
      Map<String, Integer> fallbacks,
      List<String> circuits,
      Map<String, Integer> refusals,
      Map<String, Integer> failures,
      List<BudgetStatus> budgets,
      String explain) {}

  /**
   * Renders the summary.
   *
   * @param facts what the run observed
   * @param records the run's usage records
   * @return the text and the split
   */
  static Result render(Facts facts, List<UsageRecord> records) {
    Summary s = new Summary();
    Map<String, Map<String, Integer>> split = split(records);
    s.traffic(split, records);
    s.fallbacks(facts);
    s.cache(records);
    s.spend(records, facts.budgets());
    s.refusals(facts);
    s.latency(records);
    s.section("Explain: the plan of a call, computed without calling anyone");
    s.line(facts.explain());
    return new Result(s.text.toString(), split);
  }

  /** Minutes and seconds since the start of a run: {@code +2:05}. */
  static String clockTime(Duration sinceStart) {
    long seconds = sinceStart.toSeconds();
    return String.format(Locale.ROOT, "+%d:%02d", seconds / 60, seconds % 60);
  }

  private static Map<String, Map<String, Integer>> split(List<UsageRecord> records) {
    Map<String, Map<String, Integer>> split = new TreeMap<>();
    for (UsageRecord r : answeredByProvider(records)) {
      split
          .computeIfAbsent(aliasOf(r), a -> new TreeMap<>())
          .merge(r.provider() + "/" + r.model(), 1, Integer::sum);
    }
    return split;
  }

  private void traffic(Map<String, Map<String, Integer>> split, List<UsageRecord> records) {
    section("Traffic: calls answered by a provider, per alias and the target that answered");
    line(String.format(Locale.ROOT, "  %-8s %-34s %6s %7s", "alias", "target", "calls", "share"));
    split.forEach(
        (alias, targets) -> {
          int total = targets.values().stream().mapToInt(Integer::intValue).sum();
          targets.forEach(
              (target, calls) ->
                  line(
                      String.format(
                          Locale.ROOT,
                          "  %-8s %-34s %6d %6.1f%%",
                          alias,
                          target,
                          calls,
                          100.0 * calls / total)));
        });
    long streams = records.stream().filter(r -> r.kind().name().equals("STREAM")).count();
    line(
        "  "
            + records.size()
            + " calls in all ("
            + streams
            + " streamed); the rest of them came from the cache or were refused.");
  }

  private void fallbacks(Facts facts) {
    int total = facts.fallbacks().values().stream().mapToInt(Integer::intValue).sum();
    section("Fallbacks: " + total + " (from -> to, and the error kind that caused it)");
    facts.fallbacks().forEach((path, n) -> line(String.format(Locale.ROOT, "  %4d  %s", n, path)));
    section("Circuit breakers (times on the demo's clock)");
    if (facts.circuits().isEmpty()) {
      line("  no circuit changed state");
    }
    facts.circuits().forEach(this::line);
  }

  private void cache(List<UsageRecord> records) {
    long hits = records.stream().filter(UsageRecord::cacheHit).count();
    long eligible = records.stream().filter(r -> r.outcome() == UsageOutcome.SUCCESS).count();
    long saved = records.stream().mapToLong(r -> r.savedCost().nanos()).sum();
    section("Response cache");
    line(
        String.format(
            Locale.ROOT,
            "  %d of %d answered calls came from the cache (%.1f%%), saving %s",
            hits,
            eligible,
            eligible == 0 ? 0.0 : 100.0 * hits / eligible,
            usd(Money.ofNanos(saved))));
  }

  private void spend(List<UsageRecord> records, List<BudgetStatus> budgets) {
    Map<String, long[]> byTeamAndFeature = new TreeMap<>();
    long total = 0;
    for (UsageRecord r : records) {
      String key =
          String.format(
              Locale.ROOT,
              "%-10s %-12s",
              nonNull(r.context().team()),
              nonNull(r.context().feature()));
      long[] sums = byTeamAndFeature.computeIfAbsent(key, k -> new long[2]);
      sums[0]++;
      sums[1] += r.cost().amount().nanos();
      total += r.cost().amount().nanos();
    }
    section("Spend per team and feature");
    line(String.format(Locale.ROOT, "  %-10s %-12s %6s %12s", "team", "feature", "calls", "spend"));
    byTeamAndFeature.forEach(
        (key, sums) ->
            line(
                String.format(
                    Locale.ROOT, "  %s %6d %12s", key, sums[0], usd(Money.ofNanos(sums[1])))));
    line(String.format(Locale.ROOT, "  %-30s %12s", "total", usd(Money.ofNanos(total))));
    section("Budgets");
    for (String row : BudgetStatus.table(budgets).split("\n")) {
      line("  " + row);
    }
  }

  private void refusals(Facts facts) {
    section("Refused before any provider was called, and failed calls");
    if (facts.refusals().isEmpty() && facts.failures().isEmpty()) {
      line("  none");
    }
    facts
        .refusals()
        .forEach((why, n) -> line(String.format(Locale.ROOT, "  %4d  refused: %s", n, why)));
    facts
        .failures()
        .forEach((why, n) -> line(String.format(Locale.ROOT, "  %4d  failed: %s", n, why)));
  }

  private void latency(List<UsageRecord> records) {
    section("Latency of calls answered by a provider (retries and fallbacks included)");
    List<UsageRecord> answered = answeredByProvider(records);
    line(String.format(Locale.ROOT, "  %-34s %6s %9s %9s", "target", "calls", "p50", "p99"));
    Map<String, List<Duration>> byTarget = new TreeMap<>();
    for (UsageRecord r : answered) {
      byTarget
          .computeIfAbsent(r.provider() + "/" + r.model(), t -> new ArrayList<>())
          .add(r.latency());
    }
    byTarget.forEach((target, latencies) -> latencyLine(target, latencies));
    latencyLine("all", answered.stream().map(UsageRecord::latency).toList());
  }

  private void latencyLine(String label, List<Duration> latencies) {
    List<Duration> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    line(
        String.format(
            Locale.ROOT,
            "  %-34s %6d %9s %9s",
            label,
            sorted.size(),
            millis(percentile(sorted, 50)),
            millis(percentile(sorted, 99))));
  }

  /** The nearest-rank percentile of sorted values. */
  private static Duration percentile(List<Duration> sorted, int p) {
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static List<UsageRecord> answeredByProvider(List<UsageRecord> records) {
    return records.stream()
        .filter(r -> r.outcome() == UsageOutcome.SUCCESS && !r.cacheHit() && r.provider() != null)
        .toList();
  }

  private static String aliasOf(UsageRecord r) {
    return r.alias() == null ? r.requestedModel() : r.alias();
  }

  private static String millis(Duration d) {
    return String.format(Locale.ROOT, "%,d ms", d.toMillis());
  }

  /** Dollars with four decimals, which is where these amounts differ. */
  static String usd(Money money) {
    return "$" + money.toUsd().setScale(4, RoundingMode.HALF_UP).toPlainString();
  }

  private static String nonNull(@Nullable String value) {
    return value == null ? "-" : value;
  }

  private void section(String title) {
    text.append('\n').append(title).append('\n');
  }

  private void line(String line) {
    text.append(line).append('\n');
  }
}
