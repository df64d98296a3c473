package dev.llmgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.AliasSpec;
import dev.llmgateway.CacheSpec;
import dev.llmgateway.CircuitBreakerSpec;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.ProviderSpec;
import dev.llmgateway.QuotaSpec;
import dev.llmgateway.RequestRuleSpec;
import dev.llmgateway.TargetSpec;
import dev.llmgateway.UsageSpec;
import dev.llmgateway.budget.BudgetSpec;
import dev.llmgateway.budget.BudgetWindow;
import dev.llmgateway.cache.CachePartition;
import dev.llmgateway.config.ConfigSchema.SinkType;
import dev.llmgateway.config.ConfigSchema.StrategyName;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.Money;
import dev.llmgateway.pricing.UnknownPricePolicy;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.usage.UsageQueuePolicy;
import dev.llmgateway.usage.UsageSinks;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Applies a validated configuration tree onto a {@link GatewayClient.Builder}, one builder call per
 * key, so that a file and the same settings written in code give the same client. A builder call
 * that refuses a value (a provider name the code already used, a setting a derived builder cannot
 * change) is a problem at the key's path; the others still run.
 */
final class Applier {
  private final JsonNode root;
  private final Map<String, Secret> secrets;
  private final Problems problems;

  Applier(JsonNode root, Map<String, Secret> secrets, Problems problems) {
    this.root = root;
    this.secrets = secrets;
    this.problems = problems;
  }

  /** Applies every key of the file, in the order of the format. */
  void apply(GatewayClient.Builder b) {
    each(
        root.path("providers"),
        (name, p) -> at(key("providers", name), () -> provider(b, name, p)));
    each(root.path("aliases"), (name, a) -> at(key("aliases", name), () -> alias(b, name, a)));
    each(root.path("tenants"), (name, t) -> at(key("tenants", name), () -> tenant(b, name, t)));
    value("defaultTimeout", n -> b.defaultTimeout(duration(n)));
    value("maxAttempts", n -> b.maxAttempts(n.intValue()));
    value("retriesPerTarget", n -> b.retriesPerTarget(n.intValue()));
    value(
        "retryBackoff",
        n ->
            b.retryBackoff(
                durationOr(n, "initial", GatewayClient.DEFAULT_RETRY_BACKOFF_INITIAL),
                durationOr(n, "max", GatewayClient.DEFAULT_RETRY_BACKOFF_MAX)));
    value(
        "retryBudget",
        n ->
            b.retryBudget(
                n.path("ratio").asDouble(GatewayClient.DEFAULT_RETRY_BUDGET_RATIO),
                n.path("minRetries").asInt(GatewayClient.DEFAULT_RETRY_BUDGET_MIN_RETRIES),
                durationOr(n, "window", GatewayClient.DEFAULT_RETRY_BUDGET_WINDOW)));
    value("waitForCapacity", n -> b.waitForCapacity(n.booleanValue()));
    value("idleTargetExpiry", n -> b.idleTargetExpiry(duration(n)));
    value("disabledKeyProbeInterval", n -> b.disabledKeyProbeInterval(duration(n)));
    value("seed", n -> b.seed(n.longValue()));
    items("requestRules", (n, path) -> b.requestRule(r -> requestRule(r, n)));
    items(
        "modelRules",
        (n, path) -> b.modelRule(n.path("glob").textValue(), n.path("provider").textValue()));
    value("defaultAlias", n -> b.defaultAlias(n.textValue()));
    value("unknownModelsToDefault", n -> b.unknownModelsToDefault(n.booleanValue()));
    items("defaultFallbacks", (n, path) -> b.defaultFallback(n.textValue()));
    value("circuitBreaker", n -> b.circuitBreaker(c -> circuitBreaker(c, n)));
    value("cache", n -> b.cache(c -> cache(c, n)));
    items("quotas", (n, path) -> b.quota(q -> quota(q, n)));
    items("budgets", (n, path) -> b.budget(s -> budget(s, n)));
    value("budgetZone", n -> b.budgetZone(ZoneId.of(n.textValue())));
    value("unknownPricePolicy", n -> b.unknownPricePolicy(constant(UnknownPricePolicy.class, n)));
    value("priceCatalog", n -> b.priceCatalog(References.catalog(n.textValue())));
    prices(b);
    value("usage", n -> b.usage(u -> usage(u, n)));
    value(
        "stores",
        n ->
            Stores.apply(
                b, root, n.has("password") ? secret(Problems.child("stores", "password")) : null));
  }

