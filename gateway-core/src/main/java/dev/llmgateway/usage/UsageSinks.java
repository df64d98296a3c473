package dev.llmgateway.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** The built-in {@link UsageSink}s. */
public final class UsageSinks {

  /** The logger name of {@link #slf4j()}: {@code dev.llmgateway.usage}. */
  public static final String DEFAULT_LOGGER_NAME = "dev.llmgateway.usage";

  /** The zone of daily files and aggregated days when none is given: UTC. */
  public static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;

  private UsageSinks() {}

  /**
   * Logs one INFO line per record as {@code key=value} pairs to the logger {@link
   * #DEFAULT_LOGGER_NAME}.
   *
   * @return the sink
   */
  public static UsageSink slf4j() {
    return slf4j(DEFAULT_LOGGER_NAME);
  }

  /**
   * Logs one INFO line per record as {@code key=value} pairs to the named logger.
   *
   * @param loggerName the SLF4J logger name
   * @return the sink
   * @throws IllegalArgumentException if the name is blank
   */
  public static UsageSink slf4j(String loggerName) {
    if (loggerName == null || loggerName.isBlank()) {
      throw new IllegalArgumentException("slf4j loggerName must not be blank, was " + loggerName);
    }
    return new Slf4jUsageSink(loggerName);
  }

  /**
   * Appends records as JSON Lines to daily files {@code usage-yyyy-MM-dd.jsonl} in {@code
   * directory}, days in {@link #DEFAULT_ZONE}.
   *
   * @param directory the directory; created if missing
   * @return the sink
   * @throws UncheckedIOException if the directory cannot be created
   * @see #jsonLines(Path, ZoneId)
   */
  public static UsageSink jsonLines(Path directory) {
    return jsonLines(directory, DEFAULT_ZONE);
  }

  /**
   * Appends records as JSON Lines to daily files {@code usage-yyyy-MM-dd.jsonl} in {@code
   * directory}: the date is the record's time in {@code zone}, so the sink rolls to a new file at
   * that zone's midnight by record time. Files are appended to, flushed whenever the queue runs
   * empty, and closed by the client's {@code close()}. One JSON object per line with these fields,
   * always present ({@code null} when absent): {@code requestId, time (ISO-8601 instant), kind,
   * tenant, team, feature, user, tags (object), requestedModel, alias, provider, model, keyId,
   * inputTokens, outputTokens, cachedReadTokens, cacheWriteTokens, reasoningTokens, costNanos
   * (integer nano-USD), costUsd (decimal string), costStatus, latencyNanos, timeToFirstTokenNanos,
   * cacheHit, attempts, outcome, errorKind, errorType}. {@link UsageReport#fromJsonLines} reads
   * them back.
   *
   * @param directory the directory; created if missing
   * @param zone the zone whose calendar days name the files
   * @return the sink
   * @throws UncheckedIOException if the directory cannot be created
   */
  public static UsageSink jsonLines(Path directory, ZoneId zone) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(zone, "zone");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create usage directory " + directory, e);
    }
    return new JsonLinesUsageSink(directory, zone);
  }

  /**
   * An in-memory aggregator with days in {@link #DEFAULT_ZONE}.
   *
   * @return a new aggregator
   */
  public static UsageAggregator aggregator() {
    return aggregator(DEFAULT_ZONE);
  }

  /**
   * An in-memory aggregator with days in {@code zone}.
   *
   * @param zone the zone whose calendar days group the totals
   * @return a new aggregator
   */
  public static UsageAggregator aggregator(ZoneId zone) {
    return new UsageAggregator(zone);
  }
}
