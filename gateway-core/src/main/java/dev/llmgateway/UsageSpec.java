package dev.llmgateway;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.internal.config.UsageSettings;
import dev.llmgateway.usage.UsageQueuePolicy;
import dev.llmgateway.usage.UsageSink;
import dev.llmgateway.usage.UsageSinks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Configures usage recording inside {@link
 * GatewayClient.Builder#usage(java.util.function.Consumer)}: one {@link
 * dev.llmgateway.usage.UsageRecord} per call goes through a bounded queue to a daemon writer thread
 * ({@code llm-gateway-usage-writer}), which hands batches to the sinks. The calling thread only
 * enqueues: no I/O and no JSON on the request path. {@link GatewayClient#close()} writes every
 * record queued before it, flushes and closes the sinks. Without a sink nothing is recorded and no
 * thread is started.
 *
 * <pre>{@code
 * .usage(u -> u.queueCapacity(10_000).whenFull(UsageQueuePolicy.DROP)
 *     .sink(UsageSinks.jsonLines(Path.of("/var/log/llm")))
 *     .sink(UsageSinks.slf4j()))
 * }</pre>
 *
 * <p>Every setter checks its argument at once and throws {@link ConfigurationException} with the
 * value given. Not thread-safe; used only while the builder runs its configurer.
 */
public final class UsageSpec {
  /** Default number of records the queue holds: 10,000. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  /** Default reaction to a full queue: {@link UsageQueuePolicy#BLOCK}. */
  public static final UsageQueuePolicy DEFAULT_WHEN_FULL = UsageQueuePolicy.BLOCK;

  /** Default longest wait for room under {@link UsageQueuePolicy#BLOCK}: 100 milliseconds. */
  public static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofMillis(100);

  /** Default most records handed to a sink in one {@code write}: 500. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 500;

  /** Default longest wait of {@code close()} for the queue to drain: 30 seconds. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
  private UsageQueuePolicy whenFull = DEFAULT_WHEN_FULL;
  private Duration blockTimeout = DEFAULT_BLOCK_TIMEOUT;
  private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
  private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
  private final List<UsageSink> sinks = new ArrayList<>();

  UsageSpec() {}

  /**
   * Sets how many records may wait for the writer thread. Defaults to {@link
   * #DEFAULT_QUEUE_CAPACITY}.
   *
   * @param capacity one or more
   * @return this spec
   * @throws ConfigurationException if not positive
   */
  public UsageSpec queueCapacity(int capacity) {
    if (capacity < 1) {
      throw new ConfigurationException("usage queueCapacity must be positive, was " + capacity);
    }
    this.queueCapacity = capacity;
    return this;
  }

  /**
   * Sets what recording does when the queue is full. Either way a lost record is counted ({@link
   * dev.llmgateway.usage.UsageRecorder#droppedCount()}) and reported to {@link
   * GatewayEventListener#usageDropped}. Defaults to {@link #DEFAULT_WHEN_FULL}.
   *
   * @param policy block briefly, or drop at once
   * @return this spec
   * @throws ConfigurationException if null
   */
  public UsageSpec whenFull(UsageQueuePolicy policy) {
    if (policy == null) {
      throw new ConfigurationException("usage whenFull must not be null");
    }
    this.whenFull = policy;
    return this;
  }

  /**
   * Sets the longest time a call waits for room in a full queue under {@link
   * UsageQueuePolicy#BLOCK} before its record is dropped. Defaults to {@link
   * #DEFAULT_BLOCK_TIMEOUT}.
   *
   * @param timeout zero or more
   * @return this spec
   * @throws ConfigurationException if null or negative
   */
  public UsageSpec blockTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new ConfigurationException(
          "usage blockTimeout must be zero or positive, was " + timeout);
    }
    this.blockTimeout = timeout;
    return this;
  }

  /**
   * Sets the most records the writer hands to a sink in one {@code write}. Defaults to {@link
   * #DEFAULT_MAX_BATCH_SIZE}.
   *
   * @param size one or more
   * @return this spec
   * @throws ConfigurationException if not positive
   */
  public UsageSpec maxBatchSize(int size) {
    if (size < 1) {
      throw new ConfigurationException("usage maxBatchSize must be positive, was " + size);
    }
    this.maxBatchSize = size;
    return this;
  }

  /**
   * Sets the longest time {@link GatewayClient#close()} waits for the writer to drain the queue and
   * close the sinks (a sink that hangs must not hang the application's shutdown). If it passes,
   * close logs a WARN with the number of records still queued and returns; the daemon writer keeps
   * draining while the JVM lives. Defaults to {@link #DEFAULT_CLOSE_TIMEOUT}.
   *
   * @param timeout a positive duration
   * @return this spec
   * @throws ConfigurationException if null, zero or negative
   */
  public UsageSpec closeTimeout(Duration timeout) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new ConfigurationException("usage closeTimeout must be positive, was " + timeout);
    }
    this.closeTimeout = timeout;
    return this;
  }

  /**
   * Adds a sink; records go to every sink, in the order added. See {@link UsageSinks} for the
   * built-in ones. Defaults to none (usage is not recorded).
   *
   * @param sink the sink
   * @return this spec
   * @throws ConfigurationException if null or already added
   */
  public UsageSpec sink(UsageSink sink) {
    if (sink == null) {
      throw new ConfigurationException("usage sink must not be null");
    }
    for (UsageSink s : sinks) {
      if (s == sink) {
        throw new ConfigurationException("usage sink " + sink + " is already added");
      }
    }
    sinks.add(sink);
    return this;
  }

  UsageSettings toSettings() {
    return new UsageSettings(
        queueCapacity, whenFull, blockTimeout, maxBatchSize, closeTimeout, sinks);
  }

  @Override
  public String toString() {
    return "UsageSpec{queueCapacity="
        + queueCapacity
        + ", whenFull="
        + whenFull
        + ", blockTimeout="
        + blockTimeout
        + ", sinks="
        + sinks
        + "}";
  }
}
