package dev.llmgateway.internal.util;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Weighted random order by repeated weighted picks without replacement: the first element is {@code
 * i} with probability {@code weight(i) / sum(weights)}, the next is picked the same way among the
 * rest, and so on. Shared by target routing and key pools. O(n²), for the handful of targets or
 * keys an alias or provider has.
 */
public final class WeightedShuffle {
  private WeightedShuffle() {}

  /**
   * Orders the items.
   *
   * @param items the items; weights must be at least 1
   * @param weight each item's weight
   * @param random the random source
   * @param <T> the item type
   * @return a new list with the same items in weighted random order
   */
  public static <T> List<T> order(
      List<T> items, ToIntFunction<? super T> weight, RandomGenerator random) {
    int n = items.size();
    if (n <= 1) {
      return List.copyOf(items);
    }
    List<T> left = new ArrayList<>(items);
    long total = 0;
    for (T item : left) {
      total += weight.applyAsInt(item);
    }
    List<T> ordered = new ArrayList<>(n);
    while (left.size() > 1) {
      long r = random.nextLong(total);
      int i = 0;
      long w = weight.applyAsInt(left.get(0));
      while (r >= w) {
        r -= w;
        i++;
        w = weight.applyAsInt(left.get(i));
      }
      ordered.add(left.remove(i));
      total -= w;
    }
    ordered.add(left.get(0));
    return ordered;
  }
}
