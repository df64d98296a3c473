package dev.llmgateway.pricing;

import java.util.Collections;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An immutable table of one number per image size and quality (a price in nano-dollars, or a token
 * count), and the rule that picks the entry for a requested size and quality; see {@link
 * MediaPrice#perImage}.
 */
final class ImageTable {
  /** The sizes the builder accepts: {@code WIDTHxHEIGHT}, each 1 to 99999 pixels. */
  static final Pattern SIZE = Pattern.compile("[1-9][0-9]{0,4}x[1-9][0-9]{0,4}");

  static final ImageTable EMPTY = new ImageTable(new TreeMap<>(Key.ORDER));

  private final SortedMap<Key, Long> entries;

  private ImageTable(TreeMap<Key, Long> entries) {
    this.entries = Collections.unmodifiableSortedMap(entries);
  }

  /** A size and quality, normalized to lower case. */
  record Key(int width, int height, String quality) {
    static final Comparator<Key> ORDER =
        Comparator.comparingInt(Key::width)
            .thenComparingInt(Key::height)
            .thenComparing(Key::quality);

    long area() {
      return (long) width * height;
    }

    @Override
    public String toString() {
      return width + "x" + height + "/" + quality;
    }
  }

  /**
   * Parses a size and quality for the builder.
   *
   * @throws IllegalArgumentException naming {@code field} if the size is not {@code WIDTHxHEIGHT}
   *     or the quality is blank or {@code auto}
   */
  static Key key(String field, @Nullable String size, @Nullable String quality) {
    String s = size == null ? "" : size.trim().toLowerCase(Locale.ROOT);
    if (!SIZE.matcher(s).matches()) {
      throw new IllegalArgumentException(
          field + " size must be WIDTHxHEIGHT in pixels (such as 1024x1024), was '" + size + "'");
    }
    String q = quality == null ? "" : quality.trim().toLowerCase(Locale.ROOT);
    if (q.isEmpty() || q.equals("auto")) {
      throw new IllegalArgumentException(
          field
              + " quality must name a billed quality (such as standard, hd or high), was '"
              + quality
              + "'");
    }
    int x = s.indexOf('x');
    return new Key(Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1)), q);
  }

  /** A mutable collector for a table. */
  static final class Builder {
    private final TreeMap<Key, Long> entries = new TreeMap<>(Key.ORDER);

    void put(Key key, long value) {
      entries.put(key, value);
    }

    ImageTable build() {
      return entries.isEmpty() ? EMPTY : new ImageTable(new TreeMap<>(entries));
    }
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  Map<Key, Long> entries() {
    return entries;
  }

  /**
   * The value for a size and quality: the entries of the quality (or, for an unknown, {@code auto}
   * or unoffered quality, all of them), then of the size: the exact size, else the smallest tier
   * that covers both dimensions, else (unknown, {@code auto} or larger than every tier) all of
   * them; the highest value among what is left.
   */
  OptionalLong select(@Nullable String size, @Nullable String quality) {
    if (entries.isEmpty()) {
      return OptionalLong.empty();
    }
    String q = qualityOffered(quality);
    int[] wh = parse(size);
    long best = -1;
    long bestArea = Long.MAX_VALUE;
    boolean exact = false;
    for (Map.Entry<Key, Long> e : entries.entrySet()) {
      Key k = e.getKey();
      if (q != null && !k.quality().equals(q)) {
        continue;
      }
      long value = e.getValue();
      if (wh == null) {
        best = Math.max(best, value);
        continue;
      }
      boolean same = k.width() == wh[0] && k.height() == wh[1];
      boolean covers = k.width() >= wh[0] && k.height() >= wh[1];
      if (same) {
        best = exact ? Math.max(best, value) : value;
        exact = true;
      } else if (!exact && covers) {
        if (k.area() < bestArea) {
          bestArea = k.area();
          best = value;
        } else if (k.area() == bestArea) {
          best = Math.max(best, value);
        }
      }
    }
    if (best < 0) {
      // Larger than every tier: the worst case of the quality.
      return select(null, q);
    }
    return OptionalLong.of(best);
  }

  /** The quality to filter on, or null for all: unknown, auto, or not offered. */
  private @Nullable String qualityOffered(@Nullable String quality) {
    if (quality == null) {
      return null;
    }
    String q = quality.trim().toLowerCase(Locale.ROOT);
    if (offers(q)) {
      return q;
    }
    // The SPI maps HD to Bedrock's premium; the two name the same tier.
    String synonym = q.equals("hd") ? "premium" : q.equals("premium") ? "hd" : null;
    return synonym != null && offers(synonym) ? synonym : null;
  }

  private boolean offers(String quality) {
    for (Key k : entries.keySet()) {
      if (k.quality().equals(quality)) {
        return true;
      }
    }
    return false;
  }

  private static int @Nullable [] parse(@Nullable String size) {
    if (size == null) {
      return null;
    }
    String s = size.trim().toLowerCase(Locale.ROOT);
    if (!SIZE.matcher(s).matches()) {
      return null;
    }
    int x = s.indexOf('x');
    return new int[] {Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1))};
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ImageTable t && entries.equals(t.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }
}
