package dev.llmgateway.provider.openai;

import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The pieces the seeded property tests build random JSON bodies from: values drawn from each test's
 * own tables, optional and repeated members, objects with their members in random order. Every draw
 * comes from the test's one {@link Random}, in the order the test asks, so a seed always builds the
 * same bodies.
 */
final class RandomJson {
  private final Random random;
  private final String[] texts;
  private final String[] counts;
  private final String[] unknown;
  private final double plainCounts;

  /**
   * @param random the test's random source
   * @param texts JSON values for text members
   * @param counts odd JSON values for counts
   * @param unknown JSON values for members no reader knows
   * @param plainCounts the share of counts that are plain small numbers
   */
  RandomJson(Random random, String[] texts, String[] counts, String[] unknown, double plainCounts) {
    this.random = random;
    this.texts = texts.clone();
    this.counts = counts.clone();
    this.unknown = unknown.clone();
    this.plainCounts = plainCounts;
  }

  /** An {@code error} member's value: mostly null, sometimes an error object or an odd value. */
  String error() {
    return pick(
        "null",
        "null",
        "{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}",
        "\"model is loading\"",
        "500");
  }

  String text() {
    return texts[random.nextInt(texts.length)];
  }

  /** Mostly plain counts, so that most usage objects are read without a detour. */
  String count() {
    return random.nextDouble() < plainCounts
        ? Integer.toString(random.nextInt(5000))
        : counts[random.nextInt(counts.length)];
  }

  String unknown() {
    return unknown[random.nextInt(unknown.length)];
  }

  String pick(String... values) {
    return values[random.nextInt(values.length)];
  }

  /** Adds the member with the given chance. */
  void maybe(List<String> members, double chance, String name, Value value) {
    if (random.nextDouble() < chance) {
      members.add("\"" + name + "\":" + value.json());
    }
  }

  /** Now and then repeats a member with another value; the tree keeps the last one. */
  void duplicateSometimes(List<String> members) {
    if (!members.isEmpty() && random.nextDouble() < 0.03) {
      String member = members.get(random.nextInt(members.size()));
      String name = member.substring(0, member.indexOf(':') + 1);
      members.add(name + pick("null", "\"other\"", "{}", "[]", "3"));
    }
  }

  /** The members, shuffled, as a JSON object. */
  String object(List<String> members) {
    Collections.shuffle(members, random);
    return "{" + String.join(",", members) + "}";
  }

  /** Makes one JSON value. */
  interface Value {
    String json();
  }
}
