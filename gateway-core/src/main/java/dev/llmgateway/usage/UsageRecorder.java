package dev.llmgateway.usage;

/**
 * The client's usage recording, as counters: how many records reached the sinks and how many were
 * lost, and why. Every record of a call is counted exactly once, as written, dropped or refused.
 * Thread-safe; returned by {@code GatewayClient.usage()}.
 */
public interface UsageRecorder {

  /**
   * Whether any sink is configured; without one nothing is recorded and every counter stays zero.
   *
   * @return {@code true} if records go to at least one sink
   */
  boolean enabled();

  /**
   * Records handed to the sinks so far (whether or not a sink then failed).
   *
   * @return the count
   */
  long writtenCount();

  /**
   * Records dropped because the queue was full (under {@link UsageQueuePolicy#DROP} at once, under
   * {@link UsageQueuePolicy#BLOCK} after the block timeout). Each drop also fires {@code
   * GatewayEventListener.usageDropped}.
   *
   * @return the count
   */
  long droppedCount();

  /**
   * Records refused because the client was closed (a stream read to its end after {@code close()}).
   *
   * @return the count
   */
  long refusedCount();

  /**
   * Times a sink threw from {@code write}, {@code flush} or {@code close}.
   *
   * @return the count
   */
  long sinkFailureCount();

  /**
   * Records waiting in the queue right now.
   *
   * @return the count
   */
  int queuedCount();
}
