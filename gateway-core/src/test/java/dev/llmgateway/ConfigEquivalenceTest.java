package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.cache.CachePartition;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.internal.config.CacheSettings;
import dev.llmgateway.internal.config.EngineSettings;
import dev.llmgateway.internal.config.ProviderDefinition;
import dev.llmgateway.internal.config.UsageSettings;
import dev.llmgateway.model.Money;
import dev.llmgateway.pricing.ModelPrice;
import dev.llmgateway.pricing.PriceCatalog;
import dev.llmgateway.pricing.UnknownPricePolicy;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.usage.UsageQueuePolicy;
import dev.llmgateway.usage.UsageSinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A configuration file and the same settings written on the builder give the same engine settings:
 * the file is applied through the builder's own setters, key by key.
 */
class ConfigEquivalenceTest {
  private static final Map<String, String> ENV =
      Map.of(
          "OPENAI_API_KEY", "test-openai-key",
          "ANTHROPIC_KEY_1", "test-anthropic-key-1",
          "AZURE_OPENAI_KEY", "test-azure-key");
  private static final String FILE_SECRET = "test-file-secret";
  private static final SecretResolver RESOLVER =
      SecretResolver.environment(ENV::get)
          .or(
              new SecretResolver() {
                @Override
                public Set<String> schemes() {
                  return Set.of("file");
                }

                @Override
                public Secret resolve(String scheme, String name) {
                  return Secret.of(FILE_SECRET);
                }
              });

  @TempDir Path dir;

  @Test
  void theDocumentedExampleIsTheSameAsItsBuilderCode() throws IOException {
    Path usage = dir.resolve("usage");
    String yaml = documentedExample().replace("/var/log/llm-usage", usage.toString());
    Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml);

    EngineSettings fromFile =
        BuilderAccess.settings(GatewayClient.builder().secretResolver(RESOLVER).config(file));
    EngineSettings fromCode = BuilderAccess.settings(documentedExampleInCode(usage));

