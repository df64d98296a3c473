package dev.llmgateway.examples.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.model.Money;
import dev.llmgateway.pricing.MediaPrice;
import dev.llmgateway.pricing.PriceCatalog;
import dev.llmgateway.pricing.UnknownPricePolicy;
import java.nio.file.Path;
import java.time.ZoneId;

/** The snippets of docs/spend-control.md and docs/tenants.md. */
final class SpendSnippets {
  private SpendSnippets() {}

  static GatewayClient.Builder prices() {
    return
    // snippet: spend-prices
    GatewayClient.builder()
        .prices(p -> p.model("openai", "ft:gpt-4o-mini:acme", Money.usd("0.30"), Money.usd("1.20")))
        // or replace the whole catalog:
        .priceCatalog(PriceCatalog.fromJson(Path.of("prices.json")))
    // end snippet: spend-prices
    ;
  }

  static GatewayClient.Builder budgets() {
    return
    // snippet: spend-budgets
    GatewayClient.builder()
        .budget(b -> b.scope(BudgetScope.team("support")).monthly(Money.usd("50")).alertAt(80))
        .budget(b -> b.scope(BudgetScope.user("u-42")).daily(Money.usd("1")).downgradeTo("cheap"))
        .budgetZone(ZoneId.of("Europe/Berlin")) // where days and months start
        .unknownPricePolicy(UnknownPricePolicy.REJECT) // unpriced models under a budget
    // end snippet: spend-budgets
    ;
  }

  static void status(GatewayClient client) {
    // snippet: spend-budget-status
    BudgetStatus s = client.budgets().status(BudgetScope.team("support")).get(0);
    s.spent();
    s.reserved();
    s.remaining();
    s.windowStart();
    System.out.println(s); // or BudgetStatus.table(listOfStatuses)
    // end snippet: spend-budget-status
  }

  static GatewayClient.Builder mediaPrices() {
    return
    // snippet: spend-media-prices
    GatewayClient.builder()
        .prices(
            p ->
                p.media(
                        "openai",
                        "whisper-1",
                        MediaPrice.builder().perMinute(Money.usd("0.006")).build())
                    .media(
                        "bedrock",
                        "my-image-model",
                        MediaPrice.builder()
                            .perImage("1024x1024", "standard", Money.usd("0.04"))
                            .perImage("2048x2048", "standard", Money.usd("0.06"))
                            .build()))
    // end snippet: spend-media-prices
    ;
  }
}
