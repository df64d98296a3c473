package dev.llmgateway.provider.openai;

import static dev.llmgateway.provider.openai.ChunkReaderComparison.EVENT_NAMES;
import static dev.llmgateway.provider.openai.ChunkReaderComparison.compare;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random streams of chunks, put together from real-shaped and odd members in random order:
 * under every event name and in both modes, the stream gives the same chunks, errors, state and end
 * whether the streaming parser reads an event or leaves it to the tree reader.
 */
class ChatChunkParserPropertyTest {
  private static final long SEED = 20250417L;
  private static final int STREAMS = 300;

  private static final String[] TEXTS = {
    "\"Hello\"",
    "\"\"",
    "\" \"",
    "\"caf\u00e9 \uD83D\uDE00 \u4f60\u597d\"",
    "\"line\\nbreak \\\"quoted\\\" \\\\ \\u00e9\\ud83d\\ude00 \\t\\/\"",
    "\"{\\\"city\\\":\\\"Paris\\\"}\"",
    "null",
    "7",
    "-12345678901",
    "123456789012345678901234567890",
    "true",
    "false",
    "{\"text\":\"nested\"}",
    "[\"a\",1]",
    "2.5",
  };

  private static final String[] COUNTS = {
    "0",
    "7",
    "-3",
    "12345678901",
    "9223372036854775808",
    "18446744073709551621",
    "12.7",
    "1e400",
    "null",
    "\"12\"",
    "true",
    "{}",
    "[1]",
  };

  private static final String[] UNKNOWN = {
    "null",
    "0",
    "0.0021",
    "\"x\"",
    "[]",
    "{}",
    "{\"a\":[1,{\"b\":null,\"c\":[[],{}]}],\"d\":\"\\u0041\"}",
    "{\"content\":[{\"token\":\"Hi\",\"logprob\":-0.31,\"bytes\":[72,105],\"top_logprobs\":[]}]}",
    "{\"message\":\"not an error\",\"error\":{\"code\":1}}",
  };

  private final Random random = new Random(SEED);
  private final RandomJson json = new RandomJson(random, TEXTS, COUNTS, UNKNOWN, 0.7);

  @Test
  void randomStreamsReadAsTheTreeReaderReadsThem() {
    int events = 0;
    int streamed = 0;
    int streamedText = 0;
    int streamedToolCalls = 0;
    int streamedReasoning = 0;
    int streamedRefusals = 0;
    int streamedUsage = 0;
    int streamedContentFilter = 0;
    int completionsStreamed = 0;
    for (int i = 0; i < STREAMS; i++) {
      List<String> stream = stream();
      for (boolean textCompletion : new boolean[] {false, true}) {
        for (String name : EVENT_NAMES) {
          List<ChatChunk> read = compare(stream, name, textCompletion);
          if (name.equals("error")) {
            assertThat(read).containsOnlyNulls();
          } else if (textCompletion && name.isEmpty()) {
            completionsStreamed += (int) read.stream().filter(c -> c != null).count();
          } else if (!textCompletion && name.isEmpty()) {
            events += read.size();
            for (ChatChunk chunk : read) {
              if (chunk != null) {
                streamed++;
                streamedText += chunk.text().isEmpty() ? 0 : 1;
                streamedToolCalls += chunk.toolCalls().isEmpty() ? 0 : 1;
                streamedReasoning += chunk.reasoning() == null ? 0 : 1;
                streamedRefusals += chunk.refusal() == null ? 0 : 1;
                streamedUsage += chunk.usage() == null ? 0 : 1;
                streamedContentFilter +=
                    chunk.finishReason() == FinishReason.CONTENT_FILTER ? 1 : 0;
              }
            }
          }
        }
      }
    }
    // The streams exercise both readers and every part of a chunk.
    assertThat(streamed).isBetween(events / 3, events - 100);
    assertThat(completionsStreamed).isGreaterThan(events / 3);
    assertThat(streamedText).isGreaterThan(50);
    assertThat(streamedToolCalls).isGreaterThan(30);
    assertThat(streamedReasoning).isGreaterThan(30);
    assertThat(streamedRefusals).isGreaterThan(20);
    assertThat(streamedUsage).isGreaterThan(30);
    assertThat(streamedContentFilter).isGreaterThan(10);
  }

  private List<String> stream() {
    List<String> events = new ArrayList<>();
    for (int i = 1 + random.nextInt(4); i > 0; i--) {
      double kind = random.nextDouble();
      events.add(kind < 0.03 ? "[DONE]" : kind < 0.05 ? json.pick("", " \n") : chunk());
    }
    return events;
  }

  private String chunk() {
    List<String> members = new ArrayList<>();
    json.maybe(
        members, 0.9, "id", () -> random.nextDouble() < 0.8 ? "\"chatcmpl-1\"" : json.text());
    json.maybe(members, 0.8, "model", () -> random.nextDouble() < 0.8 ? "\"gpt-4o\"" : json.text());
    json.maybe(
        members,
        0.6,
        "object",
        () -> json.pick("\"chat.completion.chunk\"", "\"text_completion\""));
    json.maybe(members, 0.6, "created", () -> "1744896191");
    json.maybe(members, 0.3, "system_fingerprint", json::unknown);
    json.maybe(members, 0.2, "obfuscation", () -> "\"q3Z\"");
    json.maybe(members, 0.95, "choices", this::choices);
    json.maybe(members, 0.5, "usage", () -> random.nextDouble() < 0.5 ? "null" : usage());
    json.maybe(members, 0.15, "x_groq", this::groq);
    json.maybe(members, 0.06, "error", json::error);
    json.maybe(members, 0.2, "x_extra", json::unknown);
    json.duplicateSometimes(members);
    String root = json.object(members);
    double odd = random.nextDouble();
    if (odd < 0.02) {
      return root.substring(0, random.nextInt(root.length())); // truncated
    }
    if (odd < 0.03) {
      return "[" + root + "]";
    }
    if (odd < 0.04) {
      return " \n" + root + "\t";
    }
    return odd < 0.06 ? root + json.pick(" trailing", "{}", "]", "\u00a0") : root;
  }

