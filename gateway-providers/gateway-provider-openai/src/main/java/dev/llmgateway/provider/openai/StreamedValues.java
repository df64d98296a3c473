package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.llmgateway.model.Usage;
import java.io.IOException;
import java.util.EnumSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads values from a streaming {@link JsonParser} exactly as {@code Json.text}, {@code Json.count}
 * and {@link ChatResponseReader#usage} read them from a parsed tree, for {@link ChatAnswerParser}
 * and {@link ChatChunkParser}. Each method takes the token the parser stands on and leaves the
 * parser on that value's last token.
 */
final class StreamedValues {
  private StreamedValues() {}

  /**
   * A value as {@code Json.text} reads it from a tree node: a scalar's text, {@code null} for JSON
   * null, an object or an array (which it skips).
   *
   * @throws IOException if the JSON is invalid
   * @throws TreeNeeded for a decimal number, whose text is the tree's own formatting of a double
   */
  static @Nullable String text(JsonParser p, JsonToken value) throws IOException, TreeNeeded {
    return switch (value) {
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> null;
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> Integer.toString(p.getIntValue());
            case LONG -> Long.toString(p.getLongValue());
            default -> p.getBigIntegerValue().toString();
          };
      case START_OBJECT, START_ARRAY -> {
        p.skipChildren();
        yield null;
      }
      default -> throw TreeNeeded.INSTANCE;
    };
  }

  /**
   * A number as {@code Json.count} reads it (the tree node's {@code asLong()}, at least 0), or -1
   * for anything else (skipped), which {@code Json.hasNumber} does not count as reported.
   *
   * @throws IOException if the JSON is invalid
   */
  static long count(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      return Math.max(0, (long) p.getDoubleValue()); // a DoubleNode's asLong()
    }
    if (value != JsonToken.VALUE_NUMBER_INT) {
      p.skipChildren();
      return -1;
    }
    long count =
        switch (p.getNumberType()) {
          case INT -> p.getIntValue();
          case LONG -> p.getLongValue();
          default -> p.getBigIntegerValue().longValue(); // BigIntegerNode.asLong() wraps, too
        };
    return Math.max(0, count);
  }

  /**
   * OpenAI usage, as {@link ChatResponseReader#usage} reads it from a tree.
   *
   * @throws IOException if the JSON is invalid
   * @throws TreeNeeded if a member it reads is repeated
   */
  static Usage usage(JsonParser p, JsonToken value) throws IOException, TreeNeeded {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return Usage.NOT_REPORTED;
    }
    int seen = 0;
    long input = -1;
    long output = -1;
    long cached = -1;
    long thinking = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken token = p.nextToken();
      switch (name) {
        case "prompt_tokens" -> {
          seen = once(seen, 1);
          input = count(p, token);
        }
        case "completion_tokens" -> {
          seen = once(seen, 2);
          output = count(p, token);
        }
        case "prompt_tokens_details" -> {
          seen = once(seen, 4);
          cached = detail(p, token, "cached_tokens");
        }
        case "completion_tokens_details" -> {
          seen = once(seen, 8);
          thinking = detail(p, token, "reasoning_tokens");
        }
        default -> p.skipChildren();
      }
    }
    EnumSet<Usage.Count> reported = EnumSet.noneOf(Usage.Count.class);
    long in = reported(input, Usage.Count.INPUT, reported);
    long out = reported(output, Usage.Count.OUTPUT, reported);
    long read = reported(cached, Usage.Count.CACHED_READ_INPUT, reported);
    long reasoned = reported(thinking, Usage.Count.REASONING, reported);
    return new Usage(in, out, Math.min(read, in), 0, Math.min(reasoned, out), reported);
  }

  /** One count of a details object, or -1 if it holds none (or is no object). */
  private static long detail(JsonParser p, JsonToken value, String field)
      throws IOException, TreeNeeded {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return -1;
    }
    int seen = 0;
    long count = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken token = p.nextToken();
      if (name.equals(field)) {
        seen = once(seen, 1);
        count = count(p, token);
      } else {
        p.skipChildren();
      }
    }
    return count;
  }

  private static long reported(long count, Usage.Count which, EnumSet<Usage.Count> reported) {
    if (count < 0) {
      return 0;
    }
    reported.add(which);
    return count;
  }

  /**
   * Marks a member of an object as seen.
   *
   * @param seen the members seen so far, one bit each
   * @param bit this member's bit
   * @return the members seen now
   * @throws TreeNeeded if the member was seen before: the tree keeps the last one, left to it
   */
  static int once(int seen, int bit) throws TreeNeeded {
    if ((seen & bit) != 0) {
      throw TreeNeeded.INSTANCE;
    }
    return seen | bit;
  }

  /**
   * Leaves a body to the tree reader. One shared instance without a stack trace or suppressed
   * exceptions, so throwing it costs little and it holds no state.
   */
  static final class TreeNeeded extends Exception {
    private static final long serialVersionUID = 1L;

    /** The only instance. */
    static final TreeNeeded INSTANCE = new TreeNeeded();

    private TreeNeeded() {
      super("left to the tree reader", null, false, false);
    }
  }
}
