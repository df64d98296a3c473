package dev.llmgateway.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The weighted order is the one of repeated weighted picks, each removing the picked item from a
 * list: the same random source gives the same order (seeded clients route as they always did).
 */
class WeightedShuffleTest {

  /** An item and its weight. */
  private record Item(String name, int weight) {}

  /** The definition: pick by weight among the rest, remove it from the list, repeat. */
  private static List<Item> byRemoval(List<Item> items, RandomGenerator random) {
    List<Item> rest = new ArrayList<>(items);
    List<Item> out = new ArrayList<>();
    long total = 0;
    for (Item i : rest) {
      total += i.weight();
    }
    while (rest.size() > 1) {
      long r = random.nextLong(total);
      int i = 0;
      while (r >= rest.get(i).weight()) {
        r -= rest.get(i).weight();
        i++;
      }
      Item picked = rest.remove(i);
      total -= picked.weight();
      out.add(picked);
    }
    out.addAll(rest);
    return out;
  }

  @Test
  void givesTheOrderOfRepeatedPicksWithRemovalForTheSameRandomSource() {
    SplittableRandom shapes = new SplittableRandom(7);
    for (int round = 0; round < 2_000; round++) {
      int n = 1 + shapes.nextInt(12);
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        items.add(new Item("t" + i, 1 + shapes.nextInt(shapes.nextBoolean() ? 3 : 1_000)));
      }
      long seed = shapes.nextLong();
      List<Item> expected = byRemoval(items, new SplittableRandom(seed));
      List<Item> actual = WeightedShuffle.order(items, Item::weight, new SplittableRandom(seed));
      assertThat(actual).as("round %d, items %s", round, items).isEqualTo(expected);
    }
  }

  @Test
  void picksTheFirstItemInProportionToItsWeight() {
    List<Item> items = List.of(new Item("a", 6), new Item("b", 3), new Item("c", 1));
    SplittableRandom random = new SplittableRandom(42);
    int[] first = new int[3];
    int calls = 100_000;
    for (int k = 0; k < calls; k++) {
      first[items.indexOf(WeightedShuffle.order(items, Item::weight, random).get(0))]++;
    }
    assertThat(first[0] / (double) calls).isBetween(0.59, 0.61);
    assertThat(first[1] / (double) calls).isBetween(0.29, 0.31);
    assertThat(first[2] / (double) calls).isBetween(0.09, 0.11);
  }

  @Test
  void aWeightBelowOneIsRefused() {
    List<Item> items = List.of(new Item("a", 2), new Item("b", 0));
    assertThatThrownBy(() -> WeightedShuffle.order(items, Item::weight, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Weight of item 1 is 0, below 1");
  }
}
