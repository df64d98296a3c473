package dev.llmgateway.internal.engine;

import dev.llmgateway.CallInfo;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.attempt.AttemptLoop;
import dev.llmgateway.internal.attempt.RetryBudget;
import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.internal.config.CacheSettings;
import dev.llmgateway.internal.config.EngineSettings;
import dev.llmgateway.internal.config.ModelRule;
import dev.llmgateway.internal.config.ProviderDefinition;
import dev.llmgateway.internal.config.ProviderDiscovery;
import dev.llmgateway.internal.config.ProviderEntry;
import dev.llmgateway.internal.config.QuotaSettings;
import dev.llmgateway.internal.config.RequestRule;
import dev.llmgateway.internal.config.TargetConfig;
import dev.llmgateway.internal.pipeline.CacheStage;
import dev.llmgateway.internal.pipeline.CallPipeline;
import dev.llmgateway.internal.pipeline.CallState;
import dev.llmgateway.internal.pipeline.QuotaStage;
import dev.llmgateway.internal.pipeline.RealInterceptorChain;
import dev.llmgateway.internal.pipeline.ValidateStage;
import dev.llmgateway.internal.resilience.KeyPool;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.resilience.TargetState;
import dev.llmgateway.internal.routing.CallRandom;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.routing.Router;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.internal.stream.ChargedStream;
import dev.llmgateway.internal.stream.ObservedChatStream;
import dev.llmgateway.internal.stream.OpenStreams;
import dev.llmgateway.internal.usage.UsageRecords;
import dev.llmgateway.internal.usage.UsageWriter;
import dev.llmgateway.internal.util.SafeEventListener;
import dev.llmgateway.model.CallOptions;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.Usage;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's engine: the validated configuration snapshot (providers created, aliases checked)
 * and the request path. {@code GatewayClient} adds the public surface, async execution and the
 * closed state. Thread-safe: immutable after creation.
 */
