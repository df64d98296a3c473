package dev.llmgateway.micrometer;

import dev.llmgateway.CallInfo;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.error.QuotaExceededException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.usage.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Records the gateway's calls in Micrometer: the OpenTelemetry GenAI client metrics ({@code
 * gen_ai.client.operation.duration}, {@code gen_ai.client.token.usage}, {@code
 * gen_ai.client.operation.time_to_first_chunk}), the gateway's own meters (cost, fallbacks,
 * retries, hedges, cache hits, misses and savings, budget and quota refusals, circuit transitions,
 * dropped usage records; after {@link #bindTo} the gauges of budget remaining and circuit state)
 * and, when given an {@link ObservationRegistry}, one observation per call ({@code
 * llm.gateway.call}, with the GenAI usage and finish-reason span attributes) with a child per
 * attempt ({@code llm.gateway.attempt}, with {@code server.address}) carrying the routing facts,
 * which Micrometer Tracing turns into spans.
 *
 * <pre>{@code
 * GatewayClient client = GatewayClient.builder()
 *     .eventListener(MicrometerGatewayListener.builder(meterRegistry)
 *         .observationRegistry(observationRegistry)
 *         .build())
 *     ...
 *     .build();
 * }</pre>
 *
 * <p>Tags are bounded: the operation, the provider's GenAI name, the requested model (an alias or
 * {@code provider/model}), the answering model, an error kind or exception class, a token type, a
 * circuit state. No request, user, tenant, key or call ids are tags; call ids, key ids and targets
 * appear only as high-cardinality values of observations (span attributes). See {@code
 * docs/observability.md}.
 *
 * <p>Thread-safe; one instance serves any number of clients and calls.
 */
public final class MicrometerGatewayListener extends GatewayEventListener {
  private final MeterRegistry meters;
  private final ProviderNames providers;
  private final Clock clock;
  private final boolean emitSystem;
  private final CallObservations observations;
  private volatile @Nullable ClientGauges gauges;

  private MicrometerGatewayListener(Builder b) {
    this.meters = b.meters;
    this.providers = new ProviderNames(b.providerTypes);
    this.clock = b.clock;
    this.emitSystem = b.emitSystem;
    this.observations = new CallObservations(b.observations, providers);
  }

  /**
   * A listener that records meters in the registry, without observations.
   *
   * @param meters where meters are registered
   * @return the listener
   * @throws NullPointerException if {@code meters} is null
   */
  public static MicrometerGatewayListener create(MeterRegistry meters) {
    return builder(meters).build();
  }

  /**
   * A builder recording meters in the registry.
   *
   * @param meters where meters are registered
   * @return the builder
   * @throws NullPointerException if {@code meters} is null
   */
  public static Builder builder(MeterRegistry meters) {
    return new Builder(Objects.requireNonNull(meters, "meters"));
  }

  /**
   * Adds the gauges that read the client's state when the registry is scraped: {@code
   * llm.gateway.budget.remaining} (US dollars a budget has left in its current window; tags {@code
   * budget.scope}, {@code budget.window}) for each configured budget, and {@code
   * llm.gateway.circuit.state} (the number of a target's keys in a circuit state; tags {@code
   * llm.gateway.target}, {@code state}) for each target {@link GatewayClient#health()} lists. After
   * each accepted reload the gauges follow the new configuration. Call once, with the client this
   * listener was added to; the client is held weakly.
   *
   * @param client the client to read
   * @return this listener
   * @throws NullPointerException if {@code client} is null
   * @throws IllegalStateException if the listener is already bound to a client
   */
  public synchronized MicrometerGatewayListener bindTo(GatewayClient client) {
    Objects.requireNonNull(client, "client");
    if (gauges != null) {
      throw new IllegalStateException(
          "MicrometerGatewayListener is already bound to a client; use one listener per client");
    }
    ClientGauges g = new ClientGauges(meters, client);
    g.sync();
    gauges = g;
    return this;
  }

  @Override
  public void providerReady(String provider, String type, @Nullable String serverAddress) {
    providers.ready(provider, type, serverAddress);
  }

  @Override
  public void configReloaded(String source, long version) {
    ClientGauges g = gauges;
    if (g != null) {
      g.sync();
    }
  }

  @Override
  public void chatFinished(CallInfo call, FinishReason finishReason) {
    observations.finished(call, finishReason);
  }

  @Override
  public void hedgeStarted(CallInfo call, TargetRef target, Duration after) {
    count(
        "llm.gateway.hedges",
        "Hedged attempts started because the earlier attempt was slow",
        Tags.of(GenAi.REQUEST_MODEL, call.model(), GenAi.PROVIDER, providers.of(target)));
  }

  @Override
  public void callStart(CallInfo call) {
    observations.start(call);
  }

