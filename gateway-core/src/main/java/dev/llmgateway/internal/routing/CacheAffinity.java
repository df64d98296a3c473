package dev.llmgateway.internal.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.llmgateway.AliasSpec;
import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.internal.util.Nanos;
import dev.llmgateway.internal.util.Ticker;
import dev.llmgateway.model.CacheControl;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.TargetRef;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Which target and key each conversation of an alias with {@link AliasSpec#cacheAffinity()} was
 * last served by, so that its next call goes there while the provider's prompt cache is warm. Keyed
 * by alias, tenant and conversation ({@link Key}); an entry expires its lifetime after its last use
 * (a call routed by it, or landing there), timed by the client's ticker. Bounded to {@value
 * #MAX_CONVERSATIONS} conversations (the least recently used go first). Shared by the clients of
 * one state and kept across configuration reloads. Thread-safe.
 */
public final class CacheAffinity {
  /** The most conversations remembered. */
  public static final int MAX_CONVERSATIONS = 100_000;

  /**
   * One conversation of one alias and tenant: its prompt cache key, or the hash of its cacheable
   * prefix when it has none.
   *
   * @param alias the alias
   * @param tenant the request context's tenant, empty when none
   * @param promptCacheKey the request's prompt cache key, or {@code null}
   * @param hi the prefix hash's first half (0 with a prompt cache key)
   * @param lo the prefix hash's second half (0 with a prompt cache key)
   */
  public record Key(
      String alias, String tenant, @Nullable String promptCacheKey, long hi, long lo) {

    @Override
    public String toString() {
      return "'"
          + alias
          + "' tenant '"
          + tenant
          + "' "
          + (promptCacheKey != null
              ? "promptCacheKey '" + promptCacheKey + "'"
              : "prefix " + Long.toHexString(hi));
    }
  }

  /**
   * Where a conversation was last served.
   *
   * @param target the target
   * @param keyId the key's id
   * @param ttlNanos how long the binding outlives its last use
   */
  public record Binding(TargetRef target, String keyId, long ttlNanos) {
    @Override
    public String toString() {
      return target + "#" + keyId;
    }
  }

  /** A conversation and how long its binding lives. */
  record Conversation(Key key, long ttlNanos) {}

  private final Cache<Key, Binding> bindings;

  /**
   * Creates the memory.
   *
   * @param ticker times the bindings' lifetimes
   */
  public CacheAffinity(Ticker ticker) {
    this.bindings =
        Caffeine.newBuilder()
            .maximumSize(MAX_CONVERSATIONS)
            .expireAfter(new SinceLastUse())
            .ticker(ticker::read)
            .executor(Runnable::run)
            .build();
  }

  /**
   * The conversation a request of an alias belongs to, or {@code null} when the alias has no
   * affinity or the request neither names a prompt cache key nor marks a cacheable prefix.
   *
   * @param alias the alias the request resolved to
   * @param request the request
   * @return the conversation, or {@code null}
   */
  static @Nullable Conversation conversation(AliasDefinition alias, ChatRequest request) {
    Duration configured = alias.cacheAffinity();
    if (configured == null) {
      return null;
    }
    String tenant = request.context().tenant();
    String t = tenant == null ? "" : tenant;
    Key key;
    if (request.promptCacheKey() != null) {
      key = new Key(alias.name(), t, request.promptCacheKey(), 0, 0);
    } else {
      long[] hash = PrefixHash.of(request);
      if (hash == null) {
        return null;
      }
      key = new Key(alias.name(), t, null, hash[0], hash[1]);
    }
    Duration ttl = configured.isZero() ? markedLifetime(request) : configured;
    return new Conversation(key, Nanos.of(ttl));
  }

  /** One hour when any marker asks for it, else the default. */
  private static Duration markedLifetime(ChatRequest request) {
    if (isLong(request.cacheTools())) {
      return AliasSpec.LONG_CACHE_AFFINITY_TTL;
    }
    for (Message m : request.messages()) {
      if (isLong(m.cacheControl())) {
        return AliasSpec.LONG_CACHE_AFFINITY_TTL;
      }
    }
    return AliasSpec.DEFAULT_CACHE_AFFINITY_TTL;
  }

  private static boolean isLong(@Nullable CacheControl c) {
    return c != null && c.ttl() == CacheControl.Ttl.ONE_HOUR;
  }

  /**
   * Where the conversation was last served, if its binding is alive.
   *
   * @param key the conversation
   * @param quietly {@code true} for a dry run: the binding's lifetime is not renewed
   * @return the binding, or {@code null}
   */
  @Nullable Binding find(Key key, boolean quietly) {
    return quietly ? bindings.policy().getIfPresentQuietly(key) : bindings.getIfPresent(key);
  }

  /**
   * Remembers where the conversation was served, for its lifetime from now.
   *
   * @param conversation the conversation
   * @param target the target that answered
   * @param keyId the key that answered
   */
  void bind(Conversation conversation, TargetRef target, String keyId) {
    bindings.put(conversation.key(), new Binding(target, keyId, conversation.ttlNanos()));
  }

  /** The number of conversations remembered (approximate; expired ones may still count). */
  public long size() {
    return bindings.estimatedSize();
  }

  /**
   * Each binding lives its own lifetime from its last read or write (capped at about 146 years,
   * Caffeine's longest).
   */
  private static final class SinceLastUse implements Expiry<Key, Binding> {
    private static final long LONGEST = Long.MAX_VALUE >> 1;

    @Override
    public long expireAfterCreate(Key key, Binding value, long currentTime) {
      return Math.min(value.ttlNanos(), LONGEST);
    }

    @Override
    public long expireAfterUpdate(Key key, Binding value, long currentTime, long currentDuration) {
      return Math.min(value.ttlNanos(), LONGEST);
    }

    @Override
    public long expireAfterRead(Key key, Binding value, long currentTime, long currentDuration) {
      return Math.min(value.ttlNanos(), LONGEST);
    }
  }
}
