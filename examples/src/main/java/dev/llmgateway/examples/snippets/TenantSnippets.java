package dev.llmgateway.examples.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.spi.Secret;

/** The snippets of docs/tenants.md. */
final class TenantSnippets {
  private TenantSnippets() {}

  static void allowlist() {
    // snippet: tenants-allowlist
    GatewayClient gateway =
        GatewayClient.builder()
            .provider("openai", p -> p.apiKey(Secret.env("OPENAI_API_KEY")))
            .alias("fast", a -> a.target("openai", "gpt-4o-mini"))
            .alias("smart", a -> a.target("openai", "gpt-4o"))
            .tenant(
                "acme",
                t ->
                    t.allowAliases("fast")
                        .allowModels("openai/gpt-4o-mini*")
                        .defaultTeam("support")
                        .defaultFeature("chat")
                        .defaultTag("plan", "pro"))
            .build();

    gateway.chat(
        ChatRequest.builder()
            .model("smart")
            .user("hi")
            .context(RequestContext.tenant("acme"))
            .build());
    // TenantPolicyException: Tenant 'acme' may not call 'smart' (its target openai/gpt-4o is not an
    // allowed model); it may use aliases [fast] and models [openai/gpt-4o-mini*]
    // end snippet: tenants-allowlist
  }

  static GatewayClient.Builder limits(GatewayClient.Builder builder) {
    return builder
        // snippet: tenants-limits
        .budget(b -> b.scope(BudgetScope.tenant("acme")).monthly(Money.usd("100")))
        .quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(60))
        .quota(q -> q.scope(QuotaScope.eachTenant()).requestsPerMinute(10))
    // end snippet: tenants-limits
    ;
  }
}