  @Override
  public void routeResolved(CallInfo call, @Nullable String alias, List<TargetRef> plan) {
    observations.routeResolved(call, alias);
  }

  @Override
  public void attemptStart(CallInfo call, TargetRef target, String keyId, int attemptNumber) {
    observations.attemptStart(call, target, keyId, attemptNumber);
  }

  @Override
  public void attemptEnd(CallInfo call, Attempt attempt) {
    observations.attemptEnded(call, attempt, null);
  }

  @Override
  public void attemptFailed(CallInfo call, Attempt attempt, ProviderException error) {
    observations.attemptEnded(call, attempt, error);
  }

  @Override
  public void callEnd(CallInfo call, Route route) {
    observations.end(call, route, null);
    TargetRef t = route.target();
    duration(call, providers.of(t), t.model(), GenAi.NONE).record(route.latency());
  }

  @Override
  public void callFailed(CallInfo call, Throwable error) {
    TargetRef last = observations.lastTarget(call);
    observations.end(call, null, error);
    Duration took = Duration.between(call.startedAt(), clock.instant());
    duration(
            call,
            last == null ? GenAi.NONE : providers.of(last),
            GenAi.NONE,
            GenAi.errorType(error))
        .record(took.isNegative() ? Duration.ZERO : took);
  }

  @Override
  public void callUsage(CallInfo call, Route route, Usage usage, Cost cost) {
    TargetRef t = route.target();
    String provider = providers.of(t);
    if (!route.cacheHit()) {
      if (usage.isReported(Usage.Count.INPUT)) {
        tokens(call, provider, t.model(), "input").record(usage.inputTokens());
      }
      if (usage.isReported(Usage.Count.OUTPUT)) {
        tokens(call, provider, t.model(), "output").record(usage.outputTokens());
      }
    }
    Counter.builder("llm.gateway.cost")
        .description("What calls cost, in US dollars")
        .baseUnit("usd")
        .tags(
            GenAi.OPERATION,
            GenAi.operation(call.kind()),
            GenAi.PROVIDER,
            provider,
            GenAi.RESPONSE_MODEL,
            t.model())
        .register(meters)
        .increment(usd(cost.amount()));
    observations.usage(call, route, usage);
  }

  @Override
  public void streamFirstChunk(CallInfo call, TargetRef target, Duration timeToFirstChunk) {
    Timer.builder(GenAi.TIME_TO_FIRST_CHUNK)
        .description("Time from the start of a streamed call to its first content chunk")
        .serviceLevelObjectives(seconds(GenAi.DURATION_BUCKETS))
        .tags(genAi(call, providers.of(target), target.model()))
        .register(meters)
        .record(timeToFirstChunk);
  }

  @Override
  public void fallback(CallInfo call, TargetRef from, TargetRef to, ErrorKind reason) {
    observations.fallback(call, from, reason);
    count(
        "llm.gateway.fallbacks",
        "Moves of a call from a failed target to the next one",
        Tags.of(
            GenAi.REQUEST_MODEL,
            call.model(),
            GenAi.PROVIDER,
            providers.of(from),
            GenAi.ERROR_TYPE,
            reason.name()));
  }

  @Override
  public void retryScheduled(CallInfo call, TargetRef target, Duration delay) {
    count(
        "llm.gateway.retries",
        "Attempts repeated on the same target after a pause",
        Tags.of(GenAi.REQUEST_MODEL, call.model(), GenAi.PROVIDER, providers.of(target)));
  }

  @Override
  public void cacheHit(CallInfo call, Cost savedCost) {
    Tags tags = cacheTags(call);
    count("llm.gateway.cache.hits", "Calls answered by the response cache", tags);
    Counter.builder("llm.gateway.cache.saved")
        .description("What the cache hits saved, in US dollars")
        .baseUnit("usd")
        .tags(tags)
        .register(meters)
        .increment(usd(savedCost.amount()));
  }

  @Override
  public void cacheMiss(CallInfo call) {
    count(
        "llm.gateway.cache.misses",
        "Cacheable calls the response cache could not answer",
        cacheTags(call));
  }

  @Override
  public void budgetRejected(CallInfo call, TargetRef target, BudgetExceededException reason) {
    count(
        "llm.gateway.budget.rejections",
        "Attempts a budget refused",
        Tags.of(GenAi.REQUEST_MODEL, call.model(), GenAi.PROVIDER, providers.of(target)));
  }

  @Override
  public void quotaRejected(CallInfo call, QuotaExceededException reason) {
    count(
        "llm.gateway.quota.rejections",
        "Calls a quota refused",
        Tags.of(GenAi.REQUEST_MODEL, call.model()));
  }