  private void provider(GatewayClient.Builder b, String name, JsonNode n) {
    String path = key("providers", name);
    b.provider(
        name,
        p -> {
          text(n, "type", p::type);
          text(n, "baseUrl", p::baseUrl);
          text(n, "profile", p::profile);
          if (n.has("apiKey")) {
            p.apiKey(secret(Problems.child(path, "apiKey")));
          }
          JsonNode keys = n.path("keys");
          for (int i = 0; i < keys.size(); i++) {
            JsonNode k = keys.get(i);
            String at = Problems.child(Problems.index(Problems.child(path, "keys"), i), "secret");
            p.key(
                k.path("id").textValue(),
                secret(at),
                k.path("weight").asInt(ProviderSpec.DEFAULT_KEY_WEIGHT));
          }
          if (n.has("keySelection")) {
            p.keySelection(constant(ProviderSpec.KeySelection.class, n.path("keySelection")));
          }
          durationOf(n, "rateLimitCooldown", p::rateLimitCooldown);
          durationOf(n, "connectTimeout", p::connectTimeout);
          durationOf(n, "readTimeout", p::readTimeout);
          each(n.path("headers"), (h, v) -> p.header(h, v.textValue()));
          each(n.path("options"), (o, v) -> p.option(o, v.textValue()));
        });
  }

  private void alias(GatewayClient.Builder b, String name, JsonNode n) {
    b.alias(
        name,
        a -> {
          for (JsonNode t : n.path("targets")) {
            a.target(
                t.path("provider").textValue(), t.path("model").textValue(), s -> target(s, t));
          }
          if (n.has("strategy")) {
            a.strategy(strategy(constant(StrategyName.class, n.path("strategy"))));
          }
          for (JsonNode f : n.path("fallbacks")) {
            a.fallback(f.textValue());
          }
          if (n.has("enabled")) {
            a.enabled(n.path("enabled").booleanValue());
          }
          each(
              n.path("fallbackOn"),
              (kind, v) -> a.fallbackOn(constant(ErrorKind.class, kind), v.booleanValue()));
          hedge(a, n.path("hedge"));
          durationOf(n, "cacheTtl", a::cacheTtl);
        });
  }

  private static void tenant(GatewayClient.Builder b, String name, JsonNode n) {
    b.tenant(
        name,
        t -> {
          n.path("allowAliases").forEach(a -> t.allowAliases(a.textValue()));
          n.path("allowModels").forEach(m -> t.allowModels(m.textValue()));
          text(n, "defaultTeam", t::defaultTeam);
          text(n, "defaultFeature", t::defaultFeature);
          each(n.path("defaultTags"), (k, v) -> t.defaultTag(k, v.textValue()));
        });
  }

  private static void target(TargetSpec t, JsonNode n) {
    if (n.has("weight")) {
      t.weight(n.path("weight").intValue());
    }
    for (JsonNode k : n.path("keys")) {
      t.key(k.textValue());
    }
    if (n.has("endpointMode")) {
      t.endpointMode(constant(EndpointMode.class, n.path("endpointMode")));
    }
    if (n.has("temperature")) {
      t.temperature(n.path("temperature").doubleValue());
    }
    if (n.has("maxTokens")) {
      t.maxTokens(n.path("maxTokens").intValue());
    }
    each(n.path("extraParams"), (k, v) -> t.extraParam(k, plain(v)));
    if (n.has("contextWindow")) {
      t.contextWindow(n.path("contextWindow").intValue());
    }
    JsonNode price = n.path("price");
    if (price.isObject()) {
      t.price(Values.money(price.path("input")), Values.money(price.path("output")));
    }
  }

  private static void hedge(AliasSpec a, JsonNode hedge) {
    if (hedge.has("delay")) {
      a.hedge(duration(hedge.path("delay")));
    } else if (hedge.has("percentile")) {
      a.hedgeAtPercentile(
          hedge.path("percentile").doubleValue(), duration(hedge.path("initialDelay")));
    }
  }

  private static void requestRule(RequestRuleSpec r, JsonNode n) {
    text(n, "forModel", r::forModel);
    text(n, "tenant", r::tenant);
    text(n, "team", r::team);
    text(n, "feature", r::feature);
    text(n, "priority", r::priority);
    each(n.path("tags"), (k, v) -> r.tag(k, v.textValue()));
    if (n.has("minPromptTokens")) {
      r.minPromptTokens(n.path("minPromptTokens").longValue());
    }
    if (n.has("maxPromptTokens")) {
      r.maxPromptTokens(n.path("maxPromptTokens").longValue());
    }
    r.routeTo(n.path("routeTo").textValue());
  }