    assertSameSettings(fromFile, fromCode);
  }

  @Test
  void theKeysTheExampleLeavesOutAreTheSameAsTheirBuilderCode() throws IOException {
    Path prices =
        Files.writeString(
            dir.resolve("prices.json"),
            "{\"version\": \"test\", \"models\": [{\"provider\": \"openai\", \"model\": \"m\","
                + " \"input\": \"1.00\", \"output\": \"2.00\"}]}");
    String yaml =
        "providers:\n"
            + "  p:\n"
            + "    apiKey: ${env:OPENAI_API_KEY}\n"
            + "aliases:\n"
            + "  a:\n"
            + "    strategy: ordered\n"
            + "    targets: [{provider: p, model: m}]\n"
            + "circuitBreaker: {enabled: false, failureRateThreshold: 25, slidingWindowSize: 40,"
            + " minimumCalls: 10, openDuration: 1m}\n"
            + "cache: {cacheAllAliases: true}\n"
            + "priceCatalog: empty\n"
            + "priceFiles: ['"
            + prices
            + "']\n"
            + "budgets: [{scope: 'tag:env=prod', window: lifetime, limit: 1000}]\n";

    EngineSettings fromFile =
        BuilderAccess.settings(
            GatewayClient.builder().config(GatewayConfig.parse(yaml, "rest.yaml", RESOLVER)));
    EngineSettings fromCode =
        BuilderAccess.settings(
            GatewayClient.builder()
                .provider("p", p -> p.apiKey(Secret.env("OPENAI_API_KEY", ENV::get)))
                .alias("a", a -> a.strategy(RoutingStrategy.ordered()).target("p", "m"))
                .circuitBreaker(
                    c ->
                        c.enabled(false)
                            .failureRateThreshold(25)
                            .slidingWindowSize(40)
                            .minimumCalls(10)
                            .openDuration(Duration.ofMinutes(1)))
                .cache(c -> c.cacheAllAliases(true))
                .priceCatalog(PriceCatalog.empty())
                .prices(p -> p.json(prices))
                .budget(b -> b.scope(BudgetScope.tag("env", "prod")).lifetime(Money.usd("1000"))));

    assertSameSettings(fromFile, fromCode);
    assertThat(fromFile.spend().catalog().version()).isEqualTo("test");
  }

  @ParameterizedTest
  @CsvSource({
    "weighted, weighted",
    "ordered, ordered",
    "roundRobin, roundRobin",
    "leastBusy, leastBusy",
    "lowestLatency, lowestLatency",
    "lowestCost, lowestCost",
    "stickyByUser, stickyByUser",
  })
  void eachStrategyNameIsItsFactory(String name, String factory) throws Exception {
    String yaml =
        "providers: {p: {}}\naliases:\n  a:\n    strategy: "
            + name
            + "\n    targets: [{provider: p, model: m}]\n";
    EngineSettings s =
        BuilderAccess.settings(
            GatewayClient.builder().config(GatewayConfig.parse(yaml, "s.yaml", RESOLVER)));
    RoutingStrategy expected =
        (RoutingStrategy) RoutingStrategy.class.getMethod(factory).invoke(null);

    assertThat(s.aliases().get(0).strategy()).hasSameClassAs(expected);
    assertThat(s.aliases().get(0).strategy().toString()).isEqualTo(expected.toString());
  }

  private static void assertSameSettings(EngineSettings file, EngineSettings code) {
    assertThat(providers(file)).isEqualTo(providers(code));
    assertThat(file.aliases()).isEqualTo(code.aliases());
    assertThat(file.routing()).isEqualTo(code.routing());
    assertThat(file.breakers()).isEqualTo(code.breakers());
    assertThat(file.defaultTimeout()).isEqualTo(code.defaultTimeout());
    assertThat(file.maxAttempts()).isEqualTo(code.maxAttempts());
    assertThat(file.retriesPerTarget()).isEqualTo(code.retriesPerTarget());
    assertThat(file.backoff()).isEqualTo(code.backoff());
    assertThat(file.retryBudgetRatio()).isEqualTo(code.retryBudgetRatio());
    assertThat(file.retryBudgetMin()).isEqualTo(code.retryBudgetMin());
    assertThat(file.retryBudgetWindow()).isEqualTo(code.retryBudgetWindow());
    assertThat(file.waitForCapacity()).isEqualTo(code.waitForCapacity());
    assertThat(file.idleTargetExpiry()).isEqualTo(code.idleTargetExpiry());
    assertThat(file.disabledKeyProbeInterval()).isEqualTo(code.disabledKeyProbeInterval());
    assertThat(cache(file.cache())).isEqualTo(cache(code.cache()));
    assertThat(file.quota() == null ? null : file.quota().rules())
        .isEqualTo(code.quota() == null ? null : code.quota().rules());
    assertThat(usage(file.usage())).isEqualTo(usage(code.usage()));
    assertThat(file.spend().budgets()).isEqualTo(code.spend().budgets());
    assertThat(file.spend().unknownPrice()).isEqualTo(code.spend().unknownPrice());
    assertThat(file.spend().catalog().models()).isEqualTo(code.spend().catalog().models());
    assertThat(file.spend().catalog().version()).isEqualTo(code.spend().catalog().version());
  }

  /** A provider definition's values, with each key as id, weight, source and value. */
  private static List<String> providers(EngineSettings s) {
    List<String> out = new ArrayList<>();
    for (ProviderDefinition p : s.providers()) {
      List<String> keys = new ArrayList<>();
      for (ProviderKey k : p.keys()) {
        keys.add(k.id() + "/" + k.weight() + "/" + k.secret().source() + "/" + k.secret().reveal());
      }
      out.add(
          String.join(
              "|",
              p.name(),
              p.type(),
              Objects.toString(p.baseUrl()),
              keys.toString(),
              p.connectTimeout().toString(),
              p.readTimeout().toString(),
              p.headers().toString(),
              Objects.toString(p.profile()),
              p.options().toString(),
              Boolean.toString(p.roundRobinKeys()),
              p.rateLimitCooldown().toString()));
    }
    return out;
  }

  private static List<Object> cache(CacheSettings c) {
    if (c == null) {
      return List.of();
    }
    return List.of(
        c.store().toString(),
        c.defaultTtl(),
        c.partition(),
        c.cacheAllAliases(),
        c.cacheSampled(),
        c.aliasTtls());
  }

  private static List<Object> usage(UsageSettings u) {
    return List.of(
        u.queueCapacity(),
        u.whenFull(),
        u.blockTimeout(),
        u.maxBatchSize(),
        u.closeTimeout(),
        u.sinks().toString());
  }

  private static String documentedExample() throws IOException {
    String doc =
        Files.readString(
            Path.of("").toAbsolutePath().getParent().resolve("docs/configuration.md"),
            StandardCharsets.UTF_8);
    int at = doc.indexOf("<!-- example: complete -->\n```yaml\n");
    assertThat(at).isNotNegative();
    int start = doc.indexOf('\n', doc.indexOf("```yaml", at)) + 1;
    return doc.substring(start, doc.indexOf("\n```\n", start) + 1);
  }

  /** The documented example, written on the builder. */
  private static GatewayClient.Builder documentedExampleInCode(Path usageDirectory) {
    Duration s2 = Duration.ofSeconds(2);
    return GatewayClient.builder()
        .provider(
            "openai",
            p ->
                p.type("openai")
                    .apiKey(Secret.env("OPENAI_API_KEY", ENV::get))
                    .connectTimeout(Duration.ofSeconds(5))
                    .readTimeout(Duration.ofSeconds(30))
                    .rateLimitCooldown(Duration.ofSeconds(20)))
        .provider(
            "claude",
            p ->
                p.type("anthropic")
                    .key("primary", Secret.env("ANTHROPIC_KEY_1", ENV::get), 70)
                    .key("secondary", Secret.of(FILE_SECRET), 30)
                    .keySelection(ProviderSpec.KeySelection.ROUND_ROBIN)
                    .header("anthropic-beta", "prompt-caching-2024-07-31"))
        .provider(
            "azure",
            p ->
                p.type("openai")
                    .profile("azure-openai")
                    .baseUrl("https://acme.openai.azure.com")
                    .apiKey(Secret.env("AZURE_OPENAI_KEY", ENV::get))
                    .option("api-version", "2024-10-21"))
        .alias(
            "fast",
            a ->
                a.target("openai", "gpt-4o-mini", 60)
                    .target(
                        "claude",
                        "claude-haiku-4-5",
                        t -> t.weight(40).key("primary").maxTokens(1024))
                    .fallback("openai/gpt-4o")
                    .hedgeAtPercentile(95, s2)
                    .cacheTtl(Duration.ofMinutes(10)))
        .alias(
            "smart",
            a ->
                a.strategy(RoutingStrategy.lowestCost())
                    .target(
                        "openai",
                        "gpt-4.1",
                        t ->
                            t.contextWindow(1_000_000)
                                .temperature(0.2)
                                .price(Money.usd("2.00"), Money.usd("8.00"))
                                .extraParam("service_tier", "flex"))
                    .target(
                        "azure",
                        "gpt-4o",
                        t ->
                            t.endpointMode(EndpointMode.RESPONSES)
                                .price(Money.usd("2.50"), Money.usd("10.00")))
                    .fallbackOn(ErrorKind.CONTENT_FILTERED, true)
                    .hedge(Duration.ofSeconds(3)))
        .alias("cheap", a -> a.target("openai", "gpt-4o-mini"))
        .alias(
            "legacy",
            a ->
                a.enabled(false)
                    .target(
                        "openai",
                        "gpt-3.5-turbo-instruct",
                        t -> t.endpointMode(EndpointMode.COMPLETIONS)))
        .defaultTimeout(Duration.ofSeconds(45))
        .maxAttempts(4)
        .retriesPerTarget(2)
        .retryBackoff(Duration.ofMillis(100), s2)
        .retryBudget(0.1, 5, Duration.ofSeconds(30))
        .waitForCapacity(false)
        .idleTargetExpiry(Duration.ofMinutes(30))
        .disabledKeyProbeInterval(Duration.ofMinutes(10))
        .seed(42)
        .requestRule(r -> r.forModel("auto").tenant("acme").priority("high").routeTo("smart"))
        .requestRule(r -> r.forModel("auto").minPromptTokens(30_000).routeTo("smart"))
        .requestRule(
            r ->
                r.forModel("auto")
                    .team("support")
                    .feature("faq")
                    .tag("region", "eu")
                    .maxPromptTokens(29_999)
                    .routeTo("fast"))
        .modelRule("gpt-*", "openai")
        .modelRule("claude-*", "claude")
        .defaultAlias("fast")
        .unknownModelsToDefault(true)
        .defaultFallback("cheap")
        .circuitBreaker(
            c ->
                c.consecutiveFailures(5, Duration.ofMinutes(1))
                    .slowCall(Duration.ofSeconds(20), 80)
                    .openDurationMultiplier(1.5)
                    .maxOpenDuration(Duration.ofMinutes(10))
                    .halfOpenProbes(2))
        .cache(
            c ->
                c.maxBytes(134_217_728L)
                    .defaultTtl(Duration.ofMinutes(30))
                    .partition(CachePartition.TEAM)
                    .cacheSampled(false))
        .quota(
            q ->
                q.scope(QuotaScope.tenant("acme"))
                    .requestsPerMinute(600)
                    .tokensPerMinute(2_000_000))
        .quota(q -> q.scope(QuotaScope.eachTenant()).requestsPerMinute(60).requestsPerDay(20_000))
        .budget(
            b ->
                b.scope(BudgetScope.team("support"))
                    .monthly(Money.usd("500.00"))
                    .alertAt(80)
                    .downgradeTo("cheap"))
        .budget(b -> b.daily(Money.usd("200")))
        .budgetZone(ZoneId.of("Europe/Paris"))
        .unknownPricePolicy(UnknownPricePolicy.REJECT)
        .priceCatalog(PriceCatalog.bundled())
        .prices(
            p ->
                p.model(
                        new ModelPrice(
                            "openai",
                            "ft:gpt-4o-mini:acme",
                            Money.usd("0.30"),
                            Money.usd("1.20"),
                            Money.usd("0.15"),
                            Money.usd("0.30"),
                            0,
                            0))
                    .alias("openai", "gpt-4o-mini-acme", "gpt-4o-mini"))
        .usage(
            u ->
                u.queueCapacity(20_000)
                    .whenFull(UsageQueuePolicy.DROP)
                    .blockTimeout(Duration.ofMillis(50))
                    .maxBatchSize(1000)
                    .closeTimeout(Duration.ofSeconds(10))
                    .sink(UsageSinks.slf4j())
                    .sink(UsageSinks.jsonLines(usageDirectory, ZoneId.of("Europe/Paris"))));
  }
}