  @Override
  public void circuitStateChanged(
      TargetRef target, String keyId, CircuitState from, CircuitState to) {
    count(
        "llm.gateway.circuit.transitions",
        "Circuit breaker state changes, by the state entered",
        Tags.of(
            GenAi.PROVIDER,
            providers.of(target),
            GenAi.RESPONSE_MODEL,
            target.model(),
            "state",
            to.name()));
  }

  @Override
  public void usageDropped(UsageRecord record, long droppedTotal) {
    count(
        "llm.gateway.usage.dropped",
        "Usage records lost because the usage queue was full",
        Tags.empty());
  }

  @Override
  public String toString() {
    return "MicrometerGatewayListener[" + meters.getClass().getSimpleName() + "]";
  }

  private Timer duration(CallInfo call, String provider, String responseModel, String errorType) {
    return Timer.builder(GenAi.OPERATION_DURATION)
        .description("GenAI operation duration")
        .serviceLevelObjectives(seconds(GenAi.DURATION_BUCKETS))
        .tags(genAi(call, provider, responseModel))
        .tag(GenAi.ERROR_TYPE, errorType)
        .register(meters);
  }

  private DistributionSummary tokens(
      CallInfo call, String provider, String responseModel, String type) {
    return DistributionSummary.builder(GenAi.TOKEN_USAGE)
        .description("Number of input and output tokens used")
        .baseUnit("{token}")
        .serviceLevelObjectives(GenAi.TOKEN_BUCKETS)
        .tags(genAi(call, provider, responseModel))
        .tag(GenAi.TOKEN_TYPE, type)
        .register(meters);
  }

  private Tags genAi(CallInfo call, String provider, String responseModel) {
    Tags tags =
        Tags.of(
            GenAi.OPERATION,
            GenAi.operation(call.kind()),
            GenAi.PROVIDER,
            provider,
            GenAi.REQUEST_MODEL,
            call.model(),
            GenAi.RESPONSE_MODEL,
            responseModel);
    return emitSystem ? tags.and(GenAi.SYSTEM, provider) : tags;
  }

  private static Tags cacheTags(CallInfo call) {
    return Tags.of(
        GenAi.OPERATION, GenAi.operation(call.kind()), GenAi.REQUEST_MODEL, call.model());
  }

  private void count(String name, String description, Tags tags) {
    Counter.builder(name).description(description).tags(tags).register(meters).increment();
  }

  private static double usd(Money amount) {
    return amount.toUsd().doubleValue();
  }

  private static Duration[] seconds(double[] buckets) {
    Duration[] out = new Duration[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      out[i] = Duration.ofNanos(Math.round(buckets[i] * 1e9));
    }
    return out;
  }

  /** Configures a {@link MicrometerGatewayListener}. Not thread-safe; build once. */
  public static final class Builder {
    private final MeterRegistry meters;
    private ObservationRegistry observations = ObservationRegistry.NOOP;
    private final Map<String, String> providerTypes = new HashMap<>();
    private Clock clock = Clock.systemUTC();
    private boolean emitSystem;

    private Builder(MeterRegistry meters) {
      this.meters = meters;
    }

    /**
     * Where the per-call and per-attempt observations go (with Micrometer Tracing: spans). Defaults
     * to {@link ObservationRegistry#NOOP}: no observations.
     *
     * @param registry the registry
     * @return this builder
     * @throws NullPointerException if {@code registry} is null
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observations = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Names the type of a provider, for {@code gen_ai.provider.name}. Rarely needed: the client
     * tells the listener every provider's type when it is built ({@code providerReady}), so a
     * second OpenAI account named {@code backup} already says {@code openai}. A type named here
     * takes precedence (for a provider whose type is a custom factory that speaks a known API).
     * Defaults to none.
     *
     * @param providerName the provider's name in the gateway's configuration
     * @param type its type, such as {@code openai} or {@code bedrock}
     * @return this builder
     * @throws IllegalArgumentException if either is null or blank
     */
    public Builder providerType(String providerName, String type) {
      if (providerName == null || providerName.isBlank()) {
        throw new IllegalArgumentException("providerName must not be blank, got: " + providerName);
      }
      if (type == null || type.isBlank()) {
        throw new IllegalArgumentException(
            "type of provider '" + providerName + "' must not be blank, got: " + type);
      }
      providerTypes.put(providerName, type);
      return this;
    }

    /**
     * The clock that times failed calls from their start; use the client's clock. Defaults to
     * {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Also tags the GenAI metrics with the deprecated {@code gen_ai.system} (same value as {@code
     * gen_ai.provider.name}), for dashboards that still read it. Defaults to {@code false}.
     *
     * @param emit whether to add it
     * @return this builder
     */
    public Builder emitDeprecatedSystemAttribute(boolean emit) {
      this.emitSystem = emit;
      return this;
    }

    /**
     * Builds the listener.
     *
     * @return the listener
     */
    public MicrometerGatewayListener build() {
      return new MicrometerGatewayListener(this);
    }
  }
}
