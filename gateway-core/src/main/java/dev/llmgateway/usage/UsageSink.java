package dev.llmgateway.usage;

import java.util.List;

/**
 * Where usage records go. The client calls a sink only from its one usage writer thread, never from
 * a caller's thread, so an implementation needs no locking of its own unless it is read from other
 * threads (as {@link UsageAggregator} is). An exception from a sink is logged and counted ({@link
 * UsageRecorder#sinkFailureCount()}); it never reaches a call and does not stop the other sinks.
 *
 * <p>Built-in sinks come from {@link UsageSinks}.
 */
public interface UsageSink {

  /**
   * Takes a batch of records, in the order they were recorded.
   *
   * @param records one or more records; the list is not kept by the caller after the call
   */
  void write(List<UsageRecord> records);

  /**
   * Pushes buffered records to their destination; called when the queue has run empty and before
   * {@link #close()}. Defaults to doing nothing.
   */
  default void flush() {}

  /**
   * Releases the sink's resources; called once, by the client's {@code close()}, after every queued
   * record was written and flushed. Defaults to doing nothing.
   */
  default void close() {}
}
