package dev.llmgateway.usage;

/** What recording does when the usage queue is full because the sinks fall behind. */
public enum UsageQueuePolicy {
  /**
   * The calling thread waits up to the configured block timeout for room; if none frees up the
   * record is dropped and counted.
   */
  BLOCK,
  /** The record is dropped and counted at once; the call never waits. */
  DROP
}
