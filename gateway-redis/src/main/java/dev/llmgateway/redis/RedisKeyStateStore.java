package dev.llmgateway.redis;

import dev.llmgateway.config.StoreSettings.FailurePolicy;
import dev.llmgateway.routing.KeyStateStore;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key cooldowns and disabled keys shared over Redis, read from a local mirror: the attempt loop
 * reads key state on every attempt, so reads cost no round trip. Every change runs as a Lua script
 * on two hashes ({@code cool}: key to cooldown end; {@code disabled}: key to {@code
 * since|probing|reason}), which publishes it on a channel; every instance applies what it hears to
 * its mirror, and reloads both hashes whenever its subscription (re)connects, so changes published
 * while it was cut off are not lost. A change this instance makes is applied to its own mirror at
 * once. Trial calls of disabled keys are claimed atomically on Redis, so one instance of all gets
 * the trial.
 *
 * <p>When Redis fails, a change goes to the mirror only (other instances do not hear of it), under
 * either policy: a change follows a provider's answer, which a refusal would not undo. Under {@code
 * FAIL_CLOSED} no trial call of a disabled key is claimed until Redis answers (instances could not
 * agree on who makes it); under {@code FAIL_LOCAL} the mirror decides. The hashes hold one field
 * per provider and key (and per target for keys refused one model), bounded by the configuration.
 * Thread-safe.
 */