  private static void circuitBreaker(CircuitBreakerSpec c, JsonNode n) {
    JsonNode consecutive = n.path("consecutiveFailures");
    if (consecutive.isObject()) {
      c.consecutiveFailures(
          consecutive.path("failures").intValue(), duration(consecutive.path("openFor")));
    }
    if (n.has("enabled")) {
      c.enabled(n.path("enabled").booleanValue());
    }
    if (n.has("failureRateThreshold")) {
      c.failureRateThreshold(n.path("failureRateThreshold").floatValue());
    }
    if (n.has("slidingWindowSize")) {
      c.slidingWindowSize(n.path("slidingWindowSize").intValue());
    }
    if (n.has("minimumCalls")) {
      c.minimumCalls(n.path("minimumCalls").intValue());
    }
    JsonNode slow = n.path("slowCall");
    if (slow.isObject()) {
      c.slowCall(
          durationOr(slow, "duration", CircuitBreakerSpec.DEFAULT_SLOW_CALL_DURATION),
          slow.has("ratePercent")
              ? slow.path("ratePercent").floatValue()
              : CircuitBreakerSpec.DEFAULT_SLOW_CALL_RATE_THRESHOLD);
    }
    durationOf(n, "openDuration", c::openDuration);
    if (n.has("openDurationMultiplier")) {
      c.openDurationMultiplier(n.path("openDurationMultiplier").doubleValue());
    }
    durationOf(n, "maxOpenDuration", c::maxOpenDuration);
    if (n.has("halfOpenProbes")) {
      c.halfOpenProbes(n.path("halfOpenProbes").intValue());
    }
  }

  private static void cache(CacheSpec c, JsonNode n) {
    if (n.has("maxBytes")) {
      c.maxBytes(n.path("maxBytes").longValue());
    }
    durationOf(n, "defaultTtl", c::defaultTtl);
    if (n.has("partition")) {
      c.partition(constant(CachePartition.class, n.path("partition")));
    }
    if (n.has("cacheAllAliases")) {
      c.cacheAllAliases(n.path("cacheAllAliases").booleanValue());
    }
    if (n.has("cacheSampled")) {
      c.cacheSampled(n.path("cacheSampled").booleanValue());
    }
  }

  private static void quota(QuotaSpec q, JsonNode n) {
    q.scope(Values.quotaScope(n.path("scope").textValue()));
    if (n.has("requestsPerMinute")) {
      q.requestsPerMinute(n.path("requestsPerMinute").longValue());
    }
    if (n.has("requestsPerDay")) {
      q.requestsPerDay(n.path("requestsPerDay").longValue());
    }
    if (n.has("tokensPerMinute")) {
      q.tokensPerMinute(n.path("tokensPerMinute").longValue());
    }
  }

  private static void budget(BudgetSpec s, JsonNode n) {
    if (n.has("scope")) {
      s.scope(Values.budgetScope(n.path("scope").textValue()));
    }
    Money limit = Values.money(n.path("limit"));
    switch (constant(BudgetWindow.class, n.path("window"))) {
      case DAILY:
        s.daily(limit);
        break;
      case MONTHLY:
        s.monthly(limit);
        break;
      default:
        s.lifetime(limit);
        break;
    }
    if (n.has("alertAt")) {
      s.alertAt(n.path("alertAt").intValue());
    }
    text(n, "downgradeTo", s::downgradeTo);
  }

  private void prices(GatewayClient.Builder b) {
    JsonNode files = root.path("priceFiles");
    JsonNode prices = root.path("prices");
    if (files.isEmpty() && prices.isEmpty()) {
      return;
    }
    at(
        "prices",
        () ->
            b.prices(
                p -> {
                  for (JsonNode f : files) {
                    p.json(Path.of(f.textValue()));
                  }
                  for (JsonNode price : prices) {
                    References.price(p, price);
                  }
                }));
  }

