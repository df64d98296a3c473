package dev.llmgateway.usage;

/** Running sums of a group of records. Not thread-safe; money as long nanos, never double. */
final class Totals {
  long requests;
  long successes;
  long cacheHits;
  long inputTokens;
  long outputTokens;
  long cachedReadTokens;
  long cacheWriteTokens;
  long reasoningTokens;
  long costNanos;
  long unknownCostRequests;

  void add(UsageRecord r) {
    requests++;
    if (r.succeeded()) {
      successes++;
    }
    if (r.cacheHit()) {
      cacheHits++;
    }
    inputTokens += r.usage().inputTokens();
    outputTokens += r.usage().outputTokens();
    cachedReadTokens += r.usage().cachedReadInputTokens();
    cacheWriteTokens += r.usage().cacheWriteInputTokens();
    reasoningTokens += r.usage().reasoningTokens();
    costNanos = Math.addExact(costNanos, r.cost().amount().nanos());
    if (!r.cost().known()) {
      unknownCostRequests++;
    }
  }

  void add(Totals t) {
    requests += t.requests;
    successes += t.successes;
    cacheHits += t.cacheHits;
    inputTokens += t.inputTokens;
    outputTokens += t.outputTokens;
    cachedReadTokens += t.cachedReadTokens;
    cacheWriteTokens += t.cacheWriteTokens;
    reasoningTokens += t.reasoningTokens;
    costNanos = Math.addExact(costNanos, t.costNanos);
    unknownCostRequests += t.unknownCostRequests;
  }

  Totals copy() {
    Totals t = new Totals();
    t.add(this);
    return t;
  }
}
