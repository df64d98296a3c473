package dev.llmgateway.config;

import java.util.Collection;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** "Did you mean": the known word nearest to a misspelt one. */
final class Suggest {
  private Suggest() {}

  /**
   * The candidate nearest to the word, when it is near enough to be a likely misspelling: the same
   * word but for case, {@code _} or {@code -}, or within an edit distance (insertions, deletions,
   * substitutions and swaps of neighbours) of 1 for words up to 4 characters, 2 up to 8, else 3.
   */
  static @Nullable String nearest(String word, Collection<String> candidates) {
    String folded = fold(word);
    for (String c : candidates) {
      if (fold(c).equals(folded)) {
        return c;
      }
    }
    int limit = word.length() <= 4 ? 1 : word.length() <= 8 ? 2 : 3;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(word, c);
      if (d <= limit && d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** {@code "; did you mean 'x'?"}, or empty when nothing is near. */
  static String didYouMean(String word, Collection<String> candidates) {
    String n = nearest(word, candidates);
    return n == null ? "" : "; did you mean '" + n + "'?";
  }

  private static String fold(String s) {
    return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
  }

  /** The optimal string alignment distance (Damerau-Levenshtein without repeated edits). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
