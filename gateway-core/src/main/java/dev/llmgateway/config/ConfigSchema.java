package dev.llmgateway.config;

import static dev.llmgateway.config.ObjectShape.SEE_KEYS;

import dev.llmgateway.CacheSpec;
import dev.llmgateway.CircuitBreakerSpec;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.ProviderSpec;
import dev.llmgateway.TargetSpec;
import dev.llmgateway.UsageSpec;
import dev.llmgateway.budget.BudgetWindow;
import dev.llmgateway.cache.CachePartition;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.pricing.PriceCatalog;
import dev.llmgateway.pricing.UnknownPricePolicy;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.usage.UsageQueuePolicy;
import dev.llmgateway.usage.UsageSinks;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * The configuration format: every key, its value's shape, its default and what it sets. Key names
 * are the names of the {@link GatewayClient.Builder} setters and of the {@code *Spec} methods they
 * configure; defaults come from the same constants the builder uses.
 */
final class ConfigSchema {
  private static final int MAX_INT = Integer.MAX_VALUE;
  private static final long MAX_LONG = Long.MAX_VALUE;

  /** Names of the built-in routing strategies. */
  enum StrategyName {
    WEIGHTED,
    ORDERED,
    ROUND_ROBIN,
    LEAST_BUSY,
    LOWEST_LATENCY,
    LOWEST_COST,
    STICKY_BY_USER
  }

  /** Types of the built-in usage sinks. */
  enum SinkType {
    SLF4J,
    JSON_LINES
  }

  /** The whole file. */
  static final ObjectShape ROOT = root();

  private ConfigSchema() {}

  private static ObjectShape root() {
    return new ObjectShape("gateway configuration")
        .field("$schema", Scalar.text(), "none", "The JSON Schema of this format, for editors.")
        .field("providers", names(provider()), "none", "Provider instances by name.")
        .field("aliases", names(alias()), "none", "Model aliases by name.")
        .field(
            "tenants",
            new MapShape("<name>", "tenant names", ConfigSchema::notBlank, sc -> {}, tenant()),
            "none",
            "Tenant policies by tenant name: allowlists and default attribution.")
        .field(
            "defaultTimeout",
            Scalar.duration(false),
            Values.format(GatewayClient.DEFAULT_TIMEOUT),
            "The end-to-end deadline of calls that set none.")
        .field(
            "maxAttempts",
            Scalar.integer(1, MAX_INT),
            "" + GatewayClient.DEFAULT_MAX_ATTEMPTS,
            "The most provider attempts per call: key changes, retries and fallbacks together.")
        .field(
            "retriesPerTarget",
            Scalar.integer(0, MAX_INT),
            "" + GatewayClient.DEFAULT_RETRIES_PER_TARGET,
            "How often a call retries one target before falling back.")
        .field("retryBackoff", backoff(), SEE_KEYS, "The pause between retries of one target.")
        .field("retryBudget", retryBudget(), SEE_KEYS, "The cap on retries per target.")
        .field(
            "waitForCapacity",
            Scalar.bool(),
            "" + GatewayClient.DEFAULT_WAIT_FOR_CAPACITY,
            "Whether calls wait for the earliest key or circuit recovery within their deadline.")
        .field(
            "idleTargetExpiry",
            Scalar.duration(false),
            Values.format(GatewayClient.DEFAULT_IDLE_TARGET_EXPIRY),
            "How long the state of a target addressed as provider/model is kept unused.")
        .field(
            "disabledKeyProbeInterval",
            Scalar.duration(true),
            Values.format(GatewayClient.DEFAULT_DISABLED_KEY_PROBE_INTERVAL),
            "How long a key disabled by a 401 or 403 waits for a trial call; 0 for never.")
        .field(
            "seed",
            Scalar.integer(Long.MIN_VALUE, MAX_LONG),
            "none",
            "Makes routing, key picks and backoff jitter reproducible.")
        .field("requestRules", list(requestRule()), "none", "Rules that route calls to aliases.")
        .field("modelRules", list(modelRule()), "none", "Globs that send model names to providers.")
        .field("defaultAlias", Scalar.name(), "none", "The alias of the model name default.")
        .field(
            "unknownModelsToDefault",
            Scalar.bool(),
            "false",
            "Whether unknown model names go to the default alias instead of failing.")
        .field(
            "defaultFallbacks",
            unique(Scalar.aliasOrTarget()),
            "none",
            "Fallbacks appended to every alias's plan: aliases or provider/model.")
        .field("circuitBreaker", circuitBreaker(), SEE_KEYS, "The circuit breakers of targets.")
        .field("cache", cache(), "none", "Enables the response cache (an empty mapping: defaults).")
        .field("quotas", list(quota()), "none", "Request and token rate limits per scope.")
        .field("budgets", list(budget()), "none", "Spend limits per scope and window.")
        .field(
            "budgetZone",
            Scalar.zone(),
            zoneName(GatewayClient.DEFAULT_BUDGET_ZONE),
            "The zone whose midnight starts daily and monthly budget windows.")
        .field(
            "unknownPricePolicy",
            Scalar.oneOf(UnknownPricePolicy.class),
            Values.name(GatewayClient.DEFAULT_UNKNOWN_PRICE_POLICY),
            "What calls to unpriced models do under a budget.")
        .field(
            "priceCatalog",
            Scalar.parsed("bundled, empty or a file path", "^.+$", ConfigSchema::catalog),
            "bundled",
            "The price catalog: the bundled one, an empty one, or a JSON price file.")
        .field(
            "priceFiles",
            list(Scalar.parsed("file path", "^.+$", ConfigSchema::priceFile)),
            "none",
            "JSON price files added over the catalog, in order.")
        .field("prices", list(price()), "none", "Prices added over the catalog, after the files.")
        .field("usage", usage(), SEE_KEYS, "Usage recording: the queue and the sinks.")
        .field("stores", stores(), "none", "Shared state of many app instances (Redis).")
        .rule(Rules::quotaScopesDiffer);
  }

