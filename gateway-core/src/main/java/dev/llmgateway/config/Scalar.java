package dev.llmgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A single value: text, a number, a boolean, a duration, a dollar amount, an enum name, a secret
 * reference and the like. The static factories are the value types of the format.
 */
final class Scalar extends Shape {
  /** Checks a value and returns its problem, or {@code null} when it is valid. */
  @FunctionalInterface
  interface Check {
    /**
     * The value's problem.
     *
     * @param node the value
     * @return the problem, or {@code null}
     */
    @Nullable String problem(JsonNode node);
  }

  /** A secret reference: {@code ${scheme:name}}. */
  static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{([a-z][a-z0-9+.-]*):(.+)\\}");

  private static final Pattern INTEGER_TEXT = Pattern.compile("-?[0-9]+");
  private static final Pattern NUMBER_TEXT = Pattern.compile("-?[0-9]+\\.[0-9]+");
  private static final Set<String> PROSE_DEFAULTS = Set.of("none", "required");

  private final String type;
  private final Check check;
  private final Consumer<ObjectNode> schema;

  private Scalar(String type, Consumer<ObjectNode> schema, Check check) {
    this.type = type;
    this.schema = schema;
    this.check = check;
  }

  @Override
  void check(JsonNode node, String path, Problems problems) {
    String p = check.problem(node);
    if (p != null) {
      problems.add(path, p);
    }
  }

  @Override
  ObjectNode jsonSchema() {
    ObjectNode s = JSON.objectNode();
    schema.accept(s);
    return s;
  }

  @Override
  String type() {
    return type;
  }

  /** The JSON value of a key's documented default, when it is a value rather than prose. */
  static @Nullable JsonNode defaultValue(Field f) {
    String text = f.defaultText();
    if (!(f.shape() instanceof Scalar s)
        || f.required()
        || PROSE_DEFAULTS.contains(text)
        || text.contains(" ")) {
      return null;
    }
    JsonNode candidate;
    if (text.equals("true") || text.equals("false")) {
      candidate = JSON.booleanNode(Boolean.parseBoolean(text));
    } else if (INTEGER_TEXT.matcher(text).matches()) {
      candidate = JSON.numberNode(Long.parseLong(text));
    } else if (NUMBER_TEXT.matcher(text).matches()) {
      candidate = JSON.numberNode(Double.parseDouble(text));
    } else {
      candidate = JSON.textNode(text);
    }
    if (s.check.problem(candidate) != null && candidate.isNumber()) {
      candidate = JSON.textNode(text);
    }
    return s.check.problem(candidate) == null ? candidate : null;
  }

  // ---- text ----

  /** Non-blank text. */
  static Scalar text() {
    return new Scalar("text", s -> s.put("type", "string").put("minLength", 1), Scalar::nonBlank);
  }

  /** A name of a provider, alias or key: not blank, without {@code /}. */
  static Scalar name() {
    return new Scalar(
        "name",
        s -> s.put("type", "string").put("pattern", "^[^/]*[^/\\s][^/]*$"),
        node -> {
          String p = nonBlank(node);
          if (p == null && node.textValue().indexOf('/') >= 0) {
            return "must not contain '/' (that is how provider/model is written), was "
                + Describe.of(node);
          }
          return p;
        });
  }

  /** Free text that is sent or logged (a header or option value): never a credential. */
  static Scalar freeText() {
    return new Scalar(
        "text",
        s -> s.put("type", "string"),
        node -> {
          if (!node.isTextual()) {
            return "must be text (quote it), was " + Describe.of(node);
          }
          return LiteralKeys.looksLikeKey(node.textValue()) ? literalKey() : null;
        });
  }

  /** An {@code http://} or {@code https://} URL. */
  static Scalar url() {
    return new Scalar(
        "URL",
        s -> s.put("type", "string").put("pattern", "^https?://"),
        node -> {
          String p = nonBlank(node);
          if (p != null) {
            return p;
          }
          String t = node.textValue();
          if (!t.startsWith("http://") && !t.startsWith("https://")) {
            return "must start with http:// or https://, was " + Describe.of(node);
          }
          return null;
        });
  }

