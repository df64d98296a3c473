package dev.llmgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.model.Money;
import dev.llmgateway.ratelimit.QuotaScope;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the configuration's scalar notations: durations ({@code 30s}, {@code 1h30m}, ISO-8601),
 * dollar amounts, enum names in lower camel case, and budget and quota scopes. Every reader throws
 * {@link IllegalArgumentException} with a message that fits after {@code "path: "}.
 */
final class Values {
  /** One part of a duration such as {@code 1h30m}. */
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  /** The JSON Schema pattern of a duration. */
  static final String DURATION_PATTERN = "^(0|([0-9]+(ms|s|m|h|d))+|-?[Pp].+)$";

  /** The JSON Schema pattern of a dollar amount written as text. */
  static final String MONEY_PATTERN = "^[0-9]+(\\.[0-9]{1,9})?$";

  /** The JSON Schema pattern of a budget scope. */
  static final String BUDGET_SCOPE_PATTERN =
      "^(global|(tenant|team|feature|user|provider)=.+|model=[^/]+/.+|tag:[^=]+=.+)$";

  /** The JSON Schema pattern of a quota scope. */
  static final String QUOTA_SCOPE_PATTERN =
      "^(global|eachTenant|eachUser|(tenant|team|feature|user)=.+|tag:[^=]+=.+)$";

  private Values() {}

  /**
   * Reads a duration: {@code 0}, parts such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h},
   * {@code 1d} (also combined: {@code 1h30m}), or ISO-8601 such as {@code PT30S}.
   */
  static Duration duration(String text) {
    String t = text.strip();
    String expected =
        "must be a duration such as 30s, 500ms, 5m, 1h30m or PT30S, was '" + text + "'";
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P") || t.startsWith("-p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(expected, e);
      }
    }
    Matcher m = DURATION_PART.matcher(t);
    Duration total = Duration.ZERO;
    int at = 0;
    try {
      while (at < t.length()) {
        if (!m.find(at) || m.start() != at) {
          throw new IllegalArgumentException(expected);
        }
        long n = Long.parseLong(m.group(1));
        total = total.plus(part(n, m.group(2)));
        at = m.end();
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("is too long a duration, was '" + text + "'", e);
    }
    if (at == 0) {
      throw new IllegalArgumentException(expected);
    }
    return total;
  }

  private static Duration part(long n, String unit) {
    switch (unit) {
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      default:
        return Duration.ofDays(n);
    }
  }

  /** Writes a duration the way the configuration does: {@code 60s}, {@code 200ms}, {@code 10m}. */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.getNano() % 1_000_000 != 0 || d.isNegative()) {
      return d.toString();
    }
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return d.toString();
  }

  /** Reads a dollar amount given as a number or as decimal text. */
  static Money money(JsonNode node) {
    String text;
    if (node.isNumber()) {
      text = node.isIntegralNumber() ? node.bigIntegerValue().toString() : node.asText();
    } else if (node.isTextual()) {
      text = node.textValue().strip();
    } else {
      throw new IllegalArgumentException(
          "must be a dollar amount such as \"0.15\", was " + Describe.of(node));
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "must be a dollar amount such as \"0.15\", was " + Describe.of(node), e);
    }
    try {
      return Money.usd(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "must have at most 9 decimal places and fit in nano-dollars, was " + Describe.of(node),
          e);
    }
  }

  /**
   * The configuration's name of an enum constant: lower camel case, {@code ROUND_ROBIN} -> {@code
   * roundRobin}.
   */
  static String name(Enum<?> constant) {
    String[] words = constant.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder sb = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return sb.toString();
  }

  /** The configuration's names of every constant of an enum, in declaration order. */
  static <E extends Enum<E>> List<String> names(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(name(e));
    }
    return names;
  }

  /** The constant whose configuration name is the text, or {@code null}. */
  static <E extends Enum<E>> @Nullable E constant(Class<E> type, String text) {
    for (E e : type.getEnumConstants()) {
      if (name(e).equals(text)) {
        return e;
      }
    }
    return null;
  }

  /**
   * Reads a budget scope: {@code global}, {@code tenant=NAME}, {@code team=NAME}, {@code
   * feature=NAME}, {@code user=NAME}, {@code tag:KEY=VALUE}, {@code provider=NAME} or {@code
   * model=PROVIDER/MODEL}.
   */
  static BudgetScope budgetScope(String text) {
    String expected =
        "must be global, tenant=NAME, team=NAME, feature=NAME, user=NAME, tag:KEY=VALUE,"
            + " provider=NAME or model=PROVIDER/MODEL, was '"
            + text
            + "'";
    if (text.equals("global")) {
      return BudgetScope.global();
    }
    String[] tag = tag(text);
    if (tag != null) {
      return BudgetScope.tag(tag[0], tag[1]);
    }
    int eq = text.indexOf('=');
    String value = eq < 0 ? "" : text.substring(eq + 1);
    if (eq < 0 || value.isBlank()) {
      throw new IllegalArgumentException(expected);
    }
    switch (text.substring(0, eq)) {
      case "tenant":
        return BudgetScope.tenant(value);
      case "team":
        return BudgetScope.team(value);
      case "feature":
        return BudgetScope.feature(value);
      case "user":
        return BudgetScope.user(value);
      case "provider":
        return BudgetScope.provider(value);
      case "model":
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
          throw new IllegalArgumentException(expected);
        }
        return BudgetScope.model(value.substring(0, slash), value.substring(slash + 1));
      default:
        throw new IllegalArgumentException(expected);
    }
  }

  /**
   * Reads a quota scope: {@code global}, {@code eachTenant}, {@code eachUser}, {@code tenant=NAME},
   * {@code team=NAME}, {@code feature=NAME}, {@code user=NAME} or {@code tag:KEY=VALUE}.
   */
  static QuotaScope quotaScope(String text) {
    String expected =
        "must be global, eachTenant, eachUser, tenant=NAME, team=NAME, feature=NAME, user=NAME"
            + " or tag:KEY=VALUE, was '"
            + text
            + "'";
    switch (text) {
      case "global":
        return QuotaScope.global();
      case "eachTenant":
        return QuotaScope.eachTenant();
      case "eachUser":
        return QuotaScope.eachUser();
      default:
        break;
    }
    String[] tag = tag(text);
    if (tag != null) {
      return QuotaScope.tag(tag[0], tag[1]);
    }
    int eq = text.indexOf('=');
    String value = eq < 0 ? "" : text.substring(eq + 1);
    if (eq < 0 || value.isBlank()) {
      throw new IllegalArgumentException(expected);
    }
    switch (text.substring(0, eq)) {
      case "tenant":
        return QuotaScope.tenant(value);
      case "team":
        return QuotaScope.team(value);
      case "feature":
        return QuotaScope.feature(value);
      case "user":
        return QuotaScope.user(value);
      default:
        throw new IllegalArgumentException(expected);
    }
  }

  /** The key and value of {@code tag:KEY=VALUE}, or {@code null} for another form. */
  private static String @Nullable [] tag(String text) {
    if (!text.startsWith("tag:")) {
      return null;
    }
    String rest = text.substring(4);
    int eq = rest.indexOf('=');
    if (eq <= 0 || eq == rest.length() - 1 || rest.substring(0, eq).isBlank()) {
      throw new IllegalArgumentException("must be tag:KEY=VALUE, was '" + text + "'");
    }
    return new String[] {rest.substring(0, eq), rest.substring(eq + 1)};
  }
}
