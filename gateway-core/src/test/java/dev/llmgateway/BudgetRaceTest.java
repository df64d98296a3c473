package dev.llmgateway;

import static dev.llmgateway.TestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Usage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 64 threads race for a $1.00 budget; calls succeed, fail and are cancelled. The settled total
 * never exceeds the limit, every admitted call is accounted and no reservation is left.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BudgetRaceTest {
  static final int THREADS = 64;
  static final int CALLS_PER_THREAD = 4;
  static final Money LIMIT = Money.usd("1.00");

  /** 5000 in + 5000 out at $1/M = $0.01 per successful call. */
  static final Money CALL_COST = Money.usd("0.01");

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final Map<String, CompletableFuture<Void>> entered = new ConcurrentHashMap<>();

  private GatewayClient client(ExecutorService executor) {
    Money perMillion = Money.usd("1");
    a.always(
        "ok",
        (p, r, c) ->
            ChatResponse.of(
                "r", p.name, r.model(), "ok", List.of(), FinishReason.STOP, Usage.of(5000, 5000)));
    a.always("fail", ScriptedProvider.fail(ErrorKind.INVALID_REQUEST));
    a.always(
        "hang",
        (p, r, c) -> {
          entered.get(r.context().tags().get("id")).complete(null);
          throw ScriptedProvider.hangUntilTimeout(p.name, r.model(), c);
        });
    return builder(a)
        .executor(executor)
        .prices(
            p -> {
              for (String m : List.of("ok", "fail", "hang", "sok", "sfail", "sclose")) {
                p.model("scripted", m, perMillion, perMillion);
              }
            })
        .budget(b -> b.scope(BudgetScope.global()).lifetime(LIMIT))
        .build();
  }

  static ChatRequest request(String model, String id) {
    return ChatRequest.builder()
        .model("a/" + model)
        .user("hello")
        .maxTokens(10_000)
        .context(RequestContext.tenant("t").tag("id", id))
        .build();
  }

  static String kind(int thread, int call) {
    int k = (thread + call) % 8;
    return k == 0 ? "fail" : k == 1 ? "cancel" : "ok";
  }

  @Test
  void concurrentChatsNeverOverspendAndLeaveNoReservation() throws Exception {
    ExecutorService engine = Executors.newCachedThreadPool();
    ExecutorService callers = Executors.newFixedThreadPool(THREADS);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger cancelled = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    try (GatewayClient gateway = client(engine)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(
            callers.submit(
                () -> {
                  start.await();
                  for (int c = 0; c < CALLS_PER_THREAD; c++) {
                    String id = thread + "-" + c;
                    try {
                      switch (kind(thread, c)) {
                        case "fail" -> gateway.chat(request("fail", id));
                        case "cancel" -> {
                          CompletableFuture<Void> in = new CompletableFuture<>();
                          entered.put(id, in);
                          CompletableFuture<ChatResponse> f =
                              gateway.chatAsync(request("hang", id));
                          // Wait until the provider has the call (or it was refused), then cancel.
                          CompletableFuture.anyOf(f, in).exceptionally(x -> null).join();
                          if (f.cancel(true)) {
                            cancelled.incrementAndGet();
                          }
                          f.exceptionally(x -> null).join();
                        }
                        default -> {
                          ChatResponse r = gateway.chat(request("ok", id));
                          assertThat(r.cost().amount()).isEqualTo(CALL_COST);
                          admitted.incrementAndGet();
                        }
                      }
                    } catch (BudgetExceededException e) {
                      refused.incrementAndGet();
                    } catch (ProviderException | CancellationException | CompletionException e) {
                      // failed or cancelled: must have released
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      callers.shutdown();
      engine.shutdown();
      assertThat(engine.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      BudgetStatus s = gateway.budgets().status(BudgetScope.global()).get(0);
      assertThat(s.reserved()).isEqualTo(Money.ZERO);
      assertThat(s.spent()).isEqualTo(CALL_COST.times(admitted.get()));
      assertThat(s.spent()).isLessThanOrEqualTo(LIMIT);
      assertThat(admitted.get()).isPositive();
      assertThat(refused.get()).isPositive();
      assertThat(cancelled.get()).isPositive();
    }
  }

  @Test
  void concurrentStreamsNeverOverspendAndLeaveNoReservation() throws Exception {
    int closes = 0;
    for (int t = 0; t < THREADS; t++) {
      for (int c = 0; c < CALLS_PER_THREAD; c++) {
        switch (kind(t, c)) {
          case "fail" ->
              a.thenStream(
                  "sfail",
                  (r, call) -> {
                    throw new ProviderException(
                        ErrorKind.INVALID_REQUEST, "a", "sfail", "scripted", null);
                  });
          case "cancel" -> {
            closes++;
            a.thenStream(
                "sclose",
                (r, call) ->
                    ScriptedChunkStream.of(
                        ScriptedChunkStream.text("a"),
                        ScriptedChunkStream.text("b"),
                        ScriptedChunkStream.end(Usage.of(5000, 5000))));
          }
          default ->
              a.thenStream(
                  "sok",
                  (r, call) ->
                      ScriptedChunkStream.of(
                          ScriptedChunkStream.text("x"),
                          ScriptedChunkStream.end(Usage.of(5000, 5000))));
        }
      }
    }
    assertThat(closes).isPositive();
    ExecutorService engine = Executors.newCachedThreadPool();
    ExecutorService callers = Executors.newFixedThreadPool(THREADS);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger closedEarly = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    try (GatewayClient gateway = client(engine)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(
            callers.submit(
                () -> {
                  start.await();
                  for (int c = 0; c < CALLS_PER_THREAD; c++) {
                    String id = thread + "-" + c;
                    try {
                      switch (kind(thread, c)) {
                        case "fail" -> gateway.stream(request("sfail", id)).close();
                        case "cancel" -> {
                          try (ChatStream s = gateway.stream(request("sclose", id))) {
                            Iterator<ChatChunk> it = s.iterator();
                            assertThat(it.next().text()).isEqualTo("a");
                            closedEarly.incrementAndGet();
                          }
                        }
                        default -> {
                          try (ChatStream s = gateway.stream(request("sok", id))) {
                            assertThat(s.response().cost().amount()).isEqualTo(CALL_COST);
                            admitted.incrementAndGet();
                          }
                        }
                      }
                    } catch (BudgetExceededException | ProviderException e) {
                      // refused or failed before the first chunk: nothing held
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      callers.shutdown();
      engine.shutdown();
      assertThat(engine.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      // A stream closed after "a" settles its estimate: ("hello": 7 tokens) + ("a": 1 token).
      Money partial = Money.ofNanos(8 * 1000);
      BudgetStatus s = gateway.budgets().status(BudgetScope.global()).get(0);
      assertThat(s.reserved()).isEqualTo(Money.ZERO);
      assertThat(s.spent())
          .isEqualTo(CALL_COST.times(admitted.get()).plus(partial.times(closedEarly.get())));
      assertThat(s.spent()).isLessThanOrEqualTo(LIMIT);
      assertThat(admitted.get()).isPositive();
      assertThat(closedEarly.get()).isPositive();
    }
  }
}
