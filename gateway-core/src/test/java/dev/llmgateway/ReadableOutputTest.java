package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** explain(), health() and budgets print as small aligned tables, like a database's EXPLAIN. */
class ReadableOutputTest {
  private static final String KEY_A = "sk-secret-primary-0001";
  private static final String KEY_B = "sk-secret-backup-0002";

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider chatOnly = new ScriptedProvider("c", Capabilities.CHAT_ONLY);
  private final FakeClock clock = new FakeClock();

  private GatewayClient client() {
    return GatewayClient.builder()
        .providerFactory(new ScriptedFactory(a, chatOnly))
        .provider(
            "a",
            p ->
                p.type("scripted")
                    .key("primary", Secret.of(KEY_A), 1)
                    .key("backup", Secret.of(KEY_B), 1))
        .provider("c", p -> p.type("scripted").apiKey(Secret.of(TestSupport.FAKE_KEY)))
        .alias(
            "fast",
            x ->
                x.target("a", "m1", 3)
                    .target("c", "small", 1)
                    .strategy(RoutingStrategy.ordered())
                    .fallback("a/m2"))
        .prices(p -> p.model("scripted", "m1", Money.usd("1"), Money.usd("2")))
        .budget(b -> b.scope(BudgetScope.team("support")).monthly(Money.usd("50")))
        .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd("1000")))
        .retryBackoff(Duration.ZERO, Duration.ZERO)
        .clock(clock)
        .seed(42)
        .build();
  }

  @Test
  void explainPrintsThePlanAsATable() {
    ChatRequest withTool =
        ChatRequest.builder()
            .model("fast")
            .user("weather?")
            .tool(ToolDefinition.of("weather", "The weather", Map.of("type", "object")))
            .build();
    try (GatewayClient gateway = client()) {
      RoutePlan plan = gateway.explain(withTool);
      assertThat(plan.toString())
          .isEqualTo(
              String.join(
                  "\n",
                  "route for 'fast': alias 'fast', strategy RoutingStrategy.ordered()",
                  "#  target  weight   share  keys             reason",
                  "1  a/m1         3  100.0%  primary, backup  primary of alias 'fast'"
                      + " (RoutingStrategy.ordered())",
                  "2  a/m2         1  100.0%  backup, primary  fallback of alias 'fast'",
                  "skipped  reason",
                  "c/small  lacks [tools]"));
    }
  }

  @Test
  void healthPrintsOneRowPerKeyAndNoSecret() {
    a.then("m1", fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(30)));
    try (GatewayClient gateway = client()) {
      gateway.chat(ChatRequest.builder().model("a/m1").user("hi").build());
      List<TargetHealth> health = gateway.health();
      String table = TargetHealth.table(health);
      String[] lines = table.split("\n");
      assertThat(lines[0])
          .isEqualTo(
              "target   in flight  latency  ttft  key      available  circuit  open until"
                  + "  cooling until         disabled");
      assertThat(table).doesNotContain(KEY_A).doesNotContain(KEY_B);
      // Configured targets (alias targets and the alias's direct fallback a/m2), one row per key;
      // the rate-limited key cools down until now + 30 s on every target of provider a.
      String cooling = FakeClock.DEFAULT_START.plusSeconds(30).toString();
      assertThat(lines).hasSize(6);
      assertThat(lines[1])
          .matches(
              "a/m1             0 +[0-9.]+ ms     -  primary  no         CLOSED   -           "
                  + cooling
                  + "  -");
      String backupAvailable =
          "                                   backup   yes        CLOSED   -           -"
              + "                     -";
      assertThat(lines[2]).isEqualTo(backupAvailable);
      assertThat(lines[3])
          .isEqualTo(
              "a/m2             0        -     -  primary  no         CLOSED   -           "
                  + cooling
                  + "  -");
      assertThat(lines[4]).isEqualTo(backupAvailable);
      assertThat(lines[5])
          .isEqualTo(
              "c/small          0        -     -  default  yes        CLOSED   -           -"
                  + "                     -");
      assertThat(health.get(0).toString()).isEqualTo(TargetHealth.table(List.of(health.get(0))));
    }
  }

  @Test
  void budgetStatusPrintsAsATable() {
    try (GatewayClient gateway = client()) {
      gateway.chat(
          ChatRequest.builder()
              .model("a/m1")
              .user("hi")
              .context(RequestContext.tenant("t").team("support"))
              .build()); // 10 input + 5 output tokens at $1 / $2 per million: $0.00002
      BudgetStatus team = gateway.budgets().status(BudgetScope.team("support")).get(0);
      BudgetStatus global = gateway.budgets().status(BudgetScope.global()).get(0);
      String windowStart = team.windowStart().toString();
      assertThat(BudgetStatus.table(List.of(team, global)))
          .isEqualTo(
              String.join(
                  "\n",
                  "budget                         window start             limit     spent"
                      + "  reserved   remaining  used",
                  "team=support (MONTHLY 50 USD)  "
                      + windowStart
                      + "    $50.00  $0.00002     $0.00   $49.99998  0.0%",
                  "global (LIFETIME 1000 USD)     -                     $1000.00  $0.00002"
                      + "     $0.00  $999.99998  0.0%"));
      assertThat(team.toString()).isEqualTo(BudgetStatus.table(List.of(team)));
    }
  }
}
