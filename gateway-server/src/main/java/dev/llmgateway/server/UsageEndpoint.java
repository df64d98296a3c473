package dev.llmgateway.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.model.Money;
import dev.llmgateway.usage.UsageAggregator;
import dev.llmgateway.usage.UsageDimension;
import dev.llmgateway.usage.UsageReport;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/usage?from=&to=&groupBy=&tenant=&format=}: the usage records of this server's
 * calls, summed by day range and grouped, as JSON or CSV. A tenant's key sees its own tenant only;
 * the admin key sees every tenant and may filter one.
 */
final class UsageEndpoint {
  private final UsageAggregator aggregator;
  private final Clock clock;

  UsageEndpoint(UsageAggregator aggregator, Clock clock) {
    this.aggregator = aggregator;
    this.clock = clock;
  }

  /** The zone of the days reported. */
  java.time.ZoneId zone() {
    return aggregator.zone();
  }

  void handle(Exchange ex, Caller caller) throws IOException {
    LocalDate today = LocalDate.now(clock.withZone(aggregator.zone()));
    LocalDate from = date(ex.query("from"), "from", today);
    LocalDate to = date(ex.query("to"), "to", from.isAfter(today) ? from : today);
    if (to.isBefore(from)) {
      throw ApiError.invalid("to", "'to' must not be before 'from'");
    }
    List<UsageDimension> groupBy = dimensions(ex.query("groupBy"));
    String tenant = caller.admin() ? ex.query("tenant") : caller.tenant();
    List<Group> groups = report(from, to, groupBy, tenant);
    String format = ex.query("format");
    String accept = ex.header("Accept");
    boolean csv =
        "csv".equalsIgnoreCase(format)
            || (format == null && accept != null && accept.contains("text/csv"));
    if (csv) {
      ex.sendText(200, "text/csv; charset=utf-8", csv(groupBy, groups));
    } else {
      ex.sendJson(200, json(from, to, groupBy, tenant, groups));
    }
  }

  /** One group's sums. */
  static final class Group {
    final List<String> keys;
    long requests;
    long successes;
    long cacheHits;
    long inputTokens;
    long outputTokens;
    long costNanos;

    Group(List<String> keys) {
      this.keys = keys;
    }

    void add(UsageReport.Row r) {
      requests += r.requests();
      successes += r.successes();
      cacheHits += r.cacheHits();
      inputTokens += r.inputTokens();
      outputTokens += r.outputTokens();
      costNanos += r.costNanos();
    }
  }

  /** The report grouped by the tenant too, filtered to one tenant when asked, then summed back. */
  List<Group> report(
      LocalDate from, LocalDate to, List<UsageDimension> groupBy, @Nullable String tenant) {
    List<UsageDimension> dims = new ArrayList<>(groupBy);
    int tenantAt = dims.indexOf(UsageDimension.TENANT);
    if (tenantAt < 0) {
      tenantAt = dims.size();
      dims.add(UsageDimension.TENANT);
    }
    UsageReport report = aggregator.report(from, to, dims.toArray(UsageDimension[]::new));
    Map<List<String>, Group> out = new LinkedHashMap<>();
    for (UsageReport.Row row : report.rows()) {
      String rowTenant = row.keys().get(tenantAt);
      if (tenant != null && !tenant.equals(rowTenant)) {
        continue;
      }
      List<String> keys = row.keys().subList(0, groupBy.size());
      out.computeIfAbsent(keys, Group::new).add(row);
    }
    return new ArrayList<>(out.values());
  }

  static LocalDate date(@Nullable String text, String name, LocalDate dflt) {
    if (text == null || text.isBlank()) {
      return dflt;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(
          name, "'" + name + "' must be a date as yyyy-MM-dd, was '" + text + "'");
    }
  }

  static List<UsageDimension> dimensions(@Nullable String text) {
    List<UsageDimension> dims = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return dims;
    }
    for (String part : text.split(",")) {
      String name = part.strip().toUpperCase(Locale.ROOT);
      try {
        UsageDimension d = UsageDimension.valueOf(name);
        if (!dims.contains(d)) {
          dims.add(d);
        }
      } catch (IllegalArgumentException e) {
        throw ApiError.invalid(
            "groupBy",
            "Unknown groupBy '"
                + part.strip()
                + "'; use day, tenant, team, feature, user, provider or model");
      }
    }
    return dims;
  }

  private static ObjectNode json(
      LocalDate from,
      LocalDate to,
      List<UsageDimension> groupBy,
      @Nullable String tenant,
      List<Group> groups) {
    ObjectNode o = Json.object();
    o.put("object", "usage_report");
    o.put("from", from.toString());
    o.put("to", to.toString());
    if (tenant != null) {
      o.put("tenant", tenant);
    }
    ArrayNode by = o.putArray("groupBy");
    groupBy.forEach(d -> by.add(name(d)));
    ArrayNode rows = o.putArray("rows");
    Group total = new Group(List.of());
    for (Group g : groups) {
      ObjectNode row = rows.addObject();
      for (int i = 0; i < groupBy.size(); i++) {
        row.put(name(groupBy.get(i)), g.keys.get(i));
      }
      fill(row, g);
      total.requests += g.requests;
      total.successes += g.successes;
      total.cacheHits += g.cacheHits;
      total.inputTokens += g.inputTokens;
      total.outputTokens += g.outputTokens;
      total.costNanos += g.costNanos;
    }
    fill(o.putObject("total"), total);
    return o;
  }

  private static void fill(ObjectNode row, Group g) {
    row.put("requests", g.requests);
    row.put("successes", g.successes);
    row.put("errors", g.requests - g.successes);
    row.put("cacheHits", g.cacheHits);
    row.put("inputTokens", g.inputTokens);
    row.put("outputTokens", g.outputTokens);
    row.put("totalTokens", g.inputTokens + g.outputTokens);
    row.put("costUsd", Money.ofNanos(g.costNanos).toUsd().toPlainString());
  }

  private static String csv(List<UsageDimension> groupBy, List<Group> groups) {
    StringBuilder sb = new StringBuilder();
    for (UsageDimension d : groupBy) {
      sb.append(name(d)).append(',');
    }
    sb.append("requests,successes,errors,cacheHits,inputTokens,outputTokens,totalTokens,costUsd\n");
    for (Group g : groups) {
      for (String k : g.keys) {
        sb.append(cell(k)).append(',');
      }
      sb.append(g.requests).append(',').append(g.successes).append(',');
      sb.append(g.requests - g.successes).append(',').append(g.cacheHits).append(',');
      sb.append(g.inputTokens).append(',').append(g.outputTokens).append(',');
      sb.append(g.inputTokens + g.outputTokens).append(',');
      sb.append(Money.ofNanos(g.costNanos).toUsd().toPlainString()).append('\n');
    }
    return sb.toString();
  }

  private static String cell(String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0;
    String v = value;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }

  static String name(UsageDimension d) {
    return d.name().toLowerCase(Locale.ROOT);
  }
}
