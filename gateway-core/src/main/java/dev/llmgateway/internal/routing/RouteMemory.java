package dev.llmgateway.internal.routing;

import dev.llmgateway.internal.util.Ticker;

/**
 * What routing remembers between calls: where conversations with cache affinity were served ({@link
 * CacheAffinity}) and which account holds each stored Responses answer ({@link ResponsePins}).
 * Lives in the engine's shared state, so clients derived with {@code newBuilder()} share it and a
 * new configuration snapshot keeps it; entries name targets and key ids, which a snapshot that no
 * longer has them simply does not find. Thread-safe.
 *
 * @param affinity the cache affinity bindings
 * @param pins the stored Responses answers
 */
public record RouteMemory(CacheAffinity affinity, ResponsePins pins) {

  /**
   * Creates an empty memory.
   *
   * @param ticker times the entries' lifetimes (the client's ticker, so a fake clock drives it)
   * @return the memory
   */
  public static RouteMemory create(Ticker ticker) {
    return new RouteMemory(new CacheAffinity(ticker), new ResponsePins(ticker));
  }
}