  /** A file path. */
  static Scalar path() {
    return new Scalar(
        "file path", s -> s.put("type", "string").put("minLength", 1), Scalar::nonBlank);
  }

  /** An alias name or {@code provider/model}. */
  static Scalar aliasOrTarget() {
    return new Scalar(
        "alias or provider/model",
        s -> s.put("type", "string").put("minLength", 1),
        Scalar::nonBlank);
  }

  /** A model glob: an exact name, {@code prefix*}, {@code *suffix} or {@code *}. */
  static Scalar glob() {
    return new Scalar(
        "glob",
        s -> s.put("type", "string").put("pattern", "^(\\*|\\*?[^*]+|[^*]+\\*)$"),
        node -> {
          String p = nonBlank(node);
          if (p != null) {
            return p;
          }
          String g = node.textValue();
          int star = g.indexOf('*');
          if (star >= 0
              && !g.equals("*")
              && (g.indexOf('*', star + 1) >= 0 || (star != 0 && star != g.length() - 1))) {
            return "may have one '*' at its start or end only, was " + Describe.of(node);
          }
          return null;
        });
  }

  /** A secret reference such as {@code ${env:OPENAI_API_KEY}}; never a literal. */
  static Scalar secret() {
    return new Scalar(
        "secret reference",
        s -> s.put("type", "string").put("pattern", "^\\$\\{[a-z][a-z0-9+.-]*:.+\\}$"),
        node -> {
          if (node.isTextual() && SECRET_REFERENCE.matcher(node.textValue().strip()).matches()) {
            return null;
          }
          String kind =
              node.isTextual() && LiteralKeys.looksLikeKey(node.textValue())
                  ? "a literal key (not shown) is not accepted"
                  : "a literal value (not shown) is not accepted";
          return "must be a secret reference such as ${env:OPENAI_API_KEY} or"
              + " ${file:/run/secrets/openai}; "
              + kind;
        });
  }

  /** A time-zone id such as {@code UTC} or {@code Europe/Paris}. */
  static Scalar zone() {
    return new Scalar(
        "zone id",
        s -> s.put("type", "string").put("minLength", 1),
        node -> {
          String p = nonBlank(node);
          if (p != null) {
            return p;
          }
          try {
            ZoneId.of(node.textValue());
            return null;
          } catch (DateTimeException e) {
            return "must be a time-zone id such as UTC or Europe/Paris, was " + Describe.of(node);
          }
        });
  }

  /** Text read by {@code reader}, whose {@link IllegalArgumentException} is the problem. */
  static Scalar parsed(String type, String pattern, Function<String, ?> reader) {
    return new Scalar(
        type,
        s -> s.put("type", "string").put("pattern", pattern),
        node -> {
          String p = nonBlank(node);
          if (p != null) {
            return p;
          }
          try {
            reader.apply(node.textValue());
            return null;
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
        });
  }

  /** One of the names of an enum's constants, in lower camel case. */
  static <E extends Enum<E>> Scalar oneOf(Class<E> type) {
    List<String> names = Values.names(type);
    return new Scalar(
        "one of " + String.join(", ", names),
        s -> {
          s.put("type", "string");
          names.forEach(s.putArray("enum")::add);
        },
        node -> {
          if (node.isTextual() && names.contains(node.textValue())) {
            return null;
          }
          String near = node.isTextual() ? Suggest.didYouMean(node.textValue(), names) : "";
          return "must be one of " + String.join(", ", names) + ", was " + Describe.of(node) + near;
        });
  }

  /** Any JSON value, for provider parameters; no text in it may look like a key. */
  static Scalar any() {
    return new Scalar("any value", s -> {}, node -> containsKey(node) ? literalKey() : null);
  }

  private static boolean containsKey(JsonNode node) {
    if (node.isTextual()) {
      return LiteralKeys.looksLikeKey(node.textValue());
    }
    Iterator<JsonNode> it = node.elements();
    while (it.hasNext()) {
      if (containsKey(it.next())) {
        return true;
      }
    }
    return false;
  }

  // ---- numbers ----

  /** A whole number in {@code [min, max]}. */
  static Scalar integer(long min, long max) {
    return new Scalar(
        "integer",
        s -> {
          s.put("type", "integer");
          if (min != Long.MIN_VALUE) {
            s.put("minimum", min);
          }
          if (max != Long.MAX_VALUE) {
            s.put("maximum", max);
          }
        },
        node -> {
          if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            return "must be a whole number, was " + Describe.of(node);
          }
          long v = node.longValue();
          if (v < min) {
            return (min == 0 ? "must not be negative" : "must be at least " + min) + ", was " + v;
          }
          return v > max ? "must be at most " + max + ", was " + v : null;
        });
  }