  private static ObjectShape provider() {
    return new ObjectShape("provider")
        .field(
            "type",
            Scalar.text(),
            "the provider's name",
            "The provider type (openai, anthropic, bedrock...) whose factory creates it.")
        .field("baseUrl", Scalar.url(), "the type's own", "The API's base URL.")
        .field("profile", Scalar.text(), "none", "A named profile of the type (azure-openai...).")
        .field("apiKey", Scalar.secret(), "none", "The single key (id default), as a reference.")
        .field("keys", list(key()), "none", "The key pool: keys with ids and weights.")
        .field(
            "keySelection",
            Scalar.oneOf(ProviderSpec.KeySelection.class),
            Values.name(ProviderSpec.DEFAULT_KEY_SELECTION),
            "How attempts take the keys.")
        .field(
            "rateLimitCooldown",
            Scalar.duration(false),
            Values.format(ProviderSpec.DEFAULT_RATE_LIMIT_COOLDOWN),
            "How long a rate-limited key rests when the provider gave no Retry-After.")
        .field(
            "connectTimeout",
            Scalar.duration(false),
            Values.format(ProviderSpec.DEFAULT_CONNECT_TIMEOUT),
            "The TCP and TLS connect timeout.")
        .field(
            "readTimeout",
            Scalar.duration(false),
            Values.format(ProviderSpec.DEFAULT_READ_TIMEOUT),
            "The longest silence between two reads.")
        .field(
            "headers",
            new MapShape(
                "<header>", "header names", ConfigSchema::headerName, s -> {}, Scalar.freeText()),
            "none",
            "Headers sent with every request; never credentials.")
        .field(
            "options",
            new MapShape(
                "<option>", "option names", ConfigSchema::notBlank, s -> {}, Scalar.freeText()),
            "none",
            "Provider-specific options, such as api-version or region.")
        .rule(Rules::keyIdsDiffer);
  }

  private static ObjectShape key() {
    return new ObjectShape("key")
        .required("id", Scalar.text(), "The key's id, shown in logs and usage instead of the key.")
        .required("secret", Scalar.secret(), "The key, as a secret reference.")
        .field(
            "weight",
            Scalar.integer(1, MAX_INT),
            "" + ProviderSpec.DEFAULT_KEY_WEIGHT,
            "The key's share of traffic.");
  }

