package dev.llmgateway.internal.resilience;

import dev.llmgateway.internal.util.WeightedShuffle;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The keys of one provider and how an attempt sequence takes them: weighted random order (the first
 * key picked by weight, the rest by repeated weighted picks) or round robin. Cooldowns and disabled
 * keys live in the {@link KeyStateStore}; the attempt loop moves unavailable keys behind available
 * ones. Thread-safe.
 */
public final class KeyPool {
  /**
   * The id of the placeholder key handed to providers configured without keys (local servers). The
   * SPI's {@link dev.llmgateway.spi.ProviderCall} requires a key.
   */
  public static final String NO_KEY_ID = "none";

  private final List<ProviderKey> keys;
  private final boolean roundRobin;
  private final Duration rateLimitCooldown;
  private final AtomicLong next = new AtomicLong();

  public KeyPool(List<ProviderKey> keys, boolean roundRobin, Duration rateLimitCooldown) {
    this.keys =
        keys.isEmpty() ? List.of(new ProviderKey(NO_KEY_ID, Secret.of(NO_KEY_ID), 1)) : keys;
    this.roundRobin = roundRobin;
    this.rateLimitCooldown = rateLimitCooldown;
  }

  /**
   * The keys in the order one target's attempts should take them.
   *
   * @param random the call's random source
   * @param only the key ids the target may use, empty for all
   * @param dryRun whether this is {@code explain} (round robin does not advance)
   * @return the keys, the first picked by weight or rotation
   */
  public List<ProviderKey> order(RandomGenerator random, List<String> only, boolean dryRun) {
    List<ProviderKey> pool = keys;
    if (!only.isEmpty()) {
      pool = new ArrayList<>(only.size());
      for (ProviderKey k : keys) {
        if (only.contains(k.id())) {
          pool.add(k);
        }
      }
    }
    if (!roundRobin) {
      return WeightedShuffle.order(pool, ProviderKey::weight, random);
    }
    int n = pool.size();
    long counter = dryRun ? next.get() : next.getAndIncrement();
    int start = (int) Math.floorMod(counter, (long) n);
    List<ProviderKey> ordered = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ordered.add(pool.get((start + i) % n));
    }
    return ordered;
  }

  public List<ProviderKey> keys() {
    return keys;
  }

  public Duration rateLimitCooldown() {
    return rateLimitCooldown;
  }

  public boolean has(String keyId) {
    for (ProviderKey k : keys) {
      if (k.id().equals(keyId)) {
        return true;
      }
    }
    return false;
  }
}