final class RedisKeyStateStore implements KeyStateStore, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisKeyStateStore.class);

  private final Redis redis;
  private final Guard guard;
  private final String coolKey;
  private final String disabledKey;
  private final String channel;
  private final Map<String, Long> cooling = new ConcurrentHashMap<>();
  private final Map<String, Disabled> disabled = new ConcurrentHashMap<>();
  private final StatefulRedisPubSubConnection<String, String> subscription;

  RedisKeyStateStore(Redis redis, Guard guard, String prefix, Duration timeout) {
    this.redis = redis;
    this.guard = guard;
    this.coolKey = prefix + "{keys}:cool";
    this.disabledKey = prefix + "{keys}:disabled";
    this.channel = prefix + "keys";
    this.subscription = redis.pubSub(() -> resync());
    subscription.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String ch, String message) {
            if (channel.equals(ch)) {
              apply(message);
            }
          }
        });
    try {
      subscription.async().subscribe(channel).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      resync().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "Key state of {} not loaded yet ({}); it loads when the subscription connects",
          redis.server(),
          e.toString());
    }
  }

  /** Applies a published change: {@code c|until|field}, {@code d|since|probing|reason|field}... */
  private void apply(String message) {
    char op = message.charAt(0);
    int last = message.lastIndexOf('|');
    String field = message.substring(last + 1);
    String value = message.substring(2, last);
    if (op == 'c') {
      cooling.merge(field, Long.parseLong(value), Math::max);
    } else if (op == 'd') {
      disabled.put(field, parse(value));
    } else if (op == 'e') {
      disabled.remove(field);
    }
  }

  private static Disabled parse(String v) {
    int a = v.indexOf('|');
    int b = v.indexOf('|', a + 1);
    return new Disabled(
        v.substring(b + 1), Long.parseLong(v.substring(0, a)), v.charAt(a + 1) == '1');
  }

  /** Reloads both hashes into the mirror (on every (re)connection of the subscription). */
  private CompletableFuture<Void> resync() {
    CompletableFuture<Void> cool =
        redis
            .commands()
            .hgetall(coolKey)
            .thenAccept(
                m ->
                    m.forEach(
                        (f, v) ->
                            cooling.merge(
                                f,
                                Long.parseLong(new String(v, StandardCharsets.US_ASCII)),
                                Math::max)))
            .toCompletableFuture();
    CompletableFuture<Void> off =
        redis
            .commands()
            .hgetall(disabledKey)
            .thenAccept(
                m -> {
                  disabled.keySet().retainAll(m.keySet());
                  m.forEach(
                      (f, v) -> disabled.put(f, parse(new String(v, StandardCharsets.UTF_8))));
                })
            .toCompletableFuture();
    return CompletableFuture.allOf(cool, off);
  }

  private static String field(String scope, String keyId) {
    return scope + '#' + keyId;
  }

  @Override
  public long coolingUntil(String scope, String keyId) {
    // Most calls find no cooldown at all: no field string is built for them.
    Long until = cooling.isEmpty() ? null : cooling.get(field(scope, keyId));
    return until == null ? Long.MIN_VALUE : until;
  }

  @Override
  public void coolDown(String scope, String keyId, long untilNanos) {
    String f = field(scope, keyId);
    cooling.merge(f, untilNanos, Math::max);
    if (untilNanos < 0) {
      return;
    }
    write(
        () ->
            redis.<byte[]>eval(
                Script.KEYS_COOL,
                ScriptOutputType.VALUE,
                new String[] {coolKey},
                Redis.arg(f),
                Redis.arg(untilNanos),
                Redis.arg(channel)),
        () -> null);
  }

  /**
   * Runs a change on Redis; when Redis fails, the change stays in this instance's mirror (it has
   * been applied there already or is applied by {@code local}), whatever the policy: a change
   * follows a provider's answer, and refusing it would not undo that answer.
   */
  private <T> T write(
      java.util.function.Supplier<CompletableFuture<T>> redisOp,
      java.util.function.Supplier<T> local) {
    return guard.always(
        redisOp,
        () -> {
          guard.countFallback();
          return local.get();
        });
  }

  @Override
  public @Nullable Disabled disabled(String scope, String keyId) {
    return disabled.isEmpty() ? null : disabled.get(field(scope, keyId));
  }

  @Override
  public boolean disable(String scope, String keyId, String reason, long sinceNanos) {
    String f = field(scope, keyId);
    Long r =
        write(
            () -> disabledScript("disable", f, sinceNanos, reason),
            () -> {
              boolean[] was = new boolean[1];
              disabled.compute(
                  f,
                  (k, d) -> {
                    was[0] = d == null;
                    return new Disabled(d == null ? reason : d.reason(), sinceNanos, false);
                  });
              return was[0] ? 1L : 0L;
            });
    Disabled d = disabled.get(f);
    disabled.put(f, new Disabled(d == null ? reason : d.reason(), sinceNanos, false));
    return r == 1L;
  }

  @Override
  public boolean tryStartProbe(String scope, String keyId, long disabledUpToNanos) {
    String f = field(scope, keyId);
    if (guard.policy() == FailurePolicy.FAIL_CLOSED) {
      // No trial while instances cannot agree on who makes it.
      Long claimed =
          guard.always(() -> disabledScript("probe", f, disabledUpToNanos, ""), () -> 0L);
      if (claimed == 1L) {
        disabled.computeIfPresent(f, (k, d) -> new Disabled(d.reason(), d.sinceNanos(), true));
      }
      return claimed == 1L;
    }
    Long r =
        write(
            () -> disabledScript("probe", f, disabledUpToNanos, ""),
            () -> {
              boolean[] claimed = new boolean[1];
              disabled.computeIfPresent(
                  f,
                  (k, d) -> {
                    if (d.probing() || d.sinceNanos() > disabledUpToNanos) {
                      return d;
                    }
                    claimed[0] = true;
                    return new Disabled(d.reason(), d.sinceNanos(), true);
                  });
              return claimed[0] ? 1L : 0L;
            });
    if (r == 1L) {
      disabled.computeIfPresent(f, (k, d) -> new Disabled(d.reason(), d.sinceNanos(), true));
    }
    return r == 1L;
  }

  @Override
  public void endProbe(String scope, String keyId) {
    String f = field(scope, keyId);
    disabled.computeIfPresent(
        f, (k, d) -> d.probing() ? new Disabled(d.reason(), d.sinceNanos(), false) : d);
    write(() -> disabledScript("endProbe", f, 0, ""), () -> 0L);
  }

  @Override
  public boolean enable(String scope, String keyId) {
    String f = field(scope, keyId);
    boolean was = disabled.remove(f) != null;
    Long r = write(() -> disabledScript("enable", f, 0, ""), () -> was ? 1L : 0L);
    return was || r == 1L;
  }

  private CompletableFuture<Long> disabledScript(String op, String f, long nanos, String reason) {
    return redis.eval(
        Script.KEYS_DISABLED,
        ScriptOutputType.INTEGER,
        new String[] {disabledKey},
        Redis.arg(op),
        Redis.arg(f),
        Redis.arg(channel),
        Redis.arg(Math.max(0, nanos)),
        Redis.arg(reason));
  }

  @Override
  public void close() {
    subscription.close();
  }

  @Override
  public String toString() {
    return "RedisKeyStateStore{server="
        + redis.server()
        + ", cooling="
        + cooling.size()
        + ", disabled="
        + disabled.size()
        + "}";
  }
}