  private static ObjectShape alias() {
    return new ObjectShape("alias")
        .required("targets", new ListShape(target(), true, false), "The weighted targets.")
        .field(
            "strategy",
            Scalar.oneOf(StrategyName.class),
            "weighted",
            "How the alias orders its targets for each call.")
        .field(
            "fallbacks",
            unique(Scalar.aliasOrTarget()),
            "none",
            "Tried after every target failed: aliases or provider/model, in order.")
        .field("enabled", Scalar.bool(), "true", "Whether calls may use the alias.")
        .field(
            "fallbackOn",
            new MapShape(
                "<errorKind>",
                "error kinds",
                k -> enumKey(ErrorKind.class, k),
                s -> Values.names(ErrorKind.class).forEach(s.putArray("enum")::add),
                Scalar.bool()),
            "the error table",
            "Whether a failure of each error kind falls back to the next target.")
        .field("hedge", hedge(), "none", "Hedging of plain chat calls.")
        .field(
            "cacheTtl",
            Scalar.duration(true),
            "the cache's cacheAllAliases",
            "How long the alias's answers are cached; 0 switches the cache off for it.")
        .rule(Rules::targetsDiffer);
  }

  private static ObjectShape target() {
    return new ObjectShape("target")
        .required("provider", Scalar.name(), "A provider of providers.")
        .required("model", Scalar.text(), "The provider's model id.")
        .field(
            "weight",
            Scalar.integer(1, MAX_INT),
            "" + TargetSpec.DEFAULT_WEIGHT,
            "The target's share of traffic.")
        .field(
            "keys",
            unique(Scalar.text()),
            "every key of the provider",
            "The ids of the provider's keys this target uses.")
        .field(
            "endpointMode",
            Scalar.oneOf(EndpointMode.class),
            Values.name(EndpointMode.CHAT),
            "Which chat endpoint the provider calls.")
        .field(
            "temperature",
            Scalar.number(0, true, 2, true),
            "the request's",
            "Replaces the request's temperature.")
        .field(
            "maxTokens",
            Scalar.integer(1, MAX_INT),
            "the request's",
            "Replaces the request's max output tokens.")
        .field(
            "extraParams",
            new MapShape(
                "<param>", "parameter names", ConfigSchema::notBlank, s -> {}, Scalar.any()),
            "none",
            "Provider parameters merged over the request's.")
        .field(
            "contextWindow",
            Scalar.integer(1, MAX_INT),
            "unknown",
            "The model's context window in tokens.")
        .field("price", targetPrice(), "none", "A price hint per million tokens, for lowestCost.");
  }

  private static ObjectShape targetPrice() {
    return new ObjectShape("price hint")
        .required("input", Scalar.money(true), "US dollars per million input tokens.")
        .required("output", Scalar.money(true), "US dollars per million output tokens.");
  }

  private static ObjectShape hedge() {
    return new ObjectShape("hedge")
        .field("delay", Scalar.duration(false), "none", "A fixed delay before the hedge.")
        .field(
            "percentile",
            Scalar.number(0, false, 100, false),
            "none",
            "The first target's latency percentile used as the delay.")
        .field(
            "initialDelay",
            Scalar.duration(false),
            "none",
            "The delay until 20 latencies are known (with percentile).")
        .rule(Rules::hedgeIsOneKind);
  }

  private static ObjectShape backoff() {
    return new ObjectShape("retry backoff")
        .field(
            "initial",
            Scalar.duration(true),
            Values.format(GatewayClient.DEFAULT_RETRY_BACKOFF_INITIAL),
            "The cap of the first pause.")
        .field(
            "max",
            Scalar.duration(true),
            Values.format(GatewayClient.DEFAULT_RETRY_BACKOFF_MAX),
            "The largest cap.")
        .rule(Rules::backoffIsOrdered);
  }

  private static ObjectShape retryBudget() {
    return new ObjectShape("retry budget")
        .field(
            "ratio",
            Scalar.number(0, true, 1, true),
            plain(GatewayClient.DEFAULT_RETRY_BUDGET_RATIO),
            "The share of recent attempts a target may retry.")
        .field(
            "minRetries",
            Scalar.integer(0, MAX_INT),
            "" + GatewayClient.DEFAULT_RETRY_BUDGET_MIN_RETRIES,
            "Retries per target always allowed in a window.")
        .field(
            "window",
            Scalar.duration(false),
            Values.format(GatewayClient.DEFAULT_RETRY_BUDGET_WINDOW),
            "The sliding window.");
  }

