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
 *
 * <p>Which calls the budget admits depends on timing, but each test also holds calls that are sure
 * to be in flight when the race starts: the threads whose first call is a "cancel" start it (and
 * see it reach the provider, or read its first chunk) before the start barrier, when nothing else
 * holds budget, and cancel or close it after the barrier, while the others race. So a cancel lands
 * mid-call in every run, whatever the scheduling.
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

  /** How many calls of a kind the threads make, over all threads and calls. */
  static int count(String kind, boolean firstCallsOnly) {
    int n = 0;
    for (int t = 0; t < THREADS; t++) {
      for (int c = 0; c < (firstCallsOnly ? 1 : CALLS_PER_THREAD); c++) {
        if (kind(t, c).equals(kind)) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void concurrentChatsNeverOverspendAndLeaveNoReservation() throws Exception {
    int held = count("cancel", true);
    assertThat(held).isPositive();
    ExecutorService engine = Executors.newCachedThreadPool();
    ExecutorService callers = Executors.newFixedThreadPool(THREADS);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger refusedOk = new AtomicInteger();
    AtomicInteger cancelled = new AtomicInteger();
    AtomicInteger heldCancelled = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    try (GatewayClient gateway = client(engine)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(
            callers.submit(
                () -> {
                  // A first "cancel" call starts before the barrier, when nothing else holds
                  // budget: it certainly reaches the provider, which hangs until it is cancelled.
                  CompletableFuture<ChatResponse> inFlight = null;
                  if (kind(thread, 0).equals("cancel")) {
                    inFlight = startHanging(gateway, thread + "-0");
                  }
                  start.await();
                  for (int c = 0; c < CALLS_PER_THREAD; c++) {
                    String id = thread + "-" + c;
                    String kind = kind(thread, c);
                    try {
                      if (c == 0 && inFlight != null) {
                        // Mid-call, while the other threads race for the budget.
                        assertThat(inFlight.cancel(true)).as("cancel of held call " + id).isTrue();
                        cancelled.incrementAndGet();
                        heldCancelled.incrementAndGet();
                        inFlight.exceptionally(x -> null).join();
                        continue;
                      }
                      switch (kind) {
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
                      if (kind.equals("ok")) {
                        refusedOk.incrementAndGet();
                      }
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
      // Every successful call is either admitted or refused; the limit admits at most 100.
      assertThat(admitted.get() + refusedOk.get()).isEqualTo(count("ok", false));
      assertThat(admitted.get()).isPositive();
      assertThat(refused.get()).isGreaterThanOrEqualTo(count("ok", false) - 100);
      assertThat(heldCancelled.get()).isEqualTo(held);
      assertThat(cancelled.get()).isGreaterThanOrEqualTo(held);
    }
  }

  /** Starts a hanging call and returns once the provider has it. */
  private CompletableFuture<ChatResponse> startHanging(GatewayClient gateway, String id) {
    CompletableFuture<Void> in = new CompletableFuture<>();
    entered.put(id, in);
    CompletableFuture<ChatResponse> call = gateway.chatAsync(request("hang", id));
    CompletableFuture.anyOf(call, in).exceptionally(x -> null).join();
    assertThat(in).as("call " + id + " reached the provider (it failed: " + call + ")").isDone();
    return call;
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
    int held = count("cancel", true);
    ExecutorService engine = Executors.newCachedThreadPool();
    ExecutorService callers = Executors.newFixedThreadPool(THREADS);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refusedOk = new AtomicInteger();
    AtomicInteger closedEarly = new AtomicInteger();
    AtomicInteger heldClosed = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    try (GatewayClient gateway = client(engine)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(
            callers.submit(
                () -> {
                  // A first "cancel" stream opens and reads its first chunk before the barrier,
                  // when nothing else holds budget: it is certainly admitted and mid-stream.
                  ChatStream open = null;
                  if (kind(thread, 0).equals("cancel")) {
                    open = gateway.stream(request("sclose", thread + "-0"));
                    assertThat(open.iterator().next().text()).isEqualTo("a");
                  }
                  start.await();
                  for (int c = 0; c < CALLS_PER_THREAD; c++) {
                    String id = thread + "-" + c;
                    String kind = kind(thread, c);
                    try {
                      if (c == 0 && open != null) {
                        // Closed mid-stream, while the other threads race for the budget.
                        open.close();
                        closedEarly.incrementAndGet();
                        heldClosed.incrementAndGet();
                        continue;
                      }
                      switch (kind) {
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
                    } catch (BudgetExceededException e) {
                      // refused: nothing held
                      if (kind.equals("ok")) {
                        refusedOk.incrementAndGet();
                      }
                    } catch (ProviderException e) {
                      // failed before the first chunk: nothing held
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
      assertThat(admitted.get() + refusedOk.get()).isEqualTo(count("ok", false));
      assertThat(admitted.get()).isPositive();
      assertThat(refusedOk.get()).isPositive();
      assertThat(heldClosed.get()).isEqualTo(held);
      assertThat(closedEarly.get()).isGreaterThanOrEqualTo(held);
    }
  }
}
