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
   */
  public static <T> List<T> order(
      List<T> items, ToIntFunction<? super T> weight, RandomGenerator random) {
    int n = items.size();
    if (n <= 1) {
      return List.copyOf(items);
    }
    // Picks into the front of one array; the items not yet picked keep their order (as a list
    // remove would), so a seed gives the same order as it always did.
    @SuppressWarnings("unchecked")
    T[] a = (T[]) items.toArray();
    int[] w = new int[n];
    long total = 0;
    for (int i = 0; i < n; i++) {
      w[i] = weight.applyAsInt(a[i]);
      total += w[i];
    }
    for (int k = 0; k < n - 1; k++) {
      long r = random.nextLong(total);
      int i = k;
      while (r >= w[i]) {
        r -= w[i];
        i++;
      }
      T picked = a[i];
      int pw = w[i];
      System.arraycopy(a, k, a, k + 1, i - k);
      System.arraycopy(w, k, w, k + 1, i - k);
      a[k] = picked;
      w[k] = pw;
      total -= pw;
    }
    return Arrays.asList(a);
  }
}