  private static ObjectShape tenant() {
    return new ObjectShape("tenant")
        .field(
            "allowAliases",
            unique(Scalar.name()),
            "all (with allowModels also unset)",
            "The aliases the tenant may call, checked against the alias a call resolves to.")
        .field(
            "allowModels",
            unique(Scalar.text()),
            "all (with allowAliases also unset)",
            "Targets the tenant may call: provider/model or model-name globs, * for any text.")
        .field("defaultTeam", Scalar.text(), "none", "The team of its calls that name none.")
        .field("defaultFeature", Scalar.text(), "none", "The feature of its calls that name none.")
        .field(
            "defaultTags",
            new MapShape("<tag>", "tag keys", ConfigSchema::notBlank, sc -> {}, Scalar.freeText()),
            "none",
            "Tags its calls get for each key they do not set.");
  }

  private static ObjectShape requestRule() {
    return new ObjectShape("request rule")
        .required("routeTo", Scalar.name(), "The alias matching calls go to.")
        .field("forModel", Scalar.text(), "any model", "Matches calls for this model name.")
        .field("tenant", Scalar.text(), "any tenant", "Matches calls of this tenant.")
        .field("team", Scalar.text(), "any team", "Matches calls of this team.")
        .field("feature", Scalar.text(), "any feature", "Matches calls of this feature.")
        .field("priority", Scalar.text(), "any priority", "Matches calls with this priority tag.")
        .field(
            "tags",
            new MapShape("<tag>", "tag keys", ConfigSchema::notBlank, s -> {}, Scalar.text()),
            "none",
            "Matches calls carrying every one of these tags.")
        .field(
            "minPromptTokens",
            Scalar.integer(0, MAX_LONG),
            "0",
            "Matches calls whose estimated prompt has at least this many tokens.")
        .field(
            "maxPromptTokens",
            Scalar.integer(0, MAX_LONG),
            "no limit",
            "Matches calls whose estimated prompt has at most this many tokens.")
        .rule(Rules::ruleIsConsistent);
  }

  private static ObjectShape modelRule() {
    return new ObjectShape("model rule")
        .required("glob", Scalar.glob(), "An exact name, prefix*, *suffix or *.")
        .required("provider", Scalar.name(), "The provider matching names go to.");
  }

  private static ObjectShape circuitBreaker() {
    return new ObjectShape("circuit breaker")
        .field("enabled", Scalar.bool(), "true", "Whether targets have circuit breakers.")
        .field(
            "consecutiveFailures",
            new ObjectShape("consecutive failures")
                .required("failures", Scalar.integer(1, MAX_INT), "Failures in a row.")
                .required("openFor", Scalar.duration(false), "How long the circuit stays open."),
            "none",
            "Opens after failures in a row; applied before the other keys.")
        .field(
            "failureRateThreshold",
            Scalar.number(0, false, 100, true),
            plain(CircuitBreakerSpec.DEFAULT_FAILURE_RATE_THRESHOLD),
            "The failure rate in percent that opens a circuit.")
        .field(
            "slidingWindowSize",
            Scalar.integer(1, MAX_INT),
            "" + CircuitBreakerSpec.DEFAULT_SLIDING_WINDOW_SIZE,
            "How many recent calls the rates are computed over.")
        .field(
            "minimumCalls",
            Scalar.integer(1, MAX_INT),
            "" + CircuitBreakerSpec.DEFAULT_MINIMUM_CALLS,
            "How many calls are recorded before a circuit may open.")
        .field(
            "slowCall",
            new ObjectShape("slow call")
                .field(
                    "duration",
                    Scalar.duration(false),
                    Values.format(CircuitBreakerSpec.DEFAULT_SLOW_CALL_DURATION),
                    "Above it a successful call counts as slow.")
                .field(
                    "ratePercent",
                    Scalar.number(0, false, 100, true),
                    plain(CircuitBreakerSpec.DEFAULT_SLOW_CALL_RATE_THRESHOLD),
                    "The slow-call rate in percent that opens a circuit."),
            SEE_KEYS,
            "When calls count as slow.")
        .field(
            "openDuration",
            Scalar.duration(false),
            Values.format(CircuitBreakerSpec.DEFAULT_OPEN_DURATION),
            "How long an opened circuit refuses calls.")
        .field(
            "openDurationMultiplier",
            Scalar.number(1, true, Double.MAX_VALUE, true),
            plain(CircuitBreakerSpec.DEFAULT_OPEN_DURATION_MULTIPLIER),
            "The factor the open duration grows by each time a circuit re-opens.")
        .field(
            "maxOpenDuration",
            Scalar.duration(false),
            Values.format(CircuitBreakerSpec.DEFAULT_MAX_OPEN_DURATION),
            "The longest open duration.")
        .field(
            "halfOpenProbes",
            Scalar.integer(1, MAX_INT),
            "" + CircuitBreakerSpec.DEFAULT_HALF_OPEN_PROBES,
            "How many probe calls a half-open circuit lets through.")
        .rule(Rules::openDurationsAreOrdered);
  }

