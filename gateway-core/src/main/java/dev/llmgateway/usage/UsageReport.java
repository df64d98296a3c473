package dev.llmgateway.usage;

import dev.llmgateway.model.Money;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spend, tokens, requests, success rate and cache-hit rate over a range of days, grouped by any of
 * tenant, team, feature, user, provider, model and day. Computed from the JSON Lines files ({@link
 * #fromJsonLines}), from records ({@link #of}) or from a {@link UsageAggregator}; exported with
 * {@link #toCsv()}. Money is summed as whole nano-dollars, never as {@code double}. Immutable.
 *
 * <pre>{@code
 * UsageReport report = UsageReport.fromJsonLines(dir, ZoneOffset.UTC,
 *     LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30),
 *     UsageDimension.TENANT, UsageDimension.MODEL);
 * Files.writeString(Path.of("spend.csv"), report.toCsv());
 * }</pre>
 */
public final class UsageReport {
  private static final Logger log = LoggerFactory.getLogger(UsageReport.class);

  private final LocalDate from;
  private final LocalDate to;
  private final ZoneId zone;
  private final List<UsageDimension> groupBy;
  private final List<Row> rows;
  private final Row total;
  private final long skippedLines;

  private UsageReport(
      LocalDate from,
      LocalDate to,
      ZoneId zone,
      List<UsageDimension> groupBy,
      List<Row> rows,
      Row total,
      long skippedLines) {
    this.from = from;
    this.to = to;
    this.zone = zone;
    this.groupBy = groupBy;
    this.rows = rows;
    this.total = total;
    this.skippedLines = skippedLines;
  }

  /**
   * One group's totals.
   *
   * @param keys the group's value per dimension of {@link #groupBy()}, in that order; an absent
   *     value (no tenant, no provider called) is the empty string
   * @param requests the calls
   * @param successes the calls that succeeded
   * @param cacheHits the calls answered from the cache
   * @param inputTokens all prompt tokens
   * @param outputTokens all generated tokens
   * @param cachedReadTokens prompt tokens read from the provider's prompt cache
   * @param cacheWriteTokens prompt tokens written to the provider's prompt cache
   * @param reasoningTokens generated tokens spent on reasoning
   * @param costNanos the summed cost in nano-dollars
   * @param unknownCostRequests the calls whose cost was unknown (counted as zero in {@code
   *     costNanos})
   */
  public record Row(
      List<String> keys,
      long requests,
      long successes,
      long cacheHits,
      long inputTokens,
      long outputTokens,
      long cachedReadTokens,
      long cacheWriteTokens,
      long reasoningTokens,
      long costNanos,
      long unknownCostRequests) {

    /**
     * Copies the keys.
     *
     * @param keys the group's value per dimension, the empty string when absent
     * @param requests the calls
     * @param successes the calls that succeeded
     * @param cacheHits the calls answered from the cache
     * @param inputTokens all prompt tokens
     * @param outputTokens all generated tokens
     * @param cachedReadTokens prompt tokens read from the provider's prompt cache
     * @param cacheWriteTokens prompt tokens written to the provider's prompt cache
     * @param reasoningTokens generated tokens spent on reasoning
     * @param costNanos the summed cost in nano-dollars
     * @param unknownCostRequests the calls whose cost was unknown
     */
    public Row {
      keys = List.copyOf(keys);
    }

    private static Row of(List<String> keys, Totals t) {
      return new Row(
          keys,
          t.requests,
          t.successes,
          t.cacheHits,
          t.inputTokens,
          t.outputTokens,
          t.cachedReadTokens,
          t.cacheWriteTokens,
          t.reasoningTokens,
          t.costNanos,
          t.unknownCostRequests);
    }

    /**
     * The calls that did not succeed (failed, cancelled or refused).
     *
     * @return {@code requests - successes}
     */
    public long failures() {
      return requests - successes;
    }

    /**
     * The summed cost.
     *
     * @return the cost as money
     */
    public Money cost() {
      return Money.ofNanos(costNanos);
    }

    /**
     * Input plus output tokens.
     *
     * @return the total
     */
    public long totalTokens() {
      return inputTokens + outputTokens;
    }

    /**
     * The share of calls that succeeded.
     *
     * @return 0..1, or 0 without calls
     */
    public double successRate() {
      return requests == 0 ? 0 : (double) successes / requests;
    }

    /**
     * The share of calls answered from the cache.
     *
     * @return 0..1, or 0 without calls
     */
    public double cacheHitRate() {
      return requests == 0 ? 0 : (double) cacheHits / requests;
    }
  }

  /**
   * Reads the daily files a {@link UsageSinks#jsonLines(Path, ZoneId)} sink wrote into {@code
   * directory} and sums the records whose day (in {@code zone}) lies in {@code from..to}. Pass the
   * zone the sink used; files of the neighbouring days are read too, so a different zone still
   * finds every record. A line that is not a usage record (such as one cut short by a crash) is
   * skipped, logged at WARN and counted in {@link #skippedLines()}.
   *
   * @param directory the sink's directory
   * @param zone the zone whose calendar days {@code from}, {@code to} and {@link
   *     UsageDimension#DAY} are in
   * @param from the first day, included
   * @param to the last day, included
   * @param groupBy the dimensions, in column order; none for one total row
   * @return the report
   * @throws IllegalArgumentException if {@code to} is before {@code from} or a dimension repeats
   * @throws UncheckedIOException if a file cannot be read
   */
  public static UsageReport fromJsonLines(
      Path directory, ZoneId zone, LocalDate from, LocalDate to, UsageDimension... groupBy) {
    Objects.requireNonNull(directory, "directory");
    List<UsageDimension> dims = checkQuery(from, to, groupBy);
    UsageAggregator sums = new UsageAggregator(zone);
    List<UsageRecord> batch = new ArrayList<>(1);
    long skipped = 0;
    for (Path file : filesFor(directory, from, to)) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          UsageRecord r;
          try {
            r = UsageJson.read(line);
          } catch (IllegalArgumentException | java.time.DateTimeException e) {
            skipped++;
            log.warn("Skipping line {} of {}: {}", number, file, e.getMessage());
            continue;
          }
          LocalDate day = LocalDate.ofInstant(r.time(), zone);
          if (!day.isBefore(from) && !day.isAfter(to)) {
            batch.clear();
            batch.add(r);
            sums.write(batch);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read usage file " + file, e);
      }
    }
    UsageReport r = sums.report(from, to, dims.toArray(new UsageDimension[0]));
    return new UsageReport(r.from, r.to, r.zone, r.groupBy, r.rows, r.total, skipped);
  }

  /** The sink's daily files of the days {@code from - 1} to {@code to + 1}, by date. */
  private static List<Path> filesFor(Path directory, LocalDate from, LocalDate to) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return files;
    }
    try (DirectoryStream<Path> all = Files.newDirectoryStream(directory)) {
      for (Path file : all) {
        LocalDate day = JsonLinesUsageSink.dayOf(file.getFileName().toString());
        if (day != null
            && day.plusDays(1).compareTo(from) >= 0
            && day.minusDays(1).compareTo(to) <= 0
            && Files.isRegularFile(file)) {
          files.add(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list usage directory " + directory, e);
    }
    files.sort(Comparator.naturalOrder());
    return files;
  }

  /**
   * Sums the given records whose day (in {@code zone}) lies in {@code from..to}.
   *
   * @param records the records
   * @param zone the zone of the days
   * @param from the first day, included
   * @param to the last day, included
   * @param groupBy the dimensions, in column order; none for one total row
   * @return the report
   * @throws IllegalArgumentException if {@code to} is before {@code from} or a dimension repeats
   */
  public static UsageReport of(
      Collection<UsageRecord> records,
      ZoneId zone,
      LocalDate from,
      LocalDate to,
      UsageDimension... groupBy) {
    UsageAggregator sums = new UsageAggregator(zone);
    sums.write(List.copyOf(records));
    return sums.report(from, to, groupBy);
  }

  static List<UsageDimension> checkQuery(LocalDate from, LocalDate to, UsageDimension... groupBy) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(
          "UsageReport range must not end before it starts, was " + from + ".." + to);
    }
    EnumSet<UsageDimension> seen = EnumSet.noneOf(UsageDimension.class);
    for (UsageDimension d : groupBy) {
      if (!seen.add(Objects.requireNonNull(d, "groupBy dimension"))) {
        throw new IllegalArgumentException(
            "UsageReport groupBy repeats " + d + ", was " + List.of(groupBy));
      }
    }
    return List.of(groupBy);
  }

  static UsageReport group(
      LocalDate from,
      LocalDate to,
      ZoneId zone,
      List<UsageDimension> dims,
      List<Map.Entry<UsageAggregator.Cell, Totals>> cells,
      long skippedLines) {
    Map<List<String>, Totals> groups = new HashMap<>();
    Totals all = new Totals();
    for (Map.Entry<UsageAggregator.Cell, Totals> e : cells) {
      List<String> keys = new ArrayList<>(dims.size());
      for (UsageDimension d : dims) {
        String v = e.getKey().value(d);
        keys.add(v == null ? "" : v);
      }
      groups.computeIfAbsent(List.copyOf(keys), k -> new Totals()).add(e.getValue());
      all.add(e.getValue());
    }
    List<Row> rows = new ArrayList<>();
    groups.forEach((k, t) -> rows.add(Row.of(k, t)));
    rows.sort(KEY_ORDER);
    return new UsageReport(
        from, to, zone, dims, List.copyOf(rows), Row.of(List.of(), all), skippedLines);
  }

  private static final Comparator<Row> KEY_ORDER =
      (a, b) -> {
        for (int i = 0; i < a.keys().size(); i++) {
          int c = a.keys().get(i).compareTo(b.keys().get(i));
          if (c != 0) {
            return c;
          }
        }
        return 0;
      };

  /**
   * The first day of the range.
   *
   * @return the first day, included
   */
  public LocalDate from() {
    return from;
  }

  /**
   * The last day of the range.
   *
   * @return the last day, included
   */
  public LocalDate to() {
    return to;
  }

  /**
   * The zone of the days.
   *
   * @return the zone
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * The dimensions grouped by, in column order.
   *
   * @return the dimensions
   */
  public List<UsageDimension> groupBy() {
    return groupBy;
  }

  /**
   * One row per group that has calls, sorted by its keys.
   *
   * @return the rows
   */
  public List<Row> rows() {
    return rows;
  }

  /**
   * The sum of all rows, with no keys.
   *
   * @return the total
   */
  public Row total() {
    return total;
  }

  /**
   * The row of one group.
   *
   * @param keys the group's values, in the order of {@link #groupBy()}; {@code ""} for absent
   * @return the row, or {@code null} if the group had no calls
   */
  public @Nullable Row row(String... keys) {
    List<String> k = List.of(keys);
    for (Row r : rows) {
      if (r.keys().equals(k)) {
        return r;
      }
    }
    return null;
  }

  /**
   * Lines of the JSON Lines files that were not usage records and were skipped.
   *
   * @return the count; always 0 for reports not read from files
   */
  public long skippedLines() {
    return skippedLines;
  }

  /**
   * The report as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted,
   * quotes doubled). A header line, then one line per row. The columns are the dimensions in lower
   * case, then {@code requests, successes, failures, success_rate, cache_hits, cache_hit_rate,
   * input_tokens, output_tokens, cached_read_tokens, cache_write_tokens, reasoning_tokens,
   * cost_usd, unknown_cost_requests}. Rates have four decimals; {@code cost_usd} is the exact sum
   * with nine decimals.
   *
   * @return the CSV text
   */
  public String toCsv() {
    StringBuilder sb = new StringBuilder();
    List<String> header = new ArrayList<>();
    for (UsageDimension d : groupBy) {
      header.add(d.name().toLowerCase(Locale.ROOT));
    }
    header.addAll(
        List.of(
            "requests",
            "successes",
            "failures",
            "success_rate",
            "cache_hits",
            "cache_hit_rate",
            "input_tokens",
            "output_tokens",
            "cached_read_tokens",
            "cache_write_tokens",
            "reasoning_tokens",
            "cost_usd",
            "unknown_cost_requests"));
    csvLine(sb, header);
    for (Row r : rows) {
      List<String> cells = new ArrayList<>(r.keys());
      cells.add(Long.toString(r.requests()));
      cells.add(Long.toString(r.successes()));
      cells.add(Long.toString(r.failures()));
      cells.add(rate(r.successes(), r.requests()));
      cells.add(Long.toString(r.cacheHits()));
      cells.add(rate(r.cacheHits(), r.requests()));
      cells.add(Long.toString(r.inputTokens()));
      cells.add(Long.toString(r.outputTokens()));
      cells.add(Long.toString(r.cachedReadTokens()));
      cells.add(Long.toString(r.cacheWriteTokens()));
      cells.add(Long.toString(r.reasoningTokens()));
      cells.add(r.cost().toUsd().toPlainString());
      cells.add(Long.toString(r.unknownCostRequests()));
      csvLine(sb, cells);
    }
    return sb.toString();
  }

  private static String rate(long part, long whole) {
    if (whole == 0) {
      return "0.0000";
    }
    return BigDecimal.valueOf(part)
        .divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  private static void csvLine(StringBuilder sb, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String c = cells.get(i);
      if (c.indexOf(',') >= 0
          || c.indexOf('"') >= 0
          || c.indexOf('\n') >= 0
          || c.indexOf('\r') >= 0) {
        sb.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(c);
      }
    }
    sb.append("\r\n");
  }

  @Override
  public String toString() {
    return "UsageReport{"
        + from
        + ".."
        + to
        + " "
        + zone
        + ", groupBy="
        + groupBy
        + ", rows="
        + rows.size()
        + ", requests="
        + total.requests()
        + ", cost="
        + total.cost()
        + "}";
  }
}
