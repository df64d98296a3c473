package dev.llmgateway.internal.pipeline;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.error.QuotaExceededException;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.config.QuotaRule;
import dev.llmgateway.internal.config.QuotaSettings;
import dev.llmgateway.internal.routing.PromptEstimator;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.internal.stream.CachingChatStream;
import dev.llmgateway.internal.stream.ChargedStream;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.ratelimit.QuotaStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 3, quota: admits the call into every quota whose scope counts it (requests per minute and
 * per day, tokens per minute), or refuses it with {@link QuotaExceededException}. Token amounts are
 * reserved at admission (estimated prompt + maxTokens) and settled to the tokens the call's budget
 * charge was computed from ({@link Charge#usage()}: the reported usage, or the estimate where the
 * provider reported none; zero for a cache hit), or released when the call fails before any answer.
 * A stream settles when it ends, whichever way (read to its end, closed early, cancelled, broken,
 * abandoned, ended by the client's close), to what the provider produced and consumed until then,
 * so that stopping streams early does not evade a token quota. See {@code QuotaSpec} for the rules.
 */
public final class QuotaStage implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(QuotaStage.class);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration DAY = Duration.ofDays(1);

  private final List<QuotaRule> rules;
  private final QuotaStore store;
  private final Clock clock;
  private final PromptEstimator promptTokens;

  /**
   * "tenant=t|limit" and "user=u|limit" pairs with an explicit tenant or user quota, which
   * eachTenant() or eachUser() then leaves alone.
   */
  private final Set<String> explicitLimits = new HashSet<>();

  /** Most tenants (and, apart, users) whose bucket names are kept; others build them per call. */
  public static final int MAX_CACHED_VALUES = 10_000;

  private final Map<String, Buckets> eachTenant = new ConcurrentHashMap<>();
  private final Map<String, Buckets> eachUser = new ConcurrentHashMap<>();
  private final Map<String, Buckets> fixed = new ConcurrentHashMap<>();

  /**
   * Creates the stage.
   *
   * @param settings the quotas and their store
   * @param clock the client's clock
   * @param promptTokens estimates a request's prompt tokens through the call's shared estimates;
   *     asked only when a tokens-per-minute quota applies
   */
  public QuotaStage(QuotaSettings settings, Clock clock, PromptEstimator promptTokens) {
    this.rules = settings.rules();
    this.store = settings.store();
    this.clock = clock;
    this.promptTokens = promptTokens;
    for (QuotaRule r : rules) {
      QuotaScope.Kind kind = r.scope().kind();
      if (kind == QuotaScope.Kind.TENANT || kind == QuotaScope.Kind.USER) {
        String scope = r.scope().toString();
        if (r.requestsPerMinute() > 0) {
          explicitLimits.add(scope + "|rpm");
        }
        if (r.requestsPerDay() > 0) {
          explicitLimits.add(scope + "|rpd");
        }
        if (r.tokensPerMinute() > 0) {
          explicitLimits.add(scope + "|tpm");
        }
      }
    }
  }

  @Override
  public GatewayResponse intercept(Chain chain) {
    GatewayRequest request = chain.request();
    List<Held> held = admit(chain);
    for (int i = 0; i < held.size(); i++) {
      if (held.get(i).tokens) {
        return proceedAndSettle(chain, held);
      }
    }
    return chain.proceed(request);
  }

  /** Takes the call's place in every quota that applies, or gives them back and refuses it. */
  private List<Held> admit(Chain chain) {
    GatewayRequest request = chain.request();
    RequestContext context = request.context();
    Instant now = clock.instant();
    List<Held> held = new ArrayList<>(4);
    long reserve = -1;
    QuotaExceededException refused = null;
    for (QuotaRule rule : rules) {
      Buckets b = buckets(rule.scope(), context);
      if (b == null) {
        continue;
      }
      if (rule.requestsPerMinute() > 0 && !b.rpmOverridden) {
        refused = take(b.base, b.rpm, Limit.RPM, rule.requestsPerMinute(), 1, now, held, refused);
      }
      if (rule.requestsPerDay() > 0 && !b.rpdOverridden) {
        refused = take(b.base, b.rpd, Limit.RPD, rule.requestsPerDay(), 1, now, held, refused);
      }
      if (rule.tokensPerMinute() > 0 && !b.tpmOverridden) {
        if (reserve < 0) {
          reserve = reservation(RealInterceptorChain.stateOf(chain), request);
        }
        refused =
            take(b.base, b.tpm, Limit.TPM, rule.tokensPerMinute(), reserve, now, held, refused);
      }
    }
    if (refused != null) {
      for (Held h : held) {
        store.adjust(h.bucket, h.entry, h.admitted, 0);
      }
      log.debug("Call {} refused: {}", chain.call().id(), refused.getMessage());
      RealInterceptorChain.stateOf(chain).events().quotaRejected(chain.call(), refused);
      throw refused;
    }
    return held;
  }

  /** Runs the call and settles its token quotas to what it consumed (a stream: when it ends). */
  private GatewayResponse proceedAndSettle(Chain chain, List<Held> held) {
    GatewayRequest request = chain.request();
    CallState state = RealInterceptorChain.stateOf(chain);
    int chargesBefore = state.chargeCount();
    GatewayResponse response;
    try {
      response = chain.proceed(request);
    } catch (RuntimeException | Error e) {
      settle(held, 0);
      throw e;
    }
    // A whole answer settled its budgets before proceed() returned, on this thread.
    if (response instanceof GatewayResponse.Chat c) {
      settle(held, chargedSince(state, chargesBefore, used(c.response())));
      return response;
    }
    if (response instanceof GatewayResponse.Embed e) {
      settle(held, chargedSince(state, chargesBefore, e.response().usage().totalTokens()));
      return response;
    }
    if (!(response instanceof GatewayResponse.Stream streamed)) {
      // Images, transcription, speech: settled to the tokens their charge counted (often none).
      settle(held, chargedSince(state, chargesBefore, 0));
      return response;
    }
    ChatStream stream = streamed.stream();
    return new GatewayResponse.Stream(
        new CachingChatStream(
            stream,
            r -> settle(held, consumed(stream, used(r))),
            () -> settle(held, consumed(stream, 0))));
  }

  /**
   * The buckets of the scope's value for this call, or null when the scope does not apply; built
   * once per value (up to {@link #MAX_CACHED_VALUES} per kind), so that a call builds no names.
   */
  private @Nullable Buckets buckets(QuotaScope scope, RequestContext context) {
    QuotaScope.Kind kind = scope.kind();
    if (kind == QuotaScope.Kind.EACH_TENANT || kind == QuotaScope.Kind.EACH_USER) {
      boolean tenants = kind == QuotaScope.Kind.EACH_TENANT;
      String id = tenants ? context.tenant() : context.user();
      if (id == null) {
        return null;
      }
      Map<String, Buckets> cache = tenants ? eachTenant : eachUser;
      Buckets b = cache.get(id);
      if (b == null) {
        // The names bucketFor gives, with the explicit rules that override this value's limits.
        b = new Buckets(scope.bucketFor(context), explicitLimits);
        if (cache.size() < MAX_CACHED_VALUES) {
          Buckets raced = cache.putIfAbsent(id, b);
          b = raced == null ? b : raced;
        }
      }
      return b;
    }
    String base = scope.bucketFor(context);
    if (base == null) {
      return null;
    }
    Buckets b = fixed.get(base);
    if (b == null) {
      b = new Buckets(base, Set.of());
      Buckets raced = fixed.putIfAbsent(base, b);
      b = raced == null ? b : raced;
    }
    return b;
  }

  private @Nullable QuotaExceededException take(
      String base,
      String bucket,
      Limit kind,
      long limit,
      long amount,
      Instant now,
      List<Held> held,
      @Nullable QuotaExceededException refused) {
    QuotaStore.Admission a = store.tryAcquire(bucket, limit, kind.window, amount, now);
    if (a.granted()) {
      held.add(new Held(bucket, a.entry(), amount, kind == Limit.TPM));
      return refused;
    }
    if (refused == null) {
      String scope = base + ": " + limit + " " + kind.unit;
      if (amount > limit) {
        scope += " (this call needs " + amount + ")";
      }
      return new QuotaExceededException(scope, a.retryAt());
    }
    // Already refused: keep the first quota's name, report the latest time every limit has room.
    return a.retryAt().isAfter(refused.retryAt())
        ? new QuotaExceededException(refused.scope(), a.retryAt())
        : refused;
  }

  private long reservation(CallState state, GatewayRequest request) {
    long prompt = promptTokens.estimate(request, state.estimates());
    if (request instanceof GatewayRequest.Chat chat && chat.request().maxTokens() != null) {
      return prompt + chat.request().maxTokens();
    }
    return prompt;
  }

  private static long used(ChatResponse r) {
    return r.route().cacheHit() ? 0 : r.usage().totalTokens();
  }

  /**
   * The tokens that the charges settled since the {@code from}-th were computed from (reported
   * usage, or the estimate where the provider reported none), or {@code otherwise} if there is none
   * (a cache hit).
   */
  private static long chargedSince(CallState state, int from, long otherwise) {
    List<Charge> charges = state.charges();
    if (charges.size() <= from) {
      return otherwise;
    }
    long tokens = 0;
    for (Charge c : charges.subList(from, charges.size())) {
      tokens += c.usage().totalTokens();
    }
    return tokens;
  }

  /**
   * The tokens a stream's budget charge was computed from, or {@code otherwise} when no provider
   * stream is under it (a cache hit). The stream under a quota has settled by the time its wrapper
   * reports its end.
   */
  private static long consumed(ChatStream stream, long otherwise) {
    Charge charge = stream instanceof ChargedStream charged ? charged.charge() : null;
    return charge == null ? otherwise : charge.usage().totalTokens();
  }

  /** Settles the token buckets among the held ones; request counts stay as admitted. */
  private void settle(List<Held> held, long amount) {
    for (int i = 0; i < held.size(); i++) {
      Held h = held.get(i);
      if (h.tokens) {
        store.adjust(h.bucket, h.entry, h.admitted, amount);
      }
    }
  }

  /** The three limits a rule can set: their window and how a refusal names their unit. */
  private enum Limit {
    RPM(MINUTE, "requests/minute"),
    RPD(DAY, "requests/day"),
    TPM(MINUTE, "tokens/minute");

    final Duration window;
    final String unit;

    Limit(Duration window, String unit) {
      this.window = window;
      this.unit = unit;
    }
  }

  /**
   * The bucket names of one scope value ({@code tenant=acme|rpm}, ...) and, for the per-tenant and
   * per-user scopes, whether an explicit rule for that tenant or user takes each limit's place.
   */
  private static final class Buckets {
    final String base;
    final String rpm;
    final String rpd;
    final String tpm;
    final boolean rpmOverridden;
    final boolean rpdOverridden;
    final boolean tpmOverridden;

    Buckets(String base, Set<String> explicitLimits) {
      this.base = base;
      this.rpm = base + "|rpm";
      this.rpd = base + "|rpd";
      this.tpm = base + "|tpm";
      this.rpmOverridden = explicitLimits.contains(rpm);
      this.rpdOverridden = explicitLimits.contains(rpd);
      this.tpmOverridden = explicitLimits.contains(tpm);
    }
  }

  private static final class Held {
    final String bucket;
    final long entry;
    final long admitted;
    final boolean tokens;

    public Held(String bucket, long entry, long admitted, boolean tokens) {
      this.bucket = bucket;
      this.entry = entry;
      this.admitted = admitted;
      this.tokens = tokens;
    }
  }
}