  /** A number between {@code min} and {@code max}, each bound included or not. */
  static Scalar number(double min, boolean minIncluded, double max, boolean maxIncluded) {
    return new Scalar(
        "number",
        s -> {
          s.put("type", "number");
          bound(s, minIncluded ? "minimum" : "exclusiveMinimum", min);
          if (max != Double.MAX_VALUE) {
            bound(s, maxIncluded ? "maximum" : "exclusiveMaximum", max);
          }
        },
        node -> {
          if (!node.isNumber()) {
            return "must be a number, was " + Describe.of(node);
          }
          double v = node.doubleValue();
          boolean low = minIncluded ? v < min : v <= min;
          boolean high = maxIncluded ? v > max : v >= max;
          if (low || high) {
            return "must be "
                + (max == Double.MAX_VALUE
                    ? (minIncluded ? "at least " : "above ") + plain(min)
                    : "in "
                        + (minIncluded ? "[" : "(")
                        + plain(min)
                        + ", "
                        + plain(max)
                        + (maxIncluded ? "]" : ")"))
                + ", was "
                + node.asText();
          }
          return null;
        });
  }

  /** {@code true} or {@code false}. */
  static Scalar bool() {
    return new Scalar(
        "boolean",
        s -> s.put("type", "boolean"),
        node -> node.isBoolean() ? null : "must be true or false, was " + Describe.of(node));
  }

  /** A duration ({@code 30s}, {@code 500ms}, {@code PT1M}); positive, or also zero. */
  static Scalar duration(boolean zeroAllowed) {
    return new Scalar(
        "duration",
        s -> s.put("type", "string").put("pattern", Values.DURATION_PATTERN),
        node -> {
          if (!node.isTextual()) {
            return node.isNumber()
                ? "must be a duration with a unit, such as "
                    + node.asText()
                    + "s or "
                    + node.asText()
                    + "ms, was "
                    + node.asText()
                : "must be a duration such as 30s, was " + Describe.of(node);
          }
          Duration d;
          try {
            d = Values.duration(node.textValue());
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
          if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
            return (zeroAllowed ? "must not be negative" : "must be positive")
                + ", was "
                + node.textValue();
          }
          return null;
        });
  }

  /** A dollar amount, as decimal text ({@code "0.15"}) or a number; positive, or also zero. */
  static Scalar money(boolean zeroAllowed) {
    return new Scalar(
        "dollar amount",
        s -> {
          s.putArray("type").add("string").add("number");
          s.put("pattern", Values.MONEY_PATTERN);
          s.put("minimum", 0);
        },
        node -> {
          try {
            long nanos = Values.money(node).nanos();
            if (nanos < 0 || (nanos == 0 && !zeroAllowed)) {
              return (zeroAllowed ? "must not be negative" : "must be positive")
                  + ", was "
                  + node.asText();
            }
            return null;
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
        });
  }

  private static void bound(ObjectNode schema, String key, double v) {
    if (v == Math.rint(v)) {
      schema.put(key, (long) v);
    } else {
      schema.put(key, v);
    }
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static @Nullable String nonBlank(JsonNode node) {
    if (!node.isTextual()) {
      return "must be text (quote it), was " + Describe.of(node);
    }
    if (node.textValue().isBlank()) {
      return "must not be blank";
    }
    return LiteralKeys.hasKnownKeyFormat(node.textValue()) ? literalKey() : null;
  }

  private static String literalKey() {
    return "looks like a literal key (not shown); write keys only as secret references"
        + " (${env:NAME}, ${file:/path}) in apiKey or keys[].secret";
  }
}
