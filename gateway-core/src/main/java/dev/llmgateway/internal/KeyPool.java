package dev.llmgateway.internal;

import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.Secret;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The keys of one provider and how an attempt sequence takes them: a weighted random pick for the
 * first attempt, then the other keys in weighted random order for the attempts that move to the
 * next key. Key cooldowns plug in here later (filtering keys before the shuffle). Immutable and
 * thread-safe.
 */
public final class KeyPool {
  /**
   * The id of the placeholder key handed to providers configured without keys (local servers). The
   * SPI's {@link dev.llmgateway.spi.ProviderCall} requires a key.
   */
  public static final String NO_KEY_ID = "none";

  private final List<ProviderKey> keys;

  KeyPool(List<ProviderKey> keys) {
    this.keys =
        keys.isEmpty() ? List.of(new ProviderKey(NO_KEY_ID, Secret.of(NO_KEY_ID), 1)) : keys;
  }

  /**
   * The keys in the order one target's attempts should take them.
   *
   * @param random the random source
   * @return every key, the first picked by weight
   */
  List<ProviderKey> order(RandomGenerator random) {
    return WeightedShuffle.order(keys, ProviderKey::weight, random);
  }

  List<ProviderKey> keys() {
    return keys;
  }
}
