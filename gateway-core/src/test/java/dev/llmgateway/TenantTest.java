package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.QuotaExceededException;
import dev.llmgateway.error.TenantPolicyException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TenantTest {
  private final ScriptedProvider p = new ScriptedProvider("p");
  private final CollectingSink sink = new CollectingSink();

  private GatewayClient.Builder builder() {
    return TestSupport.builder(p)
        .usage(u -> u.sink(sink))
        .alias("fast", a -> a.target("p", "m"))
        .alias("smart", a -> a.target("p", "big"));
  }

  private static ChatRequest ask(String model, RequestContext context) {
    return ChatRequest.builder().model(model).user("hello").context(context).build();
  }

  @Test
  void aTenantCannotCallAnAliasOutsideItsAllowlist() {
    GatewayClient gateway = builder().tenant("acme", t -> t.allowAliases("fast")).build();
    try (gateway) {
      ChatRequest refused = ask("smart", RequestContext.tenant("acme"));
      assertThatThrownBy(() -> gateway.chat(refused))
          .isInstanceOfSatisfying(
              TenantPolicyException.class,
              e -> {
                assertThat(e.tenant()).isEqualTo("acme");
                assertThat(e.requested()).isEqualTo("smart");
                assertThat(e.allowedAliases()).containsExactly("fast");
                assertThat(e.getMessage()).contains("Tenant 'acme'", "'smart'", "aliases [fast]");
              });
      assertThat(p.calls).isEmpty();
      assertThatThrownBy(() -> gateway.explain(refused))
          .isInstanceOf(TenantPolicyException.class)
          .hasMessageContaining("'smart'");

      assertThat(gateway.chat(ask("fast", RequestContext.tenant("acme"))).text()).isNotEmpty();
      // A tenant without a policy may call everything.
      gateway.chat(ask("smart", RequestContext.tenant("globex")));
    }
    assertThat(p.calls).extracting(c -> c.model()).containsExactly("m", "big");
    assertThat(sink.records)
        .extracting(UsageRecord::outcome)
        .containsExactly(UsageOutcome.REFUSED, UsageOutcome.SUCCESS, UsageOutcome.SUCCESS);
    assertThat(sink.records.get(0).context().tenant()).isEqualTo("acme");
  }

  @Test
  void theAllowlistIsCheckedAgainstTheAliasTheCallResolvesTo() {
    GatewayClient gateway =
        builder()
            .defaultAlias("smart")
            .unknownModelsToDefault(true)
            .tenant("acme", t -> t.allowAliases("fast"))
            .build();
    try (gateway) {
      assertThatThrownBy(() -> gateway.chat(ask("anything", RequestContext.tenant("acme"))))
          .isInstanceOfSatisfying(
              TenantPolicyException.class, e -> assertThat(e.requested()).isEqualTo("smart"));
      assertThat(p.calls).isEmpty();
    }
  }

  @Test
  void modelPatternsAllowDirectTargetsAndAliasesWhoseTargetsAllMatch() {
    GatewayClient gateway = builder().tenant("acme", t -> t.allowModels("p/m", "tiny-*")).build();
    try (gateway) {
      RequestContext acme = RequestContext.tenant("acme");
      gateway.chat(ask("p/m", acme));
      gateway.chat(ask("fast", acme));
      gateway.chat(ask("p/tiny-1", acme));
      assertThatThrownBy(() -> gateway.chat(ask("p/big", acme)))
          .isInstanceOfSatisfying(
              TenantPolicyException.class,
              e -> {
                assertThat(e.requested()).isEqualTo("p/big");
                assertThat(e.allowedModels()).containsExactly("p/m", "tiny-*");
              });
      assertThatThrownBy(() -> gateway.chat(ask("smart", acme)))
          .isInstanceOf(TenantPolicyException.class)
          .hasMessageContaining("its target p/big is not an allowed model");
    }
    assertThat(p.calls).extracting(c -> c.model()).containsExactly("m", "m", "tiny-1");
  }

  @Test
  void defaultAttributionFillsWhatTheContextLeavesEmpty() {
    List<RequestContext> seen = new CopyOnWriteArrayList<>();
    GatewayClient gateway =
        builder()
            .tenant(
                "acme",
                t ->
                    t.defaultTeam("support")
                        .defaultFeature("faq")
                        .defaultTag("plan", "pro")
                        .defaultTag("region", "eu"))
            .interceptor(
                chain -> {
                  seen.add(chain.request().context());
                  return chain.proceed(chain.request());
                })
            .build();
    try (gateway) {
      gateway.chat(
          ask("fast", RequestContext.tenant("acme").feature("search").tag("region", "us")));
      gateway.chat(ask("fast", RequestContext.tenant("globex")));
    }
    RequestContext expected =
        new RequestContext(
            "acme", "support", "search", null, Map.of("region", "us", "plan", "pro"));
    assertThat(sink.records.get(0).context()).isEqualTo(expected);
    assertThat(seen.get(0)).isEqualTo(expected);
    assertThat(sink.records.get(1).context()).isEqualTo(RequestContext.tenant("globex"));
  }

  @Test
  void everyEventOfTheCallCarriesTheDefaultAttributionFromCallStartOn() {
    List<String> events = new CopyOnWriteArrayList<>();
    GatewayEventListener listener =
        new GatewayEventListener() {
          @Override
          public void callStart(CallInfo call) {
            events.add("callStart " + call.context().team() + " " + call.context().feature());
          }

          @Override
          public void attemptStart(
              CallInfo call, dev.llmgateway.model.TargetRef t, String k, int n) {
            events.add("attemptStart " + call.context().team() + " " + call.context().feature());
          }

          @Override
          public void callEnd(CallInfo call, dev.llmgateway.model.Route route) {
            events.add("callEnd " + call.context().team() + " " + call.context().feature());
          }

          @Override
          public void callFailed(CallInfo call, Throwable error) {
            events.add("callFailed " + call.context().team() + " " + call.context().feature());
          }
        };
    try (GatewayClient gateway =
        builder()
            .tenant(
                "acme", t -> t.defaultTeam("support").defaultFeature("faq").allowAliases("fast"))
            .eventListener(listener)
            .build()) {
      gateway.chat(ask("fast", RequestContext.tenant("acme").feature("search")));
      assertThatThrownBy(() -> gateway.chat(ask("smart", RequestContext.tenant("acme"))))
          .isInstanceOf(TenantPolicyException.class);
    }
    assertThat(events)
        .containsExactly(
            "callStart support search",
            "attemptStart support search",
            "callEnd support search",
            "callStart support faq",
            "callFailed support faq");
  }

  @Test
  void aTenantsCacheEntriesAreInvisibleToOtherTenants() {
    GatewayClient gateway =
        builder()
            .cache(c -> {})
            .alias("faq", a -> a.target("p", "m").cacheTtl(Duration.ofMinutes(10)))
            .tenant("acme", t -> t.allowAliases("faq"))
            .tenant("globex", t -> t.allowAliases("faq"))
            .build();
    try (gateway) {
      ChatResponse acme = gateway.chat(ask("faq", RequestContext.tenant("acme")));
      ChatResponse globex = gateway.chat(ask("faq", RequestContext.tenant("globex")));
      ChatResponse acmeAgain = gateway.chat(ask("faq", RequestContext.tenant("acme")));

      assertThat(acme.route().cacheHit()).isFalse();
      assertThat(globex.route().cacheHit()).isFalse();
      assertThat(acmeAgain.route().cacheHit()).isTrue();
      assertThat(p.calls).hasSize(2);
    }
  }

  @Test
  void aRefusedCallTakesNoQuota() {
    GatewayClient gateway =
        builder()
            .quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(1))
            .tenant("acme", t -> t.allowAliases("fast"))
            .build();
    try (gateway) {
      RequestContext acme = RequestContext.tenant("acme");
      assertThatThrownBy(() -> gateway.chat(ask("smart", acme)))
          .isInstanceOf(TenantPolicyException.class);
      assertThat(gateway.chat(ask("fast", acme)).text()).isNotEmpty();
      assertThatThrownBy(() -> gateway.chat(ask("fast", acme)))
          .isInstanceOf(QuotaExceededException.class);
    }
    assertThat(p.calls).hasSize(1);
  }

  @Test
  void anInterceptorCannotRouteARestrictedTenantAroundItsAllowlist() {
    GatewayClient gateway =
        builder()
            .tenant("acme", t -> t.allowAliases("fast"))
            .interceptor(chain -> chain.proceed(chain.request().withModel("smart")))
            .build();
    try (gateway) {
      assertThatThrownBy(() -> gateway.chat(ask("fast", RequestContext.tenant("acme"))))
          .isInstanceOfSatisfying(
              TenantPolicyException.class, e -> assertThat(e.requested()).isEqualTo("smart"));
    }
    assertThat(p.calls).isEmpty();
  }

  @Test
  void anAllowedAliasMustBeConfigured() {
    assertThatThrownBy(() -> builder().tenant("acme", t -> t.allowAliases("nope")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("tenant 'acme' allows unknown alias 'nope'");
    assertThatThrownBy(() -> builder().tenant("acme", t -> {}).tenant("acme", t -> {}))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Tenant 'acme' is already configured");
  }
}