  private static ObjectShape cache() {
    return new ObjectShape("cache")
        .field(
            "maxBytes",
            Scalar.integer(1, MAX_LONG),
            "" + CacheSpec.DEFAULT_MAX_BYTES,
            "The bound on the in-memory store's approximate size.")
        .field(
            "defaultTtl",
            Scalar.duration(false),
            Values.format(CacheSpec.DEFAULT_TTL),
            "The time to live of answers whose request and alias set none.")
        .field(
            "partition",
            Scalar.oneOf(CachePartition.class),
            Values.name(CacheSpec.DEFAULT_PARTITION),
            "Which part of the request context separates cached answers.")
        .field(
            "cacheAllAliases",
            Scalar.bool(),
            "" + CacheSpec.DEFAULT_CACHE_ALL_ALIASES,
            "Whether every alias without its own cacheTtl is cached.")
        .field(
            "cacheSampled",
            Scalar.bool(),
            "" + CacheSpec.DEFAULT_CACHE_SAMPLED,
            "Whether requests with a temperature above 0 are cached.");
  }

  private static ObjectShape stores() {
    return new ObjectShape("stores")
        .required(
            "uri",
            Scalar.parsed("store URI", "^[a-zA-Z][a-zA-Z0-9+.-]*://.+$", Stores::uri),
            "The store, such as redis://host:6379/0 or rediss:// for TLS; no password in it.")
        .field("password", Scalar.secret(), "none", "The store's password, as a reference.")
        .field(
            "commandTimeout",
            Scalar.duration(false),
            Values.format(StoreSettings.DEFAULT_COMMAND_TIMEOUT),
            "How long one store command may take before it counts as failed.")
        .field(
            "failurePolicy",
            Scalar.oneOf(StoreSettings.FailurePolicy.class),
            Values.name(StoreSettings.DEFAULT_FAILURE_POLICY),
            "What calls do while the store is unreachable: refuse, or go on in memory.")
        .field(
            "leaseDuration",
            Scalar.duration(false),
            Values.format(StoreSettings.DEFAULT_LEASE_DURATION),
            "How long a budget reservation of an instance that died holds its amount.")
        .field(
            "keyPrefix",
            Scalar.freeText(),
            StoreSettings.DEFAULT_KEY_PREFIX,
            "The prefix of every key the stores write.")
        .field(
            "share",
            unique(Scalar.oneOf(StoreSettings.Shared.class)),
            "all",
            "Which state is shared: budgets, quotas, keyState, cache.")
        .field("cluster", Scalar.bool(), "false", "Whether the URI names a Redis Cluster.");
  }

  private static ObjectShape quota() {
    Scalar limit = Scalar.integer(1, MAX_LONG);
    return new ObjectShape("quota")
        .required(
            "scope",
            Scalar.parsed("quota scope", Values.QUOTA_SCOPE_PATTERN, Values::quotaScope),
            "Whose calls it counts.")
        .field("requestsPerMinute", limit, "no limit", "Calls in any sliding minute.")
        .field("requestsPerDay", limit, "no limit", "Calls in any sliding 24 hours.")
        .field("tokensPerMinute", limit, "no limit", "Tokens in any sliding minute.")
        .rule(Rules::quotaHasALimit);
  }

  private static ObjectShape budget() {
    return new ObjectShape("budget")
        .field(
            "scope",
            Scalar.parsed("budget scope", Values.BUDGET_SCOPE_PATTERN, Values::budgetScope),
            "global",
            "Which calls count.")
        .required("window", Scalar.oneOf(BudgetWindow.class), "The calendar window.")
        .required("limit", Scalar.money(false), "The limit in US dollars per window.")
        .field(
            "alertAt",
            Scalar.integer(1, 100),
            "none",
            "The share of the limit in percent that fires an alert event.")
        .field(
            "downgradeTo",
            Scalar.aliasOrTarget(),
            "none",
            "The alias calls this budget would refuse go to instead.");
  }

