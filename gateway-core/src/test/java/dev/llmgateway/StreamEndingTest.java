package dev.llmgateway;

import static dev.llmgateway.ScriptedChunkStream.end;
import static dev.llmgateway.ScriptedChunkStream.failure;
import static dev.llmgateway.ScriptedChunkStream.text;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.StreamInterruptedException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.Usage;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.usage.UsageAggregator;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageRecord;
import dev.llmgateway.usage.UsageReport;
import dev.llmgateway.usage.UsageSinks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Streams that do not end properly: abandoned without close, open when the client closes, closed
 * early, cancelled and broken. Each leaves no reservation behind, writes one record whose cost is
 * what its budget was charged, and counts against token quotas the tokens that charge was computed
 * from.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamEndingTest {
  /** $1 per million tokens: 1000 nano-dollars per token. */
  private static final Money ONE_PER_MILLION = Money.usd("1");

  /** Records what each token quota entry counts once its call settled. */
  private final RecordingQuotaStore quota = new RecordingQuotaStore();

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final List<ScriptedChunkStream> sources = new CopyOnWriteArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);

  private GatewayClient.Builder priced(dev.llmgateway.usage.UsageSink sink) {
    return builder(a)
        .alias("fast", s -> s.target("a", "m1"))
        .prices(p -> p.model("scripted", "m1", ONE_PER_MILLION, ONE_PER_MILLION))
        .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd("1")))
        .quota(q -> q.scope(QuotaScope.global()).tokensPerMinute(1_000_000))
        .quotaStore(quota)
        .usage(u -> u.sink(sink));
  }

  /** The tokens a charge of this amount was computed from, at $1 per million tokens. */
  private static long tokens(Money charged) {
    return charged.nanos() / 1_000;
  }

  /** Scripts the next stream of m1: the items, remembered so the test can see it closed. */
  private void nextStream(Object... items) {
    a.thenStream(
        "m1",
        (r, c) -> {
          ScriptedChunkStream s = ScriptedChunkStream.of(items);
          sources.add(s);
          return s;
        });
  }

  private static BudgetStatus global(GatewayClient gateway) {
    return gateway.budgets().status(BudgetScope.global()).get(0);
  }

  @Test
  void aStreamDroppedWithoutCloseIsEndedOnceUnreachableAndReportedAtWarn() {
    CollectingSink sink = new CollectingSink();
    nextStream(text("one "), never, text("two"));
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (GatewayClient gateway = priced(sink).build()) {
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
      readOneChunkAndDrop(gateway);

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                System.gc();
                return global(gateway).reserved().isZero()
                    && sink.records.stream().anyMatch(r -> r.outcome() == UsageOutcome.CANCELLED);
              });

      UsageRecord record = sink.records.get(0);
      assertThat(sink.records).hasSize(1);
      assertThat(record.errorType()).isEqualTo("CancellationException");
      assertThat(record.alias()).isEqualTo("fast");
      assertThat(record.provider()).isEqualTo("a");
      assertThat(record.model()).isEqualTo("m1");
      assertThat(record.keyId()).isEqualTo(ProviderSpec.DEFAULT_KEY_ID);
      assertThat(record.attempts()).isEqualTo(1);
      assertThat(record.usage().inputTokens()).isPositive();
      assertThat(record.usage().outputTokens()).isPositive();
      assertThat(record.cost().status()).isEqualTo(Cost.Status.ESTIMATED);
      assertThat(record.cost().amount()).isEqualTo(global(gateway).spent());
      assertThat(global(gateway).spent().isZero()).isFalse();
      assertThat(quota.total()).isEqualTo(record.usage().totalTokens());
      assertThat(quota.total()).isEqualTo(tokens(global(gateway).spent()));
      assertThat(sources.get(0).closed).isTrue();
      assertThat(a.calls.get(0).call().cancellation().isCancelled()).isTrue();
    } finally {
      System.setErr(err);
    }
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("WARN")
        .contains("A ChatStream for alias 'fast'")
        .contains("was not closed")
        .contains("Close ChatStream with try-with-resources");
  }

  /** In its own frame, so that nothing on the test's stack keeps the stream reachable. */
  private static void readOneChunkAndDrop(GatewayClient gateway) {
    ChatStream stream = gateway.stream(request("fast"));
    assertThat(stream.iterator().next().text()).isEqualTo("one ");
    assertThat(global(gateway).reserved().isZero()).isFalse();
  }

  @Test
  void closingTheClientEndsItsOpenStreams() throws Exception {
    CollectingSink sink = new CollectingSink();
    nextStream(text("never read"), never);
    nextStream(text("read "), text("in part"), never);
    nextStream(text("being "), never, text("read"));
    GatewayClient gateway = priced(sink).build();
    ChatStream unread = gateway.stream(request("fast"));
    ChatStream partlyRead = gateway.stream(request("fast"));
    partlyRead.iterator().next();
    ChatStream reading = gateway.stream(request("fast"));
    Iterator<ChatChunk> chunks = reading.iterator();
    assertThat(chunks.next().text()).isEqualTo("being ");
    CompletableFuture<Throwable> reader =
        CompletableFuture.supplyAsync(
            () -> catchThrowableOfType(RuntimeException.class, chunks::hasNext));
    assertThat(global(gateway).reserved().isZero()).isFalse();

    gateway.close();

    // Ended before close() returned: nothing reserved, every record written and drained.
    assertThat(global(gateway).reserved()).isEqualTo(Money.ZERO);
    assertThat(sink.records).hasSize(3);
    assertThat(sink.records)
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isEqualTo(UsageOutcome.CANCELLED);
              assertThat(r.provider()).isEqualTo("a");
              assertThat(r.model()).isEqualTo("m1");
              assertThat(r.keyId()).isEqualTo(ProviderSpec.DEFAULT_KEY_ID);
              assertThat(r.alias()).isEqualTo("fast");
              assertThat(r.attempts()).isEqualTo(1);
              assertThat(r.cost().status()).isEqualTo(Cost.Status.ESTIMATED);
              assertThat(r.cost().amount().isZero()).isFalse();
            });
    assertThat(sum(sink.records)).isEqualTo(global(gateway).spent());
    assertThat(quota.entries).hasSize(3);
    assertThat(quota.total()).isEqualTo(tokens(global(gateway).spent()));
    assertThat(sources).hasSize(3).allSatisfy(s -> assertThat(s.closed).isTrue());
    assertThat(a.calls).allSatisfy(c -> assertThat(c.call().cancellation().isCancelled()).isTrue());
    assertThat(reader.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    // Closing them afterwards changes nothing.
    unread.close();
    partlyRead.close();
    reading.close();
    assertThat(sink.records).hasSize(3);
  }

  @Test
  void aStreamThatOpensWhileTheClientClosesIsEndedAtOnce() throws Exception {
    CollectingSink sink = new CollectingSink();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    a.thenStream(
        "m1",
        (r, c) -> {
          entered.countDown();
          try {
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          ScriptedChunkStream s = ScriptedChunkStream.of(text("late "), never);
          sources.add(s);
          return s;
        });
    GatewayClient gateway = priced(sink).build();
    CompletableFuture<Throwable> opening =
        CompletableFuture.supplyAsync(
            () ->
                catchThrowableOfType(
                    RuntimeException.class, () -> gateway.stream(request("fast"))));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    gateway.close();
    release.countDown();

    assertThat(opening.get(10, TimeUnit.SECONDS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(global(gateway).reserved()).isEqualTo(Money.ZERO);
    assertThat(sources.get(0).closed).isTrue();
    assertThat(a.calls.get(0).call().cancellation().isCancelled()).isTrue();
    // Its record came after the usage queue was drained: refused and counted, not lost silently.
    assertThat(gateway.usage().refusedCount()).isEqualTo(1);
  }

  @Test
  void racingEndsSettleEachStreamOnceAndWriteOneRecord() throws Exception {
    CollectingSink sink = new CollectingSink();
    int count = 16;
    for (int i = 0; i < count; i++) {
      nextStream(text("part "), text("more"), never);
    }
    ExecutorService pool = Executors.newCachedThreadPool();
    GatewayClient gateway = priced(sink).build();
    try {
      List<ChatStream> open = new ArrayList<>();
      List<Future<Throwable>> readers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ChatStream stream = gateway.stream(request("fast"));
        Iterator<ChatChunk> chunks = stream.iterator();
        chunks.next();
        open.add(stream);
        // Reads "more", then blocks until the stream is ended.
        readers.add(
            pool.submit(
                () ->
                    catchThrowableOfType(
                        RuntimeException.class, () -> chunks.forEachRemaining(c -> {}))));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> enders = new ArrayList<>();
      for (ChatStream stream : open) {
        for (int twice = 0; twice < 2; twice++) {
          enders.add(
              pool.submit(
                  () -> {
                    go.await();
                    stream.close();
                    return null;
                  }));
        }
      }
      enders.add(
          pool.submit(
              () -> {
                go.await();
                gateway.close();
                return null;
              }));
      go.countDown();
      for (Future<?> f : enders) {
        f.get(20, TimeUnit.SECONDS);
      }
      for (Future<Throwable> r : readers) {
        assertThat(r.get(20, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
      }
    } finally {
      gateway.close();
      pool.shutdown();
      assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(sink.records).hasSize(count);
    assertThat(sink.records).extracting(UsageRecord::requestId).doesNotHaveDuplicates();
    assertThat(sink.records)
        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(UsageOutcome.CANCELLED));
    assertThat(global(gateway).reserved()).isEqualTo(Money.ZERO);
    assertThat(sum(sink.records)).isEqualTo(global(gateway).spent());
    assertThat(quota.entries).hasSize(count);
    assertThat(quota.total()).isEqualTo(tokens(global(gateway).spent()));
  }

  @Test
  void reportTotalsEqualBudgetSpendWhicheverWayStreamsEnd() throws Exception {
    UsageAggregator aggregator = UsageSinks.aggregator();
    CollectingSink sink = new CollectingSink();
    nextStream(text("complete "), text("answer"), end(Usage.of(40, 12)));
    nextStream(
        text("an answer without usage"),
        new ChatChunk(null, null, "", List.of(), FinishReason.STOP, null));
    nextStream(text("closed "), text("early"), never);
    nextStream(
        text("Hel"),
        new ChatChunk(null, null, "lo", List.of(), null, Usage.of(5, 2)),
        failure(ErrorKind.NETWORK));
    nextStream(text("cancelled "), never);
    nextStream(text("open "), text("at close"), never);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    GatewayClient gateway = priced(sink).usage(u -> u.sink(aggregator)).executor(executor).build();
    try {
      try (ChatStream completed = gateway.stream(request("fast"))) {
        assertThat(completed.response().cost()).isEqualTo(Cost.reported(Money.ofNanos(52_000)));
      }
      try (ChatStream estimated = gateway.stream(request("fast"))) {
        assertThat(estimated.response().cost().status()).isEqualTo(Cost.Status.ESTIMATED);
      }
      try (ChatStream closedEarly = gateway.stream(request("fast"))) {
        closedEarly.iterator().next();
      }
      try (ChatStream broken = gateway.stream(request("fast"))) {
        catchThrowableOfType(
            StreamInterruptedException.class, () -> broken.forEach(c -> assertThat(c).isNotNull()));
      }
      cancelAfterFirstChunk(gateway);
      ChatStream openAtClose = gateway.stream(request("fast"));
      openAtClose.iterator().next();
      gateway.chat(request("fast"));
    } finally {
      gateway.close();
      executor.shutdown();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    BudgetStatus budget = global(gateway);
    assertThat(budget.reserved()).isEqualTo(Money.ZERO);
    UsageReport.Row total = aggregator.report().total();
    assertThat(total.requests()).isEqualTo(7);
    assertThat(total.unknownCostRequests()).isZero();
    assertThat(total.cost()).isEqualTo(budget.spent());
    assertThat(sum(sink.records)).isEqualTo(budget.spent());
    // Token quotas count what the budget was charged for, call by call, whichever way it ended:
    // entries are in call order; the chat (6th) ended before the stream left open (5th).
    assertThat(quota.total()).isEqualTo(tokens(budget.spent()));
    int[] recordOfEntry = {0, 1, 2, 3, 4, 6, 5};
    for (int entry = 0; entry < recordOfEntry.length; entry++) {
      UsageRecord r = sink.records.get(recordOfEntry[entry]);
      assertThat(quota.amount(entry)).as("entry %d", entry).isEqualTo(tokens(r.cost().amount()));
      assertThat(quota.amount(entry)).as("entry %d", entry).isPositive();
    }
    assertThat(sink.records)
        .extracting(UsageRecord::outcome)
        .containsExactly(
            UsageOutcome.SUCCESS,
            UsageOutcome.SUCCESS,
            UsageOutcome.CANCELLED,
            UsageOutcome.FAILURE,
            UsageOutcome.CANCELLED,
            UsageOutcome.SUCCESS,
            UsageOutcome.CANCELLED);
    // The broken stream is charged what the provider reported before it broke: 5 + 2 tokens.
    UsageRecord broken = sink.records.get(3);
    assertThat(broken.usage()).isEqualTo(Usage.of(5, 2));
    assertThat(broken.cost()).isEqualTo(new Cost(Money.ofNanos(7_000), Cost.Status.ESTIMATED));
    assertThat(broken.errorKind()).isEqualTo(ErrorKind.NETWORK);
    assertThat(broken.keyId()).isEqualTo(ProviderSpec.DEFAULT_KEY_ID);
    assertThat(sink.records)
        .allSatisfy(
            r -> {
              assertThat(r.provider()).isEqualTo("a");
              assertThat(r.model()).isEqualTo("m1");
              assertThat(r.cost().known()).isTrue();
            });
  }

  /** Cancels a streamAsync call once its first chunk arrived, and waits for its onError. */
  private static void cancelAfterFirstChunk(GatewayClient gateway) throws InterruptedException {
    CountDownLatch firstChunk = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    AtomicReference<Throwable> error = new AtomicReference<>();
    CompletableFuture<ChatResponse> future =
        gateway.streamAsync(
            request("fast"),
            new StreamHandler() {
              @Override
              public void onChunk(ChatChunk chunk) {
                firstChunk.countDown();
              }

              @Override
              public void onError(Throwable e) {
                error.set(e);
                failed.countDown();
              }
            });
    assertThat(firstChunk.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(future.cancel(true)).isTrue();
    assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(error.get()).isInstanceOf(CancellationException.class);
  }

  private static Money sum(List<UsageRecord> records) {
    Money total = Money.ZERO;
    for (UsageRecord r : records) {
      total = total.plus(r.cost().amount());
    }
    return total;
  }
}