  private String choices() {
    double shape = random.nextDouble();
    if (shape < 0.1) {
      return "[]";
    }
    if (shape < 0.13) {
      return json.pick("null", "{}", "\"none\"");
    }
    List<String> choices = new ArrayList<>();
    choices.add(random.nextDouble() < 0.03 ? json.pick("null", "\"a\"", "[]") : choice());
    for (int i = random.nextInt(3); i > 0; i--) {
      choices.add(random.nextBoolean() ? choice() : json.unknown());
    }
    return "[" + String.join(",", choices) + "]";
  }

  private String choice() {
    List<String> members = new ArrayList<>();
    json.maybe(members, 0.5, "index", () -> "0");
    json.maybe(
        members,
        0.9,
        "delta",
        () -> random.nextDouble() < 0.04 ? json.pick("null", "\"a\"", "[]") : delta());
    json.maybe(members, 0.3, "text", json::text);
    json.maybe(members, 0.3, "logprobs", json::unknown);
    json.maybe(
        members,
        0.9,
        "finish_reason",
        () ->
            random.nextDouble() < 0.7
                ? "null"
                : json.pick(
                    "\"stop\"",
                    "\"length\"",
                    "\"tool_calls\"",
                    "\"content_filter\"",
                    "\"function_call\"",
                    "\"\"",
                    "1",
                    "2.5",
                    "{}"));
    json.duplicateSometimes(members);
    return json.object(members);
  }

  private String delta() {
    List<String> members = new ArrayList<>();
    json.maybe(members, 0.3, "role", () -> "\"assistant\"");
    json.maybe(members, 0.6, "content", json::text);
    json.maybe(members, 0.3, "refusal", () -> random.nextDouble() < 0.6 ? "null" : json.text());
    json.maybe(members, 0.15, "reasoning_content", json::text);
    json.maybe(members, 0.15, "reasoning", json::text);
    json.maybe(members, 0.25, "tool_calls", this::toolCalls);
    json.maybe(members, 0.05, "function_call", this::function);
    json.maybe(members, 0.05, "audio", json::unknown);
    json.duplicateSometimes(members);
    return json.object(members);
  }

  private String toolCalls() {
    if (random.nextDouble() < 0.1) {
      return json.pick("null", "{}", "\"none\"", "[]");
    }
    List<String> calls = new ArrayList<>();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      List<String> members = new ArrayList<>();
      json.maybe(members, 0.8, "index", this::index);
      json.maybe(
          members,
          0.5,
          "id",
          () -> random.nextDouble() < 0.8 ? "\"call_" + random.nextInt(100) + "\"" : json.text());
      json.maybe(members, 0.5, "type", () -> "\"function\"");
      json.maybe(
          members,
          0.9,
          "function",
          () -> random.nextDouble() < 0.03 ? json.pick("null", "\"f\"") : function());
      json.duplicateSometimes(members);
      calls.add(
          random.nextDouble() < 0.02
              ? json.pick("null", "\"f\"", "[]", "1")
              : json.object(members));
    }
    return "[" + String.join(",", calls) + "]";
  }

  private String index() {
    return random.nextDouble() < 0.85
        ? Integer.toString(random.nextInt(3))
        : json.pick("-1", "2147483648", "1.0", "\"0\"", "null", "{}");
  }

  private String function() {
    List<String> members = new ArrayList<>();
    json.maybe(
        members, 0.6, "name", () -> random.nextDouble() < 0.8 ? "\"get_weather\"" : json.text());
    json.maybe(
        members,
        0.9,
        "arguments",
        () -> random.nextDouble() < 0.7 ? json.pick("\"\"", "\"{\\\"lo\"", "\"}\"") : json.text());
    json.duplicateSometimes(members);
    return json.object(members);
  }

  private String usage() {
    if (random.nextDouble() < 0.1) {
      return json.pick("\"x\"", "[]", "{}");
    }
    List<String> members = new ArrayList<>();
    json.maybe(members, 0.9, "prompt_tokens", json::count);
    json.maybe(members, 0.9, "completion_tokens", json::count);
    json.maybe(members, 0.7, "total_tokens", json::count);
    json.maybe(members, 0.2, "queue_time", () -> "0.0213");
    json.maybe(members, 0.4, "prompt_tokens_details", () -> details("cached_tokens"));
    json.maybe(members, 0.4, "completion_tokens_details", () -> details("reasoning_tokens"));
    json.duplicateSometimes(members);
    return json.object(members);
  }

  private String details(String count) {
    if (random.nextDouble() < 0.1) {
      return json.pick("null", "1", "[]");
    }
    List<String> members = new ArrayList<>();
    json.maybe(members, 0.8, count, json::count);
    json.maybe(members, 0.5, "audio_tokens", () -> "0");
    json.duplicateSometimes(members);
    return json.object(members);
  }

  private String groq() {
    if (random.nextDouble() < 0.1) {
      return json.pick("null", "\"x\"", "[]");
    }
    List<String> members = new ArrayList<>();
    json.maybe(members, 0.7, "id", () -> "\"req_01jq\"");
    json.maybe(members, 0.8, "usage", () -> random.nextDouble() < 0.1 ? "null" : usage());
    json.duplicateSometimes(members);
    return json.object(members);
  }
}
