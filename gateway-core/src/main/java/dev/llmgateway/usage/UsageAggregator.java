package dev.llmgateway.usage;

import dev.llmgateway.model.RequestContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A sink that keeps running totals in memory, one cell per day (in its zone), tenant, team,
 * feature, user, provider and model, and answers {@link #report} from them. Memory grows with the
 * number of distinct cells, not with the number of records. Tags are not kept.
 *
 * <p>Thread-safe: the usage writer thread writes while any thread asks for reports.
 *
 * <pre>{@code
 * UsageAggregator spend = UsageSinks.aggregator(ZoneId.of("Europe/Paris"));
 * GatewayClient gateway = GatewayClient.builder()...usage(u -> u.sink(spend)).build();
 * ...
 * UsageReport byTeam = spend.report(LocalDate.now(), LocalDate.now(), UsageDimension.TEAM);
 * }</pre>
 */
public final class UsageAggregator implements UsageSink {
  private final ZoneId zone;

  // The day of the last record written and its first and next day's first second: most records
  // fall on the same day, and LocalDate.ofInstant reads the zone's rules each time.
  private @Nullable LocalDate lastDay;
  private long lastDayStart;
  private long lastDayEnd;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Cell, Totals> cells = new HashMap<>();

  UsageAggregator(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** One fine-grained group; null parts are absent values. */
  record Cell(
      LocalDate day,
      @Nullable String tenant,
      @Nullable String team,
      @Nullable String feature,
      @Nullable String user,
      @Nullable String provider,
      @Nullable String model) {

    @Nullable String value(UsageDimension d) {
      return switch (d) {
        case TENANT -> tenant;
        case TEAM -> team;
        case FEATURE -> feature;
        case USER -> user;
        case PROVIDER -> provider;
        case MODEL -> model;
        case DAY -> day.toString();
      };
    }
  }

  /** The record's day in the zone; the last day and its bounds are kept (under the lock). */
  private LocalDate dayOf(Instant time) {
    long second = time.getEpochSecond();
    if (lastDay == null || second < lastDayStart || second >= lastDayEnd) {
      LocalDate day = LocalDate.ofInstant(time, zone);
      lastDayStart = day.atStartOfDay(zone).toEpochSecond();
      lastDayEnd = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
      lastDay = day;
      return day;
    }
    return lastDay;
  }

  /**
   * The zone whose calendar days the totals are kept in.
   *
   * @return the zone
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * Adds the records to the totals.
   *
   * @param records the records
   */
  @Override
  public void write(List<UsageRecord> records) {
    lock.lock();
    try {
      for (UsageRecord r : records) {
        add(r);
      }
    } finally {
      lock.unlock();
    }
  }

  private void add(UsageRecord r) {
    RequestContext c = r.context();
    Cell cell =
        new Cell(
            dayOf(r.time()), c.tenant(), c.team(), c.feature(), c.user(), r.provider(), r.model());
    cells.computeIfAbsent(cell, k -> new Totals()).add(r);
  }

  /**
   * Sums the totals of the days {@code from} to {@code to} (both included, in this aggregator's
   * zone), grouped by the given dimensions. With no dimension the report has one row.
   *
   * @param from the first day
   * @param to the last day
   * @param groupBy the dimensions, in column order
   * @return the report
   * @throws IllegalArgumentException if {@code to} is before {@code from} or a dimension repeats
   */
  public UsageReport report(LocalDate from, LocalDate to, UsageDimension... groupBy) {
    List<UsageDimension> dims = UsageReport.checkQuery(from, to, groupBy);
    List<Map.Entry<Cell, Totals>> snapshot = new ArrayList<>();
    lock.lock();
    try {
      for (Map.Entry<Cell, Totals> e : cells.entrySet()) {
        LocalDate day = e.getKey().day();
        if (!day.isBefore(from) && !day.isAfter(to)) {
          snapshot.add(Map.entry(e.getKey(), e.getValue().copy()));
        }
      }
    } finally {
      lock.unlock();
    }
    return UsageReport.group(from, to, zone, dims, snapshot, 0);
  }

  /**
   * Sums every day kept, grouped by the given dimensions.
   *
   * @param groupBy the dimensions, in column order
   * @return the report
   * @throws IllegalArgumentException if a dimension repeats
   */
  public UsageReport report(UsageDimension... groupBy) {
    return report(LocalDate.MIN, LocalDate.MAX, groupBy);
  }

  @Override
  public String toString() {
    return "UsageSinks.aggregator(" + zone + ")";
  }
}
