package dev.llmgateway.redis;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetLedger;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetWindow;
import dev.llmgateway.config.StoreSettings.FailurePolicy;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Money;
import dev.llmgateway.spi.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One app instance in a JVM of its own, started by {@link TwoProcessesTest}. Modes:
 *
 * <ul>
 *   <li>{@code spend <redis> <llm base url> <threads>}: a client whose global lifetime budget of
 *       $1.00 lives in Redis; prints {@code READY}, waits for a line on stdin, then {@code threads}
 *       threads call until the budget refuses; prints {@code admitted=<calls> spent=<nanos>
 *       refused=<redis refusals>}.
 *   <li>{@code hold <redis> <lease ms>}: reserves $0.10 three times in the global lifetime budget,
 *       prints {@code HELD}, and waits to be killed.
 * </ul>
 */
public final class InstanceMain {
  private InstanceMain() {}

  static final Budget GLOBAL =
      new Budget(BudgetScope.global(), BudgetWindow.LIFETIME, Money.usd("1.00"), 0, null);

  public static void main(String[] args) throws Exception {
    if (args[0].equals("hold")) {
      hold(args[1], Duration.ofMillis(Long.parseLong(args[2])));
    } else {
      spend(args[1], args[2], Integer.parseInt(args[3]));
    }
  }

  private static void hold(String redis, Duration lease) throws IOException {
    RedisStores stores = RedisStores.builder(redis).leaseDuration(lease).build();
    BudgetLedger ledger = stores.ledger(ZoneOffset.UTC);
    for (int i = 0; i < 3; i++) {
      ledger.reserve(List.of(GLOBAL), Money.usd("0.10"), Instant.now());
    }
    System.out.println("HELD");
    System.out.flush();
    // Blocks until the parent kills this process (it never writes to our stdin).
    System.in.read();
  }

  private static void spend(String redis, String baseUrl, int threads) throws Exception {
    try (RedisStores stores =
            RedisStores.builder(redis)
                .commandTimeout(Duration.ofSeconds(2))
                .failurePolicy(FailurePolicy.FAIL_CLOSED)
                .build();
        GatewayClient gateway =
            GatewayClient.builder()
                .provider(
                    "openai",
                    p -> p.type("openai").baseUrl(baseUrl).apiKey(Secret.of("k-" + "child")))
                .prices(p -> p.model("openai", "gpt-x", Money.usd("10"), Money.usd("10")))
                .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd("1.00")))
                .budgetLedger(stores.ledger(GatewayClient.DEFAULT_BUDGET_ZONE))
                .retryBackoff(Duration.ZERO, Duration.ZERO)
                .build()) {
      AtomicLong admitted = new AtomicLong();
      AtomicLong spent = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      ChatRequest ask =
          ChatRequest.builder().model("openai/gpt-x").user("hello").maxTokens(100).build();
      for (int t = 0; t < threads; t++) {
        Thread w =
            new Thread(
                () -> {
                  try {
                    start.await();
                    while (true) {
                      try {
                        ChatResponse r = gateway.chat(ask);
                        admitted.incrementAndGet();
                        spent.addAndGet(r.cost().amount().nanos());
                      } catch (RedisUnavailableException e) {
                        refused.incrementAndGet();
                      }
                    }
                  } catch (BudgetExceededException e) {
                    // the budget is spent: this worker is done
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        w.start();
        workers.add(w);
      }
      // Both instances start calling together: the parent answers READY with a line on stdin.
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      start.countDown();
      for (Thread w : workers) {
        w.join();
      }
      System.out.println(
          "admitted=" + admitted.get() + " spent=" + spent.get() + " refused=" + refused.get());
      System.out.flush();
    }
  }
}