public final class GatewayEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayEngine.class);

  private final EngineSettings settings;
  private final Map<String, ProviderEntry> providers;
  private final GatewayEventListener events;
  private final CallPipeline pipeline;
  private final Router router;
  private final Resilience resilience;
  private final CallRandom.Seeds seeds;
  private final AtomicLong calls = new AtomicLong();
  private final UsageWriter usage;
  private final dev.llmgateway.budget.Budgets budgets;
  private final OpenStreams streams = new OpenStreams();

  private GatewayEngine(EngineSettings settings, Map<String, ProviderEntry> providers) {
    this.settings = settings;
    this.providers = providers;
    this.events = new SafeEventListener(settings.listener());
    this.budgets = settings.spend().view();
    Spend spend = settings.spend();
    java.util.function.UnaryOperator<TargetConfig> enrich =
        t -> {
          ProviderEntry e = providers.get(t.ref().provider());
          return e == null ? t : t.withCatalogDefaults(spend.price(e.type(), t.ref()));
        };
    Map<String, AliasDefinition> aliases = new LinkedHashMap<>();
    for (AliasDefinition a : settings.aliases()) {
      List<TargetConfig> targets = new ArrayList<>();
      a.targets().forEach(t -> targets.add(enrich.apply(t)));
      aliases.put(
          a.name(),
          new AliasDefinition(
              a.name(),
              targets,
              a.fallbacks(),
              a.strategy(),
              a.enabled(),
              a.fallbackKinds(),
              a.hedgeDelay(),
              a.hedgePercentile()));
    }
    this.resilience =
        new Resilience(
            settings.breakers(),
            settings.clock(),
            settings.ticker(),
            settings.keyStore(),
            events,
            settings.idleTargetExpiry(),
            settings.disabledKeyProbeInterval());
    EngineSettings.Routing routing = settings.routing();
    this.router =
        new Router(
            providers,
            Collections.unmodifiableMap(aliases),
            routing.rules(),
            routing.hook(),
            routing.modelRules(),
            routing.defaultAlias(),
            routing.unknownToDefault(),
            routing.defaultFallbacks(),
            resilience,
            enrich,
            settings.spend().estimator());
    RandomGenerator random = settings.random();
    this.seeds =
        random != null ? new CallRandom.Seeds(random) : new CallRandom.Seeds(settings.seed());
    AttemptLoop loop =
        new AttemptLoop(
            settings.sleeper(),
            settings.backoff(),
            settings.retriesPerTarget(),
            new RetryBudget(
                settings.retryBudgetRatio(),
                settings.retryBudgetMin(),
                settings.retryBudgetWindow(),
                settings.ticker()),
            resilience,
            settings.waitForCapacity(),
            settings.executor());
    CacheSettings cache = settings.cache();
    QuotaSettings quota = settings.quota();
    this.pipeline =
        new CallPipeline(
            settings.interceptors(),
            quota == null ? null : new QuotaStage(quota, settings.clock(), router::estimatePrompt),
            cache == null ? null : new CacheStage(cache),
            router,
            loop,
            settings.spend(),
            events);
    this.usage = new UsageWriter(settings.usage(), events);
  }

  /**
   * Validates the configuration as a whole and creates the providers.
   *
   * @param settings the builder's settings
   * @return the engine
   * @throws ConfigurationException naming what is wrong: an alias referring to an unknown provider
   *     or fallback, an unknown provider type, two factories for one type, a secret that cannot be
   *     resolved, a provider without a key whose factory requires one, a factory that rejects its
   *     settings
   */
  public static GatewayEngine create(EngineSettings settings) {
    Map<String, ProviderDefinition> definitions = new LinkedHashMap<>();
    for (ProviderDefinition p : settings.providers()) {
      definitions.put(p.name(), p);
    }
    checkAliases(settings.aliases(), definitions);
    checkRouting(settings.routing(), settings.aliases(), definitions);
    ProviderDiscovery discovery =
        ProviderDiscovery.discover(settings.factories(), settings.classLoader());
    Map<String, ProviderFactory> factories = new LinkedHashMap<>();
    for (ProviderDefinition p : definitions.values()) {
      factories.put(p.name(), discovery.factoryFor(p.type(), p.name()));
      for (ProviderKey key : p.keys()) {
        checkSecret(p, key);
      }
    }
    Map<String, ProviderSettings> providerSettings = new LinkedHashMap<>();
    for (ProviderDefinition p : definitions.values()) {
      ProviderSettings s = settings(p, settings);
      checkKeyPresent(factories.get(p.name()), s);
      providerSettings.put(p.name(), s);
    }
    Map<String, ProviderEntry> entries = new LinkedHashMap<>();
    try {
      for (ProviderDefinition p : definitions.values()) {
        ProviderFactory factory = factories.get(p.name());
        Provider provider = create(factory, providerSettings.get(p.name()));
        entries.put(
            p.name(),
            new ProviderEntry(
                p.name(),
                provider,
                provider.capabilities(),
                new KeyPool(p.keys(), p.roundRobinKeys(), p.rateLimitCooldown()),
                p.type()));
        log.debug(
            "Provider '{}' of type '{}' created by {} with keys {}",
            p.name(),
            p.type(),
            factory.getClass().getName(),
            keyIds(p));
      }
    } catch (RuntimeException e) {
      for (ProviderEntry created : entries.values()) {
        closeQuietly(created);
      }
      throw e;
    }
    return new GatewayEngine(settings, Collections.unmodifiableMap(entries));
  }

  private static void checkAliases(
      List<AliasDefinition> aliases, Map<String, ProviderDefinition> providers) {
    Map<String, AliasDefinition> byName = new LinkedHashMap<>();
    for (AliasDefinition a : aliases) {
      byName.put(a.name(), a);
    }
    for (AliasDefinition a : aliases) {
      if (a.targets().isEmpty()) {
        throw new ConfigurationException("Alias '" + a.name() + "' has no targets");
      }
      for (TargetConfig t : a.targets()) {
        ProviderDefinition p = providers.get(t.ref().provider());
        if (p == null) {
          throw new ConfigurationException(
              "Alias '"
                  + a.name()
                  + "' target '"
                  + t.ref()
                  + "' names unknown provider '"
                  + t.ref().provider()
                  + "'; configured providers: "
                  + new TreeSet<>(providers.keySet()));
        }
        for (String keyId : t.keyIds()) {
          if (p.keys().stream().noneMatch(k -> k.id().equals(keyId))) {
            throw new ConfigurationException(
                "Alias '"
                    + a.name()
                    + "' target '"
                    + t.ref()
                    + "' uses key '"
                    + keyId
                    + "', which provider '"
                    + p.name()
                    + "' does not have; its keys: "
                    + keyIds(p));
          }
        }
      }
      for (String fallback : a.fallbacks()) {
        if (byName.containsKey(fallback)) {
          continue;
        }
        int slash = fallback.indexOf('/');
        if (slash > 0
            && slash < fallback.length() - 1
            && providers.containsKey(fallback.substring(0, slash))) {
          continue;
        }
        throw new ConfigurationException(
            "Alias '"
                + a.name()
                + "' fallback '"
                + fallback
                + "' is neither an alias "
                + new TreeSet<>(byName.keySet())
                + " nor provider/model with a configured provider "
                + new TreeSet<>(providers.keySet()));
      }
    }
  }

  private static void checkRouting(
      EngineSettings.Routing routing,
      List<AliasDefinition> aliases,
      Map<String, ProviderDefinition> providers) {
    Set<String> names = new TreeSet<>();
    for (AliasDefinition a : aliases) {
      names.add(a.name());
    }
    for (RequestRule r : routing.rules()) {
      if (!names.contains(r.alias())) {
        throw new ConfigurationException(
            "requestRule #"
                + r.index()
                + " routes to unknown alias '"
                + r.alias()
                + "'; aliases: "
                + names);
      }
    }
    String d = routing.defaultAlias();
    if (d != null && !names.contains(d)) {
      throw new ConfigurationException(
          "defaultAlias '" + d + "' is not a configured alias; aliases: " + names);
    }
    for (ModelRule m : routing.modelRules()) {
      if (!providers.containsKey(m.provider())) {
        throw new ConfigurationException(
            "modelRule '"
                + m.glob()
                + "' names unknown provider '"
                + m.provider()
                + "'; configured providers: "
                + new TreeSet<>(providers.keySet()));
      }
    }
    for (String f : routing.defaultFallbacks()) {
      if (names.contains(f)) {
        continue;
      }
      int slash = f.indexOf('/');
      if (slash > 0 && slash < f.length() - 1 && providers.containsKey(f.substring(0, slash))) {
        continue;
      }
      throw new ConfigurationException(
          "defaultFallback '"
              + f
              + "' is neither an alias "
              + names
              + " nor provider/model with a configured provider "
              + new TreeSet<>(providers.keySet()));
    }
  }

  private static void checkSecret(ProviderDefinition p, ProviderKey key) {
    try {
      key.secret().reveal();
    } catch (ConfigurationException e) {
      throw new ConfigurationException(
          "Provider '"
              + p.name()
              + "' key '"
              + key.id()
              + "' cannot be resolved from "
              + key.secret().source()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Fails a provider without keys whose factory says it needs one. */
  private static void checkKeyPresent(ProviderFactory factory, ProviderSettings settings) {
    if (!settings.keys().isEmpty()) {
      return;
    }
    boolean required;
    try {
      required = factory.requiresKey(settings);
    } catch (ConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "Provider '"
              + settings.name()
              + "': "
              + factory.getClass().getName()
              + ".requiresKey failed: "
              + e,
          e);
    }
    if (required) {
      throw new ConfigurationException(
          "Provider '"
              + settings.name()
              + "' of type '"
              + settings.type()
              + "'"
              + (settings.profile() == null ? "" : " with profile '" + settings.profile() + "'")
              + " needs a key and has none: give it one with apiKey(Secret.env(\"...\")) or"
              + " key(id, secret)");
    }
  }

  private static ProviderSettings settings(ProviderDefinition p, EngineSettings s) {
    ProviderSettings.Builder b =
        ProviderSettings.builder(p.name(), p.type())
            .baseUrl(p.baseUrl())
            .connectTimeout(p.connectTimeout())
            .readTimeout(p.readTimeout())
            .profile(p.profile())
            .clock(s.clock());
    p.keys().forEach(b::key);
    p.headers().forEach(b::header);
    p.options().forEach(b::option);
    return b.build();
  }

  private static Provider create(ProviderFactory factory, ProviderSettings settings) {
    Provider provider;
    try {
      provider = factory.create(settings);
    } catch (ConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "Provider '"
              + settings.name()
              + "' could not be created by "
              + factory.getClass().getName()
              + ": "
              + e,
          e);
    }
    if (provider == null) {
      throw new ConfigurationException(
          factory.getClass().getName() + " returned null for provider '" + settings.name() + "'");
    }
    return provider;
  }

  private static List<String> keyIds(ProviderDefinition p) {
    List<String> ids = new ArrayList<>();
    for (ProviderKey k : p.keys()) {
      ids.add(k.id());
    }
    return ids;
  }

  /**
   * Runs a plain chat call made now.
   *
   * @param request the request
   * @param cancellation the call's cancellation
   * @return the answer with its route
   */
  public ChatResponse chat(ChatRequest request, Cancellation cancellation) {
    return chat(request, cancellation, now());
  }

  /**
   * Runs a plain chat call made at {@code madeAt}, from which its deadline counts.
   *
   * @param request the request
   * @param cancellation the call's cancellation
   * @param madeAt when the call was made, by {@link #now()}
   * @return the answer with its route
   */
  public ChatResponse chat(ChatRequest request, Cancellation cancellation, long madeAt) {
    GatewayResponse r = execute(new GatewayRequest.Chat(request, false), cancellation, madeAt);
    return ((GatewayResponse.Chat) r).response();
  }

  /**
   * Runs a streamed chat call made now, up to its first content chunk.
   *
   * @param request the request
   * @param cancellation the call's cancellation
   * @return the committed stream
   */
  public ChatStream stream(ChatRequest request, Cancellation cancellation) {
    return stream(request, cancellation, now());
  }

  /**
   * Runs a streamed chat call made at {@code madeAt}, up to its first content chunk.
   *
   * @param request the request
   * @param cancellation the call's cancellation
   * @param madeAt when the call was made, by {@link #now()}
   * @return the committed stream
   */
  public ChatStream stream(ChatRequest request, Cancellation cancellation, long madeAt) {
    GatewayResponse r = execute(new GatewayRequest.Chat(request, true), cancellation, madeAt);
    return ((GatewayResponse.Stream) r).stream();
  }

  /**
   * Runs an embedding call made now.
   *
   * @param request the request
   * @param cancellation the call's cancellation
   * @return the answer with its route
   */
  public EmbeddingResponse embed(EmbeddingRequest request, Cancellation cancellation) {
    return embed(request, cancellation, now());
  }

  /**
   * Runs an embedding call made at {@code madeAt}.
   *
   * @param request the request
   * @param cancellation the call's cancellation
   * @param madeAt when the call was made, by {@link #now()}
   * @return the answer with its route
   */
  public EmbeddingResponse embed(EmbeddingRequest request, Cancellation cancellation, long madeAt) {
    GatewayResponse r = execute(new GatewayRequest.Embed(request), cancellation, madeAt);
    return ((GatewayResponse.Embed) r).response();
  }

  /**
   * The client's deadline clock: an async call reads it when it is made and hands the value to
   * {@link #chat(ChatRequest, Cancellation, long)} and friends, so that its deadline counts from
   * then, not from when the executor runs it.
   *
   * @return the ticker's time in nanoseconds
   */
  public long now() {
    return settings.ticker().read();
  }

  /**
   * A call's deadline: its own {@code CallOptions} timeout or the client's default.
   *
   * @param request the request
   * @return the timeout
   */
  public Duration timeout(GatewayRequest request) {
    Duration t = request.options().timeout();
    return t != null ? t : settings.defaultTimeout();
  }

  /**
   * Ends an async call that was still waiting for the executor at its deadline, without running any
   * stage: emits its start and failure events, records it, and returns the {@code TIMEOUT} for the
   * caller. Nothing is sent.
   *
   * @param request the request
   * @param cancellation the call's cancellation
   * @param madeAt when the call was made, by {@link #now()}
   * @return the failure to complete the call's future with
   */
  public ProviderException expired(GatewayRequest request, Cancellation cancellation, long madeAt) {
    CallState state = newCall(request, cancellation, madeAt);
    CallInfo info = state.info();
    events.callStart(info);
    ProviderException e = notStarted(state);
    log.debug("Call {} for '{}' failed: {}", info.id(), info.model(), e.toString());
    events.callFailed(info, e);
    recordFailure(state, null, e);
    return e;
  }

  /** The failure of a call whose deadline passed before it started running. */
  private static ProviderException notStarted(CallState state) {
    return new ProviderException(
        ErrorKind.TIMEOUT,
        "gateway",
        state.info().model(),
        "Call "
            + state.info().id()
            + " for '"
            + state.info().model()
            + "' exceeded its deadline of "
            + state.timeout()
            + " before it started: it waited "
            + state.elapsed()
            + " for the client's executor; nothing was sent",
        null);
  }

  private GatewayResponse execute(GatewayRequest request, Cancellation cancellation, long madeAt) {
    CallState state = newCall(request, cancellation, madeAt);
    CallInfo info = state.info();
    events.callStart(info);
    GatewayResponse response;
    try {
      Duration left = state.remaining();
      if (left.isZero() || left.isNegative()) {
        // An async call that waited for the executor until its deadline: nothing is sent.
        throw notStarted(state);
      }
      response = pipeline.execute(request, state);
    } catch (RuntimeException | Error e) {
      log.debug("Call {} for '{}' failed: {}", info.id(), info.model(), e.toString());
      endStreamsOf(state, "the call failed");
      events.callFailed(info, e);
      recordFailure(state, state.timeToFirstToken(), e);
      throw e;
    }
    if (response instanceof GatewayResponse.Stream s) {
      // The terminal event and the usage record come when the stream ends: read to its end,
      // broken, closed, ended by close() of the client, or by the cleaner once abandoned. Streams
      // an interceptor got from proceed() and answered around end first, so the record has them.
      Duration ttft = state.timeToFirstToken();
      ChatStream answer = s.stream();
      ObservedChatStream.Terminal terminal =
          new ObservedChatStream.Terminal() {
            @Override
            public void ended(ChatResponse r) {
              endStreamsOf(state, "the call ended");
              recordSuccess(
                  state, r.route(), r.usage(), r.cost(), ttft, extraCharge(state, answer));
            }

            @Override
            public void failed(Throwable error) {
              endStreamsOf(state, "the call ended");
              recordFailure(state, ttft, error);
            }
          };
      ObservedChatStream observed =
          new ObservedChatStream(s.stream(), info, events, terminal, streams::untrack);
      Plan plan = state.planOrNull();
      String label =
          plan != null && plan.alias() != null
              ? "alias '" + plan.alias() + "'"
              : "model '" + info.model() + "'";
      return new GatewayResponse.Stream(streams.track(observed, label));
    }
    if (response instanceof GatewayResponse.Chat c) {
      ChatResponse r = c.response();
      events.callEnd(info, r.route());
      recordSuccess(state, r.route(), r.usage(), r.cost(), null, extraCharge(state, null));
    } else if (response instanceof GatewayResponse.Embed e) {
      EmbeddingResponse r = e.response();
      events.callEnd(info, r.route());
      recordSuccess(state, r.route(), r.usage(), r.cost(), null, extraCharge(state, null));
    }
    return response;
  }

  /** Ends the streams an interceptor got from proceed() that were left to end with the call. */
  private static void endStreamsOf(CallState state, String why) {
    List<ChatStream> left = state.takeStreamsToEnd();
    if (!left.isEmpty()) {
      RealInterceptorChain.end(left, state, why);
    }
  }

  /**
   * What a successful call charged besides its answer: the provider answers that did not reach the
   * caller, because a user interceptor called {@code proceed()} more than once or answered around
   * them. When the answer is the built-in stream, every other charge is extra; otherwise (an
   * interceptor's own stream or response, which may carry a whole answer's cost) only streams that
   * ended early are, since they cannot have produced it.
   *
   * @param answer the stream the caller got, or {@code null} for a chat or embedding answer
   * @return the sum of the extra charges, or {@code null} if there is none
   */
  private static @Nullable Charge extraCharge(CallState state, @Nullable ChatStream answer) {
    List<Charge> charges = state.charges();
    if (charges.isEmpty()) {
      return null;
    }
    boolean builtIn = answer instanceof ChargedStream;
    Charge own = builtIn ? ((ChargedStream) answer).charge() : null;
    List<Charge> extra = new ArrayList<>(charges.size());
    for (Charge c : charges) {
      if (builtIn ? c != own : !c.completed()) {
        extra.add(c);
      }
    }
    return Charge.total(extra);
  }

  private void recordSuccess(
      CallState state,
      Route route,
      Usage used,
      Cost cost,
      @Nullable Duration ttft,
      @Nullable Charge extra) {
    if (usage.enabled()) {
      usage.record(
          UsageRecords.success(
              state.info(),
              settings.clock().instant(),
              route,
              used,
              cost,
              ttft,
              state.savedCost(),
              extra));
    }
  }

  private void recordFailure(CallState state, @Nullable Duration ttft, Throwable error) {
    if (!usage.enabled()) {
      return;
    }
    Plan plan = state.planOrNull();
    usage.record(
        UsageRecords.failure(
            state.info(),
            settings.clock().instant(),
            plan == null ? null : plan.alias(),
            state.attemptsMade(),
            state.elapsed(),
            ttft,
            state.cancellation().isCancelled(),
            error,
            Charge.total(state.charges())));
  }

  /**
   * The usage recorder: its counters, and where records go.
   *
   * @return the recorder
   */
  public dev.llmgateway.usage.UsageRecorder usage() {
    return usage;
  }

  /**
   * The plan the next call for this request would follow, without calling anyone. The request is
   * validated first, as a call validates it.
   *
   * @param request the request
   * @return the plan with its reasons
   * @throws dev.llmgateway.error.InvalidRequestException naming the field, as the call would
   */
  public RoutePlan explain(GatewayRequest request) {
    ValidateStage.validate(request);
    return Objects.requireNonNull(
        router.plan(request, request.context(), seeds.peek(), true).explanation());
  }

  /**
   * The budgets and where they stand.
   *
   * @return the query view
   */
  public dev.llmgateway.budget.Budgets budgets() {
    return budgets;
  }

  /**
   * A snapshot of every known target's health: configured targets and any target called so far.
   *
   * @return the targets, configured ones first
   */
  public List<TargetHealth> health() {
    List<TargetHealth> out = new ArrayList<>();
    for (TargetState t : resilience.targets()) {
      ProviderEntry e = providers.get(t.ref().provider());
      if (e != null) {
        out.add(resilience.health(t, e.keys().keys()));
      }
    }
    out.sort(java.util.Comparator.comparing(h -> h.target().toString()));
    return out;
  }

  private CallState newCall(GatewayRequest request, Cancellation cancellation, long madeAt) {
    CallOptions options = request.options();
    Duration timeout = timeout(request);
    int maxAttempts =
        options.maxAttempts() != null ? options.maxAttempts() : settings.maxAttempts();
    // The call started when it was made (an async call: when it was submitted, not when it ran).
    long start = madeAt;
    Instant startedAt =
        settings.clock().instant().minusNanos(Math.max(0, settings.ticker().read() - madeAt));
    String id = "call-" + Long.toString(calls.incrementAndGet(), 36);
    CallInfo info = new CallInfo(id, request.kind(), request.model(), request.context(), startedAt);
    return new CallState(
        info,
        cancellation,
        events,
        settings.ticker(),
        start,
        timeout,
        maxAttempts,
        options.headers(),
        seeds.next());
  }

  /** The configured targets of each alias, for {@code toString()}. */
  private List<String> aliasDescriptions() {
    List<String> out = new ArrayList<>();
    for (AliasDefinition a : settings.aliases()) {
      out.add(a.toString());
    }
    return out;
  }

  /**
   * Ends every open stream (cancelling its HTTP call, settling its reservation with what was
   * consumed, recording it as cancelled), closes every provider (a provider that throws is logged
   * and skipped), then drains the usage queue and closes the usage sinks.
   */
  @Override
  public void close() {
    streams.closeAll();
    for (ProviderEntry entry : providers.values()) {
      closeQuietly(entry);
    }
    usage.close();
  }

  private static void closeQuietly(ProviderEntry entry) {
    try {
      entry.provider().close();
    } catch (RuntimeException e) {
      log.warn("Provider '{}' threw while closing; ignoring it", entry.name(), e);
    }
  }

  @Override
  public String toString() {
    return "providers="
        + settings.providers()
        + ", aliases="
        + aliasDescriptions()
        + ", defaultTimeout="
        + settings.defaultTimeout()
        + ", maxAttempts="
        + settings.maxAttempts()
        + ", retriesPerTarget="
        + settings.retriesPerTarget();
  }
}