  private static ObjectShape price() {
    Scalar money = Scalar.money(true);
    Scalar tokens = Scalar.integer(0, MAX_INT);
    return new ObjectShape("price")
        .required("provider", Scalar.text(), "The provider type, such as openai.")
        .required("model", Scalar.text(), "The model id.")
        .field("input", money, "none", "US dollars per million input tokens.")
        .field("output", money, "none", "US dollars per million output tokens.")
        .field("cachedRead", money, "the input price", "Per million tokens read from cache.")
        .field("cacheWrite", money, "the input price", "Per million tokens written to cache.")
        .field("contextWindow", tokens, "0", "The model's context window; 0 if unknown.")
        .field("maxOutputTokens", tokens, "0", "The most output tokens per answer; 0 if unknown.")
        .field("sameAs", Scalar.text(), "none", "Another model of the provider whose price it has.")
        .rule(Rules::priceIsOneKind);
  }

  private static ObjectShape usage() {
    return new ObjectShape("usage")
        .field(
            "queueCapacity",
            Scalar.integer(1, MAX_INT),
            "" + UsageSpec.DEFAULT_QUEUE_CAPACITY,
            "How many records may wait for the writer thread.")
        .field(
            "whenFull",
            Scalar.oneOf(UsageQueuePolicy.class),
            Values.name(UsageSpec.DEFAULT_WHEN_FULL),
            "What recording does when the queue is full.")
        .field(
            "blockTimeout",
            Scalar.duration(true),
            Values.format(UsageSpec.DEFAULT_BLOCK_TIMEOUT),
            "How long a call waits for room under block.")
        .field(
            "maxBatchSize",
            Scalar.integer(1, MAX_INT),
            "" + UsageSpec.DEFAULT_MAX_BATCH_SIZE,
            "The most records handed to a sink at once.")
        .field(
            "closeTimeout",
            Scalar.duration(false),
            Values.format(UsageSpec.DEFAULT_CLOSE_TIMEOUT),
            "How long close() waits for the queue to drain.")
        .field("sinks", list(sink()), "none", "The built-in sinks records go to.");
  }

  private static ObjectShape sink() {
    return new ObjectShape("usage sink")
        .required("type", Scalar.oneOf(SinkType.class), "Which built-in sink.")
        .field(
            "logger",
            Scalar.text(),
            UsageSinks.DEFAULT_LOGGER_NAME,
            "slf4j: the logger name records are logged to.")
        .field("directory", Scalar.path(), "none", "jsonLines (required): the directory of files.")
        .field(
            "zone",
            Scalar.zone(),
            zoneName(UsageSinks.DEFAULT_ZONE),
            "jsonLines: the zone whose days name the files.")
        .rule(Rules::sinkKeysFitItsType);
  }

  // ---- helpers ----

  private static MapShape names(Shape values) {
    return new MapShape(
        "<name>",
        "names",
        k -> {
          if (k.isBlank()) {
            return "a name must not be blank";
          }
          return k.indexOf('/') >= 0
              ? "a name must not contain '/' (that is how provider/model is written)"
              : null;
        },
        s -> s.put("pattern", "^[^/]*[^/\\s][^/]*$"),
        values);
  }

  private static ListShape list(Shape items) {
    return new ListShape(items, false, false);
  }

  private static ListShape unique(Shape items) {
    return new ListShape(items, false, true);
  }

  private static @Nullable String notBlank(String key) {
    return key.isBlank() ? "a key must not be blank" : null;
  }

  private static @Nullable String headerName(String key) {
    if (key.isBlank()) {
      return "a header name must not be blank";
    }
    return LiteralKeys.isCredentialHeader(key)
        ? "is a credential header; give the key as apiKey or keys[].secret (a secret reference)"
            + " and the provider sends it"
        : null;
  }

  private static <E extends Enum<E>> @Nullable String enumKey(Class<E> type, String key) {
    if (Values.constant(type, key) != null) {
      return null;
    }
    return "unknown error kind"
        + Suggest.didYouMean(key, Values.names(type))
        + " (one of "
        + String.join(", ", Values.names(type))
        + ")";
  }

  private static String zoneName(ZoneId zone) {
    return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static PriceCatalog catalog(String text) {
    try {
      return References.catalog(text);
    } catch (ConfigurationException | java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException(
          "must be bundled, empty or a price file: " + e.getMessage(), e);
    }
  }

  private static Object priceFile(String text) {
    try {
      return PriceCatalog.builder().json(Path.of(text));
    } catch (ConfigurationException | java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
