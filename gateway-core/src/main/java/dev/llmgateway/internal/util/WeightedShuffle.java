package dev.llmgateway.internal.util;

import java.util.Arrays;
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
   * @throws IllegalArgumentException if a weight is below 1
   */
  public static <T> List<T> order(
      List<T> items, ToIntFunction<? super T> weight, RandomGenerator random) {
    int n = items.size();
    if (n <= 1) {
      return List.copyOf(items);
    }
    // A picked item's weight becomes 0, so a scan steps over it: the items not yet picked are
    // scanned in their order (as a list remove would leave them), so a seed gives the same order
    // as it always did, without moving anything.
    @SuppressWarnings("unchecked")
    T[] a = (T[]) new Object[n];
    int[] w = new int[n];
    long total = 0;
    for (int i = 0; i < n; i++) {
      int wi = weight.applyAsInt(items.get(i));
      if (wi < 1) {
        throw new IllegalArgumentException("Weight of item " + i + " is " + wi + ", below 1");
      }
      w[i] = wi;
      total += wi;
    }
    int pickedIndices = 0;
    for (int k = 0; k < n - 1; k++) {
      long r = random.nextLong(total);
      int i = 0;
      while (r >= w[i]) {
        r -= w[i];
        i++;
      }
      a[k] = items.get(i);
      total -= w[i];
      w[i] = 0;
      pickedIndices += i;
    }
    // The one left is the index the n - 1 picks did not take.
    a[n - 1] = items.get(n * (n - 1) / 2 - pickedIndices);
    return Arrays.asList(a);
  }
}
