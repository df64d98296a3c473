package dev.llmgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.CallInfo;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageReportTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final LocalDate FIRST = LocalDate.of(2026, 11, 20);
  private static final String[] TENANTS = {"acme", "globex", "initech, \"inc\""};
  private static final String[] TEAMS = {"search", "support"};
  private static final String[] MODELS = {"gpt-4o-mini", "claude-haiku-4-5"};

  /** 600 records over five Paris days (some near midnight), with failures, hits and costs. */
  private static List<UsageRecord> records() {
    Random random = new Random(7);
    List<UsageRecord> out = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      LocalDate day = FIRST.plusDays(i % 5);
      // Spread over the day, including the first and last minutes in Paris.
      long second = i % 7 == 0 ? 86_399 : i % 11 == 0 ? 0 : random.nextInt(86_400);
      Instant time = day.atStartOfDay(PARIS).toInstant().plusSeconds(second);
      String tenant = TENANTS[random.nextInt(TENANTS.length)];
      RequestContext ctx =
          new RequestContext(
              tenant,
              i % 13 == 0 ? null : TEAMS[random.nextInt(TEAMS.length)],
              "f" + random.nextInt(3),
              "u" + random.nextInt(4),
              Map.of("env", "prod"));
      int m = random.nextInt(MODELS.length);
      boolean ok = random.nextInt(10) != 0;
      long input = 100 + random.nextInt(1000);
      long output = ok ? 10 + random.nextInt(500) : 0;
      Cost cost =
          !ok ? Cost.UNKNOWN : Cost.reported(Money.ofNanos(1_000L + random.nextInt(9_000_000)));
      out.add(
          new UsageRecord(
              "call-" + i,
              time,
              i % 3 == 0 ? CallInfo.Kind.STREAM : CallInfo.Kind.CHAT,
              ctx,
              "fast",
              "fast",
              m == 0 ? "openai" : "claude",
              MODELS[m],
              "key-" + (i % 2),
              ok ? new Usage(input, output, input / 4, input / 8, output / 3) : Usage.ZERO,
              cost,
              Duration.ofMillis(10 + i),
              i % 3 == 0 ? Duration.ofMillis(5) : null,
              ok && random.nextInt(5) == 0,
              Money.ZERO,
              ok ? 1 : 2,
              ok ? UsageOutcome.SUCCESS : UsageOutcome.FAILURE,
              ok ? null : ErrorKind.UNAVAILABLE,
              ok ? null : "AllTargetsFailedException"));
    }
    return out;
  }

  /** The expected rows, computed straight from the records. */
  private static Map<List<String>, List<UsageRecord>> expected(
      List<UsageRecord> records, LocalDate from, LocalDate to, List<UsageDimension> dims) {
    Function<UsageRecord, List<String>> key =
        r -> {
          List<String> k = new ArrayList<>();
          for (UsageDimension d : dims) {
            String v =
                switch (d) {
                  case TENANT -> r.context().tenant();
                  case TEAM -> r.context().team();
                  case FEATURE -> r.context().feature();
                  case USER -> r.context().user();
                  case PROVIDER -> r.provider();
                  case MODEL -> r.model();
                  case DAY -> LocalDate.ofInstant(r.time(), PARIS).toString();
                };
            k.add(v == null ? "" : v);
          }
          return k;
        };
    return records.stream()
        .filter(
            r -> {
              LocalDate d = LocalDate.ofInstant(r.time(), PARIS);
              return !d.isBefore(from) && !d.isAfter(to);
            })
        .collect(Collectors.groupingBy(key));
  }

  private static void assertMatches(UsageReport report, Map<List<String>, List<UsageRecord>> exp) {
    assertThat(report.rows()).hasSize(exp.size());
    long allRequests = 0;
    long allCost = 0;
    for (Map.Entry<List<String>, List<UsageRecord>> e : exp.entrySet()) {
      UsageReport.Row row = report.row(e.getKey().toArray(new String[0]));
      assertThat(row).as("row %s", e.getKey()).isNotNull();
      List<UsageRecord> rs = e.getValue();
      assertThat(row.requests()).isEqualTo(rs.size());
      assertThat(row.successes()).isEqualTo(rs.stream().filter(UsageRecord::succeeded).count());
      assertThat(row.cacheHits()).isEqualTo(rs.stream().filter(UsageRecord::cacheHit).count());
      assertThat(row.inputTokens())
          .isEqualTo(rs.stream().mapToLong(r -> r.usage().inputTokens()).sum());
      assertThat(row.outputTokens())
          .isEqualTo(rs.stream().mapToLong(r -> r.usage().outputTokens()).sum());
      assertThat(row.cachedReadTokens())
          .isEqualTo(rs.stream().mapToLong(r -> r.usage().cachedReadInputTokens()).sum());
      assertThat(row.cacheWriteTokens())
          .isEqualTo(rs.stream().mapToLong(r -> r.usage().cacheWriteInputTokens()).sum());
      assertThat(row.reasoningTokens())
          .isEqualTo(rs.stream().mapToLong(r -> r.usage().reasoningTokens()).sum());
      long cost = rs.stream().mapToLong(r -> r.cost().amount().nanos()).sum();
      assertThat(row.costNanos()).isEqualTo(cost);
      assertThat(row.unknownCostRequests())
          .isEqualTo(rs.stream().filter(r -> !r.cost().known()).count());
      allRequests += rs.size();
      allCost += cost;
    }
    assertThat(report.total().requests()).isEqualTo(allRequests);
    assertThat(report.total().costNanos()).isEqualTo(allCost);
  }

  @Test
  void reportTotalsFromJsonLinesAndFromTheAggregatorEqualTheSumsOfTheRecords(@TempDir Path dir) {
    List<UsageRecord> records = records();
    UsageSink files = UsageSinks.jsonLines(dir, PARIS);
    UsageAggregator memory = UsageSinks.aggregator(PARIS);
    files.write(records.subList(0, 250));
    files.write(records.subList(250, records.size()));
    files.close();
    memory.write(records);

    // A range that cuts off the first and the last day.
    LocalDate from = FIRST.plusDays(1);
    LocalDate to = FIRST.plusDays(3);
    List<List<UsageDimension>> groupings =
        List.of(
            List.of(),
            List.of(UsageDimension.TENANT),
            List.of(UsageDimension.TENANT, UsageDimension.TEAM),
            List.of(UsageDimension.MODEL, UsageDimension.PROVIDER),
            List.of(UsageDimension.DAY),
            List.of(UsageDimension.FEATURE, UsageDimension.USER, UsageDimension.DAY));
    for (List<UsageDimension> dims : groupings) {
      UsageDimension[] g = dims.toArray(new UsageDimension[0]);
      Map<List<String>, List<UsageRecord>> exp = expected(records, from, to, dims);
      assertMatches(UsageReport.fromJsonLines(dir, PARIS, from, to, g), exp);
      assertMatches(memory.report(from, to, g), exp);
      assertMatches(UsageReport.of(records, PARIS, from, to, g), exp);
    }
    long inRange = expected(records, from, to, List.of()).get(List.of()).size();
    assertThat(inRange).isLessThan(records.size()).isGreaterThan(0);
    assertThat(UsageReport.fromJsonLines(dir, PARIS, FIRST, FIRST.plusDays(4)).total().requests())
        .isEqualTo(records.size());
    assertThat(UsageReport.fromJsonLines(dir, PARIS, from, to).skippedLines()).isZero();
  }

  @Test
  void recordsAroundDaylightSavingChangesLandOnTheirParisDay() {
    // 23- and 25-hour days: the aggregator's remembered day bounds must follow the zone's rules.
    List<UsageRecord> records = new ArrayList<>();
    int i = 0;
    for (LocalDate day : List.of(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 10, 25))) {
      Instant start = day.atStartOfDay(PARIS).toInstant();
      Instant next = day.plusDays(1).atStartOfDay(PARIS).toInstant();
      for (Instant t :
          List.of(
              start.minusSeconds(1), start, start.plusSeconds(3_600 * 22), next.minusSeconds(1))) {
        records.add(record(i++, t));
      }
      records.add(record(i++, next));
      records.add(record(i++, start.plusSeconds(60)));
    }
    UsageAggregator memory = UsageSinks.aggregator(PARIS);
    memory.write(records);
    LocalDate from = LocalDate.of(2026, 3, 28);
    LocalDate to = LocalDate.of(2026, 10, 26);
    assertMatches(
        memory.report(from, to, UsageDimension.DAY),
        expected(records, from, to, List.of(UsageDimension.DAY)));
  }

  private static UsageRecord record(int i, Instant time) {
    return new UsageRecord(
        "call-" + i,
        time,
        CallInfo.Kind.CHAT,
        new RequestContext("acme", null, null, null, Map.of()),
        "fast",
        "fast",
        "openai",
        "gpt-4o-mini",
        "key-0",
        new Usage(10, 5, 0, 0, 0),
        Cost.reported(Money.ofNanos(1_000L)),
        Duration.ofMillis(10),
        null,
        false,
        Money.ZERO,
        1,
        UsageOutcome.SUCCESS,
        null,
        null);
  }

  @Test
  void csvQuotesPerRfc4180AndShowsExactDollars() {
    Instant t = FIRST.atStartOfDay(PARIS).toInstant().plusSeconds(3600);
    List<UsageRecord> records =
        List.of(
            record("call-1", t, "initech, \"inc\"", Money.ofNanos(1_500_000_001L), true, true),
            record("call-2", t, "initech, \"inc\"", Money.ofNanos(2L), false, false),
            record("call-3", t, "acme", Money.ofNanos(250_000_000L), true, false));
    UsageReport report =
        UsageReport.of(records, PARIS, FIRST, FIRST, UsageDimension.TENANT, UsageDimension.DAY);
    String csv = report.toCsv();
    assertThat(csv.split("\r\n", -1))
        .containsExactly(
            "tenant,day,requests,successes,failures,success_rate,cache_hits,cache_hit_rate,"
                + "input_tokens,output_tokens,cached_read_tokens,cache_write_tokens,"
                + "reasoning_tokens,cost_usd,unknown_cost_requests",
            "acme,2026-11-20,1,1,0,1.0000,0,0.0000,100,20,0,0,0,0.250000000,0",
            "\"initech, \"\"inc\"\"\",2026-11-20,2,1,1,0.5000,1,0.5000,200,40,0,0,0,"
                + "1.500000003,0",
            "");
    assertThat(report.total().cost().toUsd()).isEqualByComparingTo(new BigDecimal("1.750000003"));
    assertThat(report.total().successRate()).isEqualTo(2.0 / 3);
  }

  private static UsageRecord record(
      String id, Instant t, String tenant, Money cost, boolean ok, boolean hit) {
    return new UsageRecord(
        id,
        t,
        CallInfo.Kind.CHAT,
        RequestContext.tenant(tenant),
        "fast",
        null,
        "openai",
        "gpt-4o",
        "k1",
        Usage.of(100, 20),
        Cost.reported(cost),
        Duration.ofMillis(5),
        null,
        hit,
        hit ? Money.ofNanos(7) : Money.ZERO,
        1,
        ok ? UsageOutcome.SUCCESS : UsageOutcome.FAILURE,
        ok ? null : ErrorKind.TIMEOUT,
        ok ? null : "ProviderException");
  }

  @Test
  void jsonLinesRoundTripEveryFieldAndNameThemStably() {
    UsageRecord r =
        new UsageRecord(
            "call-9",
            Instant.parse("2026-11-23T10:15:30.123456789Z"),
            CallInfo.Kind.STREAM,
            RequestContext.tenant("acme").team("t").feature("f").user("u").tag("k", "v"),
            "fast",
            "fast",
            "openai",
            "gpt-4o",
            "primary",
            new Usage(100, 50, 20, 10, 5),
            new Cost(Money.ofNanos(123), Cost.Status.ESTIMATED),
            Duration.ofNanos(987_654_321),
            Duration.ofMillis(42),
            true,
            Money.ofNanos(4_500),
            2,
            UsageOutcome.SUCCESS,
            null,
            null);
    String json = UsageJson.toJson(r);
    assertThat(json)
        .isEqualTo(
            "{\"requestId\":\"call-9\",\"time\":\"2026-11-23T10:15:30.123456789Z\","
                + "\"kind\":\"STREAM\",\"tenant\":\"acme\",\"team\":\"t\",\"feature\":\"f\","
                + "\"user\":\"u\",\"tags\":{\"k\":\"v\"},\"requestedModel\":\"fast\","
                + "\"alias\":\"fast\",\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"keyId\":\"primary\",\"inputTokens\":100,\"outputTokens\":50,"
                + "\"cachedReadTokens\":20,\"cacheWriteTokens\":10,\"reasoningTokens\":5,"
                + "\"costNanos\":123,\"costUsd\":\"0.000000123\",\"costStatus\":\"ESTIMATED\","
                + "\"latencyNanos\":987654321,\"timeToFirstTokenNanos\":42000000,"
                + "\"cacheHit\":true,\"savedCostNanos\":4500,\"attempts\":2,\"outcome\":\"SUCCESS\",\"errorKind\":null,"
                + "\"errorType\":null}");
    assertThat(UsageJson.read(json)).isEqualTo(r);
    assertThat(Slf4jUsageSink.line(r))
        .startsWith("requestId=call-9 time=2026-11-23T10:15:30.123456789Z kind=STREAM")
        .contains("tag.k=v", "costUsd=0.000000123", "outcome=SUCCESS");
  }

  @Test
  void aTornLineIsSkippedAndCounted(@TempDir Path dir) throws IOException {
    UsageSink files = UsageSinks.jsonLines(dir, PARIS);
    Instant t = FIRST.atStartOfDay(PARIS).toInstant().plusSeconds(60);
    files.write(List.of(record("call-1", t, "acme", Money.ofNanos(5), true, false)));
    files.close();
    Files.writeString(
        dir.resolve("usage-2026-11-20.jsonl"),
        "{\"requestId\":\"call-2\",\"ti",
        java.nio.file.StandardOpenOption.APPEND);
    UsageReport report = UsageReport.fromJsonLines(dir, PARIS, FIRST, FIRST);
    assertThat(report.total().requests()).isEqualTo(1);
    assertThat(report.skippedLines()).isEqualTo(1);
  }

  @Test
  void badQueriesAreRejectedNamingTheValue() {
    UsageAggregator memory = UsageSinks.aggregator();
    assertThatThrownBy(() -> memory.report(FIRST, FIRST.minusDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-11-20..2026-11-19");
    assertThatThrownBy(() -> memory.report(FIRST, FIRST, UsageDimension.DAY, UsageDimension.DAY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeats DAY");
  }
}