  private static void usage(UsageSpec u, JsonNode n) {
    if (n.has("queueCapacity")) {
      u.queueCapacity(n.path("queueCapacity").intValue());
    }
    if (n.has("whenFull")) {
      u.whenFull(constant(UsageQueuePolicy.class, n.path("whenFull")));
    }
    durationOf(n, "blockTimeout", u::blockTimeout);
    if (n.has("maxBatchSize")) {
      u.maxBatchSize(n.path("maxBatchSize").intValue());
    }
    durationOf(n, "closeTimeout", u::closeTimeout);
    for (JsonNode s : n.path("sinks")) {
      if (constant(SinkType.class, s.path("type")) == SinkType.SLF4J) {
        u.sink(UsageSinks.slf4j(s.path("logger").asText(UsageSinks.DEFAULT_LOGGER_NAME)));
      } else {
        ZoneId zone =
            s.has("zone") ? ZoneId.of(s.path("zone").textValue()) : UsageSinks.DEFAULT_ZONE;
        u.sink(UsageSinks.jsonLines(Path.of(s.path("directory").textValue()), zone));
      }
    }
  }

  static RoutingStrategy strategy(StrategyName name) {
    switch (name) {
      case ORDERED:
        return RoutingStrategy.ordered();
      case ROUND_ROBIN:
        return RoutingStrategy.roundRobin();
      case LEAST_BUSY:
        return RoutingStrategy.leastBusy();
      case LOWEST_LATENCY:
        return RoutingStrategy.lowestLatency();
      case LOWEST_COST:
        return RoutingStrategy.lowestCost();
      case STICKY_BY_USER:
        return RoutingStrategy.stickyByUser();
      default:
        return RoutingStrategy.weighted();
    }
  }

  // ---- helpers ----

  /** Runs one builder call; a refusal becomes a problem at the path. */
  private void at(String path, Runnable call) {
    try {
      call.run();
    } catch (ConfigurationException | IllegalArgumentException | IllegalStateException e) {
      problems.add(path, Objects.requireNonNullElse(e.getMessage(), e.toString()));
    } catch (UncheckedIOException e) {
      problems.add(path, e.getMessage() + ": " + e.getCause());
    }
  }

  private void value(String key, Consumer<JsonNode> apply) {
    JsonNode n = root.path(key);
    if (!n.isMissingNode()) {
      at(key, () -> apply.accept(n));
    }
  }

  private void items(String key, BiConsumer<JsonNode, String> apply) {
    JsonNode list = root.path(key);
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String path = Problems.index(key, i);
      at(path, () -> apply.accept(item, path));
    }
  }

  private static void each(JsonNode map, BiConsumer<String, JsonNode> apply) {
    Iterator<Map.Entry<String, JsonNode>> it = map.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      apply.accept(e.getKey(), e.getValue());
    }
  }

  private Secret secret(String path) {
    Secret s = secrets.get(path);
    if (s == null) {
      throw new ConfigurationException("the secret reference at " + path + " was not resolved");
    }
    return s;
  }

  private static String key(String map, String name) {
    return Problems.child(map, name);
  }

  private static void text(JsonNode n, String key, Consumer<String> apply) {
    if (n.has(key)) {
      apply.accept(n.path(key).textValue());
    }
  }

  private static void durationOf(JsonNode n, String key, Consumer<Duration> apply) {
    if (n.has(key)) {
      apply.accept(duration(n.path(key)));
    }
  }

  private static Duration duration(JsonNode n) {
    return Values.duration(n.textValue());
  }

  private static Duration durationOr(JsonNode n, String key, Duration otherwise) {
    return n.has(key) ? duration(n.path(key)) : otherwise;
  }

  private static <E extends Enum<E>> E constant(Class<E> type, JsonNode n) {
    return constant(type, n.textValue());
  }

  private static <E extends Enum<E>> E constant(Class<E> type, String name) {
    E e = Values.constant(type, name);
    if (e == null) {
      throw new ConfigurationException("'" + name + "' is not a " + type.getSimpleName());
    }
    return e;
  }

  /** A JSON value as plain Java: maps, lists, text, numbers, booleans and null. */
  static @Nullable Object plain(JsonNode n) {
    if (n.isObject()) {
      Map<String, @Nullable Object> map = new LinkedHashMap<>();
      each(n, (k, v) -> map.put(k, plain(v)));
      return map;
    }
    if (n.isArray()) {
      List<@Nullable Object> list = new ArrayList<>();
      n.forEach(v -> list.add(plain(v)));
      return list;
    }
    if (n.isIntegralNumber()) {
      if (n.canConvertToInt()) {
        return n.intValue();
      }
      return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return n.isNull() ? null : n.asText();
  }
}
