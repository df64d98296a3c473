package dev.llmgateway.internal.util;

import dev.llmgateway.model.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A small aligned text table, as a database prints {@code EXPLAIN}: a header row, then one row per
 * entry, columns padded to their widest cell and separated by two spaces, trailing spaces trimmed.
 * Used by the {@code toString()} of {@code RoutePlan}, {@code TargetHealth} and {@code
 * BudgetStatus}; they put only ids, states, times and amounts in it, never a secret.
 *
 * <pre>{@code
 * TextTable.of("target", "weight").alignRight(1).row("openai/gpt-4o", 3).render();
 * // target         weight
 * // openai/gpt-4o       3
 * }</pre>
 *
 * <p>Not thread-safe: build, render, discard.
 */
public final class TextTable {
  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  private TextTable(String[] headers) {
    this.headers = headers.clone();
    this.right = new boolean[headers.length];
  }

  /**
   * A table with these column headers.
   *
   * @param headers the headers, one per column
   * @return the empty table
   */
  public static TextTable of(String... headers) {
    return new TextTable(headers);
  }

  /**
   * Aligns columns to the right (numbers).
   *
   * @param columns the columns' indexes, from 0
   * @return this table
   */
  public TextTable alignRight(int... columns) {
    for (int c : columns) {
      right[c] = true;
    }
    return this;
  }

  /**
   * Adds a row; a {@code null} cell prints as {@code -}.
   *
   * @param cells one per column
   * @return this table
   * @throws IllegalArgumentException if the row has another number of cells than the header
   */
  public TextTable row(@Nullable Object... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, the table " + headers.length + " columns");
    }
    String[] row = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      row[i] = cells[i] == null ? "-" : cells[i].toString();
    }
    rows.add(row);
    return this;
  }

  /**
   * The table as text: the header line, then the rows, separated by {@code \n}, without a final
   * line break.
   *
   * @return the text
   */
  public String render() {
    int[] width = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      width[i] = headers[i].length();
    }
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, width);
    for (String[] row : rows) {
      sb.append('\n');
      line(sb, row, width);
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, String[] cells, int[] width) {
    int start = sb.length();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append("  ");
      }
      String cell = cells[i];
      int pad = width[i] - cell.length();
      if (right[i]) {
        sb.append(" ".repeat(pad)).append(cell);
      } else {
        sb.append(cell).append(" ".repeat(pad));
      }
    }
    int end = sb.length();
    while (end > start && sb.charAt(end - 1) == ' ') {
      end--;
    }
    sb.setLength(end);
  }

  /**
   * A dollar amount for people: {@code $12.50}, {@code $0.000375}, {@code $0.00} (no trailing zeros
   * beyond two decimals).
   *
   * @param money the amount
   * @return the text
   */
  public static String usd(Money money) {
    BigDecimal s = money.toUsd().stripTrailingZeros();
    String plain = (s.scale() < 2 ? s.setScale(2) : s).toPlainString();
    return plain.startsWith("-") ? "-$" + plain.substring(1) : "$" + plain;
  }

  /**
   * A duration for people: {@code 0.4 ms}, {@code 120 ms}, {@code 12.5 s}.
   *
   * @param d the duration, or {@code null}
   * @return the text, or {@code null} for {@code null}
   */
  public static @Nullable String duration(@Nullable Duration d) {
    if (d == null) {
      return null;
    }
    double ms = d.toNanos() / 1_000_000.0;
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.1f ms", ms);
    }
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.0f ms", ms);
    }
    return String.format(Locale.ROOT, "%.1f s", ms / 1000);
  }
}
