package dev.llmgateway.internal.pipeline;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.config.CacheSettings;
import dev.llmgateway.internal.stream.CachingChatStream;
import dev.llmgateway.internal.stream.ReplayChatStream;
import dev.llmgateway.model.CachePolicy;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.Route;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 4, cache: answers a chat or streamed chat call from the {@link
 * dev.llmgateway.cache.ResponseCache} when an identical request (see {@link CacheKeys}) in the same
 * partition was answered within its TTL, and stores the answer of a miss.
 *
 * <p><b>Single flight.</b> Identical concurrent misses make one upstream call: the first caller
 * (the leader) proceeds, the others wait for its outcome, each within its own deadline and
 * cancellation. When the leader succeeds, the waiters are served its answer as cache hits. When it
 * fails, the waiters fail with the same exception instance (failures are never cached). When the
 * leader is cancelled, or its stream is closed or fails before its end, the waiters are not failed:
 * they start over (one of them becomes the new leader). A waiter whose deadline passes stops
 * waiting and proceeds on its own, where the attempt loop reports the timeout.
 *
 * <p><b>Streams.</b> A hit on a streamed call is replayed with {@link ReplayChatStream}, its text
 * in pieces of {@value #REPLAY_CHUNK_CHARS} characters (its reasoning first, in pieces too); a
 * streamed miss is stored once the caller has read it to its end. Embedding calls pass through, and
 * so do chat calls that continue or store a Responses state.
 */
public final class CacheStage implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(CacheStage.class);

  /** The most characters of text per chunk when a hit is replayed as a stream. */
  static final int REPLAY_CHUNK_CHARS = 32;

  private final CacheSettings settings;
  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

  public CacheStage(CacheSettings settings) {
    this.settings = settings;
  }

  @Override
  public GatewayResponse intercept(Chain chain) {
    if (!(chain.request() instanceof GatewayRequest.Chat chat)) {
      return chain.proceed(chain.request());
    }
    ChatRequest request = chat.request();
    Duration ttl = ttl(request);
    if (ttl == null) {
      return chain.proceed(chat);
    }
    CallState state = RealInterceptorChain.stateOf(chain);
    String key = CacheKeys.key(request, settings.partition().valueOf(request.context()));
    while (true) {
      ChatResponse hit = lookup(key);
      if (hit != null) {
        return serve(hit, chat, state);
      }
      Flight mine = new Flight();
      Flight leader = flights.putIfAbsent(key, mine);
      if (leader == null) {
        return lead(chain, chat, key, ttl, mine, state);
      }
      Outcome outcome = await(leader, state);
      if (outcome == null) {
        // Our own deadline passed while waiting: proceed, where the deadline is reported.
        return chain.proceed(chat);
      }
      if (outcome.response != null) {
        return serve(outcome.response, chat, state);
      }
      if (outcome.failure != null) {
        throw outcome.failure;
      }
      // The leader was cancelled or abandoned its stream: start over.
    }
  }

  /**
   * The TTL for this request, or {@code null} if the cache is off for it (see CacheSpec). A call
   * that continues or stores a Responses state ({@code previousResponseId}, {@code store(true)}) is
   * never cached, whatever its policy: its answer depends on, or creates, state at the provider.
   */
  public @Nullable Duration ttl(ChatRequest request) {
    if (request.previousResponseId() != null || request.store()) {
      return null;
    }
    CachePolicy policy = request.cachePolicy();
    Duration aliasTtl = settings.aliasTtls().get(request.model());
    switch (policy.mode()) {
      case DISABLED:
        return null;
      case ENABLED:
        if (policy.ttl() != null) {
          return policy.ttl().isZero() ? null : policy.ttl();
        }
        return aliasTtl != null && !aliasTtl.isZero() ? aliasTtl : settings.defaultTtl();
      default:
        Double t = request.temperature();
        if (t != null && t > 0 && !settings.cacheSampled()) {
          return null;
        }
        if (aliasTtl != null) {
          return aliasTtl.isZero() ? null : aliasTtl;
        }
        return settings.cacheAllAliases() ? settings.defaultTtl() : null;
    }
  }

  private @Nullable ChatResponse lookup(String key) {
    try {
      Optional<ChatResponse> r = settings.store().get(key);
      return r == null ? null : r.orElse(null);
    } catch (RuntimeException e) {
      log.warn("ResponseCache {} threw from get; treating it as a miss", settings.store(), e);
      return null;
    }
  }

  private void store(String key, ChatResponse response, Duration ttl, CallState state) {
    try {
      settings.store().put(key, response, ttl);
      state.events().cacheStored(state.info());
    } catch (RuntimeException e) {
      log.warn("ResponseCache {} threw from put; the answer is not cached", settings.store(), e);
    }
  }

  private GatewayResponse lead(
      Chain chain,
      GatewayRequest.Chat chat,
      String key,
      Duration ttl,
      Flight mine,
      CallState state) {
    // Another leader may have stored the answer between our lookup and our putIfAbsent.
    ChatResponse late = lookup(key);
    if (late != null) {
      finish(key, mine, new Outcome(late, null));
      return serve(late, chat, state);
    }
    state.events().cacheMiss(state.info());
    GatewayResponse response;
    try {
      response = chain.proceed(chat);
    } catch (RuntimeException e) {
      boolean cancelled = e instanceof CancellationException || state.cancellation().isCancelled();
      finish(key, mine, cancelled ? Outcome.ABANDONED : new Outcome(null, e));
      throw e;
    } catch (Error e) {
      finish(key, mine, Outcome.ABANDONED);
      throw e;
    }
    if (response instanceof GatewayResponse.Chat c) {
      store(key, c.response(), ttl, state);
      finish(key, mine, new Outcome(c.response(), null));
      return response;
    }
    GatewayResponse.Stream s = (GatewayResponse.Stream) response;
    return new GatewayResponse.Stream(
        new CachingChatStream(
            s.stream(),
            r -> {
              store(key, r, ttl, state);
              finish(key, mine, new Outcome(r, null));
            },
            () -> finish(key, mine, Outcome.ABANDONED)));
  }

  /** Ends a flight: later callers see the cache (or nothing), then the waiters are released. */
  private void finish(String key, Flight flight, Outcome outcome) {
    flights.remove(key, flight);
    flight.future.complete(outcome);
  }

  /** Waits for the leader; {@code null} when our own deadline passed first. */
  private @Nullable Outcome await(Flight leader, CallState state) {
    long nanos = state.remaining().toNanos();
    if (nanos <= 0) {
      return null;
    }
    CompletableFuture<Object> cancelled = new CompletableFuture<>();
    state.cancellation().onCancel(() -> cancelled.complete(Boolean.TRUE));
    try {
      Object first =
          CompletableFuture.anyOf(leader.future, cancelled).get(nanos, TimeUnit.NANOSECONDS);
      if (first instanceof Outcome o) {
        return o;
      }
      throw new CancellationException(
          "Call " + state.info().id() + " was cancelled while waiting for an identical call");
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException(
          "Call " + state.info().id() + " was interrupted while waiting for an identical call");
    } catch (ExecutionException e) {
      throw new IllegalStateException("a cache flight never completes exceptionally", e);
    }
  }

  /** A stored answer as this call's answer: a cache hit that cost nothing. */
  private static GatewayResponse serve(
      ChatResponse cached, GatewayRequest.Chat chat, CallState state) {
    Route was = cached.route();
    Route route = new Route(was.alias(), was.target(), null, List.of(), true, state.elapsed());
    ChatResponse served = cached.withRoute(route, Cost.reported(Money.ZERO));
    state.savedCost(cached.cost().amount());
    state.events().cacheHit(state.info(), cached.cost());
    log.debug("Call {} served from the response cache", state.info().id());
    return chat.streaming()
        ? new GatewayResponse.Stream(new ReplayChatStream(served, REPLAY_CHUNK_CHARS))
        : new GatewayResponse.Chat(served);
  }

  /** One upstream call that identical requests wait for. */
  private static final class Flight {
    final CompletableFuture<Outcome> future = new CompletableFuture<>();
  }

  /** How a flight ended: an answer, a failure, or neither (abandoned: waiters start over). */
  private static final class Outcome {
    static final Outcome ABANDONED = new Outcome(null, null);

    final @Nullable ChatResponse response;
    final @Nullable RuntimeException failure;

    public Outcome(@Nullable ChatResponse response, @Nullable RuntimeException failure) {
      this.response = response;
      this.failure = failure;
    }
  }
}
