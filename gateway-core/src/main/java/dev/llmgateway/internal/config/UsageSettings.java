package dev.llmgateway.internal.config;

import dev.llmgateway.usage.UsageQueuePolicy;
import dev.llmgateway.usage.UsageSink;
import java.time.Duration;
import java.util.List;

/**
 * The validated usage settings.
 *
 * @param queueCapacity how many records may wait
 * @param whenFull what recording does when the queue is full
 * @param blockTimeout the longest wait for room under BLOCK
 * @param maxBatchSize the most records per sink write
 * @param closeTimeout the longest wait of close for the drain
 * @param sinks the sinks, in order; none disables recording
 */
public record UsageSettings(
    int queueCapacity,
    UsageQueuePolicy whenFull,
    Duration blockTimeout,
    int maxBatchSize,
    Duration closeTimeout,
    List<UsageSink> sinks) {

  /** No sinks: recording is off. */
  public static final UsageSettings NONE =
      new UsageSettings(
          1, UsageQueuePolicy.DROP, Duration.ZERO, 1, Duration.ofSeconds(1), List.of());

  /**
   * Copies the sinks.
   *
   * @param queueCapacity how many records may wait
   * @param whenFull what recording does when the queue is full
   * @param blockTimeout the longest wait for room under BLOCK
   * @param maxBatchSize the most records per sink write
   * @param closeTimeout the longest wait of close for the drain
   * @param sinks the sinks, in order; none disables recording
   */
  public UsageSettings {
    sinks = List.copyOf(sinks);
  }
}
