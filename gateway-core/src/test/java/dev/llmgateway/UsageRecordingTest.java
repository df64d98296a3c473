package dev.llmgateway;

import static dev.llmgateway.TestSupport.FAKE_KEY;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.testkit.FakeClock;
import dev.llmgateway.usage.UsageAggregator;
import dev.llmgateway.usage.UsageDimension;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageQueuePolicy;
import dev.llmgateway.usage.UsageRecord;
import dev.llmgateway.usage.UsageReport;
import dev.llmgateway.usage.UsageSink;
import dev.llmgateway.usage.UsageSinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UsageRecordingTest {
  private final ScriptedProvider a = new ScriptedProvider("a");

  private static ChatRequest attributed(String model, String tenant) {
    return ChatRequest.builder()
        .model(model)
        .user("hello")
        .context(RequestContext.tenant(tenant).team("t1").feature("faq").user("u1").tag("env", "x"))
        .build();
  }

  private static List<String> lines(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void tenThousandConcurrentCallsThenCloseLeaveExactlyTenThousandRecords(@TempDir Path dir)
      throws Exception {
    UsageAggregator memory = UsageSinks.aggregator();
    GatewayClient gateway =
        builder(a)
            .alias("fast", s -> s.target("a", "m1"))
            .usage(
                u ->
                    u.queueCapacity(1_000)
                        .whenFull(UsageQueuePolicy.BLOCK)
                        .blockTimeout(Duration.ofSeconds(20))
                        .sink(UsageSinks.jsonLines(dir))
                        .sink(memory))
            .build();
    int threads = 8;
    int perThread = 1_250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String tenant = "tenant-" + t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    gateway.chat(attributed("fast", tenant));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    gateway.close();

    List<String> lines = lines(dir);
    assertThat(lines).hasSize(10_000);
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      assertThat(line).startsWith("{\"requestId\":\"call-").endsWith("}");
      ids.add(line.substring(14, line.indexOf('"', 14)));
    }
    assertThat(ids).hasSize(10_000);
    assertThat(gateway.usage().writtenCount()).isEqualTo(10_000);
    assertThat(gateway.usage().droppedCount()).isZero();
    assertThat(gateway.usage().queuedCount()).isZero();
    UsageReport report =
        UsageReport.fromJsonLines(
            dir,
            ZoneId.of("UTC"),
            LocalDate.MIN.plusDays(2),
            LocalDate.of(3000, 1, 1),
            UsageDimension.TENANT);
    assertThat(report.rows()).hasSize(threads);
    assertThat(report.rows()).allSatisfy(r -> assertThat(r.requests()).isEqualTo(perThread));
    assertThat(report.total().inputTokens()).isEqualTo(10_000L * 10);
    assertThat(memory.report(UsageDimension.TENANT).rows()).isEqualTo(report.rows());
  }

  @Test
  void aFullQueueUnderDropCountsExactlyTheRecordsItDropped() {
    CollectingSink sink = new CollectingSink(true);
    List<Long> dropEvents = new CopyOnWriteArrayList<>();
    int capacity = 5;
    int extra = 3;
    GatewayClient gateway =
        builder(a)
            .alias("fast", s -> s.target("a", "m1"))
            .eventListener(
                new GatewayEventListener() {
                  @Override
                  public void usageDropped(UsageRecord record, long droppedTotal) {
                    dropEvents.add(droppedTotal);
                  }
                })
            .usage(u -> u.queueCapacity(capacity).whenFull(UsageQueuePolicy.DROP).sink(sink))
            .build();
    try {
      gateway.chat(request("fast"));
      awaitEntered(sink);
      // The writer holds the first record inside the blocked sink; the queue is empty.
      for (int i = 0; i < capacity + extra; i++) {
        gateway.chat(request("fast"));
      }
      assertThat(gateway.usage().droppedCount()).isEqualTo(extra);
      assertThat(dropEvents).containsExactly(1L, 2L, 3L);
      assertThat(gateway.usage().queuedCount()).isEqualTo(capacity);
    } finally {
      sink.release.countDown();
      gateway.close();
    }
    assertThat(sink.records).hasSize(1 + capacity);
    assertThat(gateway.usage().writtenCount()).isEqualTo(1 + capacity);
    assertThat(sink.closes.get()).isEqualTo(1);
  }

  @Test
  void aFullQueueUnderBlockWaitsItsTimeoutThenDropsAndCounts() {
    CollectingSink sink = new CollectingSink(true);
    GatewayClient gateway =
        builder(a)
            .alias("fast", s -> s.target("a", "m1"))
            .usage(
                u ->
                    u.queueCapacity(1)
                        .whenFull(UsageQueuePolicy.BLOCK)
                        .blockTimeout(Duration.ofMillis(30))
                        .sink(sink))
            .build();
    try {
      gateway.chat(request("fast"));
      awaitEntered(sink);
      gateway.chat(request("fast"));
      long start = System.nanoTime();
      gateway.chat(request("fast"));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(25));
      assertThat(gateway.usage().droppedCount()).isEqualTo(1);
    } finally {
      sink.release.countDown();
      gateway.close();
    }
    assertThat(sink.records).hasSize(2);
  }

  private static void awaitEntered(CollectingSink sink) {
    try {
      assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void successRecordsCarryAttributionRouteTokensAndKeyIdButNeverTheKey(@TempDir Path dir)
      throws IOException {
    CollectingSink sink = new CollectingSink();
    try (GatewayClient gateway =
        builder(a)
            .alias("fast", s -> s.target("a", "m1"))
            .usage(u -> u.sink(sink).sink(UsageSinks.jsonLines(dir)).sink(UsageSinks.slf4j()))
            .build()) {
      gateway.chat(attributed("fast", "acme"));
    }
    assertThat(sink.records).hasSize(1);
    UsageRecord r = sink.records.get(0);
    String keyId = a.calls.get(0).keyId();
    assertThat(r.requestId()).startsWith("call-");
    assertThat(r.kind()).isEqualTo(CallInfo.Kind.CHAT);
    assertThat(r.context().tenant()).isEqualTo("acme");
    assertThat(r.context().tags()).containsEntry("env", "x");
    assertThat(r.requestedModel()).isEqualTo("fast");
    assertThat(r.alias()).isEqualTo("fast");
    assertThat(r.provider()).isEqualTo("a");
    assertThat(r.model()).isEqualTo("m1");
    assertThat(r.keyId()).isEqualTo(keyId).isNotNull();
    assertThat(r.usage().inputTokens()).isEqualTo(10);
    assertThat(r.usage().outputTokens()).isEqualTo(5);
    assertThat(r.cost().known()).isFalse();
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(r.errorKind()).isNull();
    assertThat(r.timeToFirstToken()).isNull();

    String json = String.join("\n", lines(dir));
    assertThat(json).contains("\"keyId\":\"" + keyId + "\"").doesNotContain(FAKE_KEY);
  }

  @Test
  void failureRecordsCarryTheErrorKindAndRefusalsAreMarked() {
    CollectingSink sink = new CollectingSink();
    a.then(
        "m1",
        ScriptedProvider.fail(ErrorKind.UNAVAILABLE),
        ScriptedProvider.fail(ErrorKind.UNAVAILABLE));
    a.then("m2", ScriptedProvider.fail(ErrorKind.INVALID_REQUEST));
    try (GatewayClient gateway =
        builder(a)
            .retriesPerTarget(1)
            .alias("fast", s -> s.target("a", "m1"))
            .alias("strict", s -> s.target("a", "m2"))
            .usage(u -> u.sink(sink))
            .build()) {
      assertThatThrownBy(() -> gateway.chat(request("fast")))
          .isInstanceOf(AllTargetsFailedException.class);
      assertThatThrownBy(() -> gateway.chat(request("strict")))
          .isInstanceOf(ProviderException.class);
      assertThatThrownBy(() -> gateway.chat(request("nope"))).isInstanceOf(NoRouteException.class);
    }
    assertThat(sink.records).hasSize(3);
    UsageRecord allFailed = sink.records.get(0);
    assertThat(allFailed.outcome()).isEqualTo(UsageOutcome.FAILURE);
    assertThat(allFailed.errorKind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(allFailed.errorType()).isEqualTo("AllTargetsFailedException");
    assertThat(allFailed.attempts()).isEqualTo(2);
    assertThat(allFailed.provider()).isEqualTo("a");
    assertThat(allFailed.model()).isEqualTo("m1");
    assertThat(allFailed.keyId()).isNotNull();
    assertThat(allFailed.alias()).isEqualTo("fast");

    UsageRecord invalid = sink.records.get(1);
    assertThat(invalid.outcome()).isEqualTo(UsageOutcome.FAILURE);
    assertThat(invalid.errorKind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(invalid.attempts()).isEqualTo(1);

    UsageRecord refused = sink.records.get(2);
    assertThat(refused.outcome()).isEqualTo(UsageOutcome.REFUSED);
    assertThat(refused.errorType()).isEqualTo("NoRouteException");
    assertThat(refused.provider()).isNull();
    assertThat(refused.attempts()).isZero();
  }

  @Test
  void streamsAndEmbeddingsAreRecordedWhenTheyEnd() {
    CollectingSink sink = new CollectingSink();
    try (GatewayClient gateway =
        builder(a).alias("fast", s -> s.target("a", "m1")).usage(u -> u.sink(sink)).build()) {
      try (ChatStream stream = gateway.stream(request("fast"))) {
        for (ChatChunk chunk : stream) {
          assertThat(chunk).isNotNull();
        }
      }
      try (ChatStream stream = gateway.stream(request("fast"))) {
        stream.iterator().next();
      }
      gateway.embed(EmbeddingRequest.of("a/emb", List.of("x")));
    }
    assertThat(sink.records).hasSize(3);
    UsageRecord streamed = sink.records.get(0);
    assertThat(streamed.kind()).isEqualTo(CallInfo.Kind.STREAM);
    assertThat(streamed.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(streamed.usage().totalTokens()).isEqualTo(5);
    assertThat(streamed.timeToFirstToken()).isNotNull();
    UsageRecord closedEarly = sink.records.get(1);
    assertThat(closedEarly.outcome()).isEqualTo(UsageOutcome.CANCELLED);
    assertThat(closedEarly.kind()).isEqualTo(CallInfo.Kind.STREAM);
    UsageRecord embedded = sink.records.get(2);
    assertThat(embedded.kind()).isEqualTo(CallInfo.Kind.EMBED);
    assertThat(embedded.usage().inputTokens()).isEqualTo(4);
    assertThat(embedded.alias()).isNull();
  }

  @Test
  void aCancelledAsyncCallIsRecordedAsCancelled() {
    CollectingSink sink = new CollectingSink();
    a.always("m1", ScriptedProvider.hang());
    ExecutorService executor = Executors.newSingleThreadExecutor();
    GatewayClient gateway =
        builder(a)
            .executor(executor)
            .alias("fast", s -> s.target("a", "m1"))
            .usage(u -> u.sink(sink))
            .build();
    try {
      java.util.concurrent.CompletableFuture<?> future = gateway.chatAsync(request("fast"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !a.calls.isEmpty());
      assertThat(future.cancel(true)).isTrue();
    } finally {
      executor.shutdown();
      try {
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      gateway.close();
    }
    assertThat(sink.records).hasSize(1);
    assertThat(sink.records.get(0).outcome()).isEqualTo(UsageOutcome.CANCELLED);
  }

  @Test
  void dailyFilesRollAtMidnightOfTheConfiguredZoneByRecordTime(@TempDir Path dir)
      throws IOException {
    FakeClock clock = new FakeClock(); // 2023-11-14T22:13:20Z = 17:13:20 in New York
    ZoneId newYork = ZoneId.of("America/New_York");
    try (GatewayClient gateway =
        builder(a)
            .clock(clock)
            .alias("fast", s -> s.target("a", "m1"))
            .usage(u -> u.sink(UsageSinks.jsonLines(dir, newYork)))
            .build()) {
      gateway.chat(request("fast"));
      clock.advance(Duration.ofHours(6)); // 04:13Z on the 15th, still the 14th in New York
      gateway.chat(request("fast"));
      clock.advance(Duration.ofHours(1)); // 00:13 on the 15th in New York
      gateway.chat(request("fast"));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("usage-2023-11-14.jsonl", "usage-2023-11-15.jsonl");
    }
    assertThat(Files.readAllLines(dir.resolve("usage-2023-11-14.jsonl"))).hasSize(2);
    assertThat(Files.readAllLines(dir.resolve("usage-2023-11-15.jsonl"))).hasSize(1);
    assertThat(Files.readString(dir.resolve("usage-2023-11-15.jsonl")))
        .contains("\"time\":\"2023-11-15T05:13:20Z\"");

    UsageReport byDay =
        UsageReport.fromJsonLines(
            dir,
            newYork,
            LocalDate.of(2023, 11, 14),
            LocalDate.of(2023, 11, 14),
            UsageDimension.DAY);
    assertThat(byDay.rows()).hasSize(1);
    assertThat(byDay.row("2023-11-14").requests()).isEqualTo(2);
  }

  @Test
  void closeIsIdempotentEndsOpenStreamsAndRecordsAfterItAreRefusedCleanly() throws Exception {
    CollectingSink sink = new CollectingSink();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    a.then(
        "m1",
        ScriptedProvider.answer("first"),
        (p, r, c) -> {
          entered.countDown();
          try {
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          return ScriptedProvider.answer("late").run(p, r, c);
        });
    ExecutorService executor = Executors.newSingleThreadExecutor();
    GatewayClient gateway =
        builder(a)
            .executor(executor)
            .alias("fast", s -> s.target("a", "m1"))
            .usage(u -> u.sink(sink))
            .build();
    try {
      gateway.chat(request("fast"));
      ChatStream open = gateway.stream(request("fast"));
      Iterator<ChatChunk> chunks = open.iterator();
      assertThat(chunks.next().text()).isEqualTo("ok ");
      CompletableFuture<ChatResponse> late = gateway.chatAsync(request("fast"));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

      gateway.close();
      gateway.close();
      // The open stream was ended by close(); the call still running finishes after it.
      assertThatThrownBy(chunks::hasNext).isInstanceOf(CancellationException.class);
      open.close();
      release.countDown();
      assertThat(late.get(10, TimeUnit.SECONDS).text()).isEqualTo("late");
    } finally {
      executor.shutdown();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(sink.records)
        .extracting(UsageRecord::outcome)
        .containsExactly(UsageOutcome.SUCCESS, UsageOutcome.CANCELLED);
    assertThat(sink.closes.get()).isEqualTo(1);
    assertThat(gateway.usage().refusedCount()).isEqualTo(1);
    assertThat(gateway.usage().writtenCount()).isEqualTo(2);
    assertThatThrownBy(() -> gateway.chat(request("fast")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aThrowingSinkIsCountedAndNeitherBreaksCallsNorOtherSinks() {
    CollectingSink good = new CollectingSink();
    UsageSink bad =
        new UsageSink() {
          @Override
          public void write(List<UsageRecord> records) {
            throw new IllegalStateException("disk full");
          }
        };
    GatewayClient gateway =
        builder(a)
            .alias("fast", s -> s.target("a", "m1"))
            .usage(u -> u.sink(bad).sink(good))
            .build();
    gateway.chat(request("fast"));
    gateway.chat(request("fast"));
    gateway.close();
    assertThat(good.records).hasSize(2);
    assertThat(gateway.usage().sinkFailureCount()).isGreaterThanOrEqualTo(1);
    assertThat(gateway.usage().writtenCount()).isEqualTo(2);
  }

  @Test
  void withoutSinksNothingIsRecorded() {
    try (GatewayClient gateway = builder(a).alias("fast", s -> s.target("a", "m1")).build()) {
      gateway.chat(request("fast"));
      assertThat(gateway.usage().enabled()).isFalse();
      assertThat(gateway.usage().writtenCount()).isZero();
    }
  }

  @Test
  void usageSettersRejectBadValuesNamingThem() {
    GatewayClient.Builder b = GatewayClient.builder();
    assertThatThrownBy(() -> b.usage(u -> u.queueCapacity(0)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("queueCapacity")
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> b.usage(u -> u.blockTimeout(Duration.ofMillis(-5))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PT-0.005S");
    assertThatThrownBy(() -> b.usage(u -> u.maxBatchSize(-1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("was -1");
    assertThatThrownBy(() -> b.usage(u -> u.closeTimeout(Duration.ZERO)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> b.usage(u -> u.whenFull(null)))
        .isInstanceOf(ConfigurationException.class);
    UsageSink sink = UsageSinks.aggregator();
    assertThatThrownBy(() -> b.usage(u -> u.sink(sink).sink(sink)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("already added");
  }
}
