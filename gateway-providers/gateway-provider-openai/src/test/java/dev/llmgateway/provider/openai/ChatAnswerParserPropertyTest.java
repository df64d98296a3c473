package dev.llmgateway.provider.openai;

import static dev.llmgateway.provider.openai.ChatReaderComparison.chat;
import static dev.llmgateway.provider.openai.ChatReaderComparison.stream;
import static dev.llmgateway.provider.openai.ChatReaderComparison.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.openai.ChatReaderComparison.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Seeded random Chat Completions bodies, put together from real-shaped and odd members in random
 * order: the streaming reader reads each exactly as the tree reader does, or leaves it to the tree
 * reader, and {@link ChatResponseReader#chat} gives what the tree reader gives.
 */
class ChatAnswerParserPropertyTest {
  private static final long SEED = 20250310L;
  private static final int BODIES = 600;

  private static final String[] TEXTS = {
    "\"Hello!\"",
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
    "1",
    "7",
    "1117",
    "-3",
    "12345678901",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551621",
    "12.7",
    "-0.5",
    "1e400",
    "3E2",
    "null",
    "\"12\"",
    "true",
    "{}",
    "[1]",
  };

  private static final String[] UNKNOWN = {
    "null",
    "0",
    "\"x\"",
    "[]",
    "{}",
    "{\"a\":[1,{\"b\":null,\"c\":[[],{}]}],\"d\":\"\\u0041\"}",
    "[{\"token\":\"Hi\",\"logprob\":-0.31,\"bytes\":[72,105],\"top_logprobs\":[]}]",
    "{\"message\":\"not an error\",\"error\":{\"code\":1}}",
  };

  private final Random random = new Random(SEED);
  private final RandomJson json = new RandomJson(random, TEXTS, COUNTS, UNKNOWN, 0.6);

  @Test
  void randomBodiesReadAsTheTreeReaderReadsThem() {
    SoftAssertions soft = new SoftAssertions();
    int streamed = 0;
    int streamedWithToolCalls = 0;
    int streamedWithReasoning = 0;
    int streamedRefusals = 0;
    int streamedWithUsage = 0;
    int treeFailures = 0;
    for (int i = 0; i < BODIES; i++) {
      String body = body();
      Outcome tree = tree(body);
      Outcome fast = stream(body);
      soft.assertThat(chat(body)).as("body %d through chat: %s", i, body).isEqualTo(tree);
      if (fast.leftToTree()) {
        treeFailures += tree.answered() ? 0 : 1;
        continue;
      }
      soft.assertThat(fast).as("body %d streamed: %s", i, body).isEqualTo(tree);
      ChatResponse response = fast.response();
      if (response != null) {
        streamed++;
        streamedWithToolCalls += response.toolCalls().isEmpty() ? 0 : 1;
        streamedWithReasoning += response.reasoning().isEmpty() ? 0 : 1;
        streamedRefusals += response.refused() ? 1 : 0;
        streamedWithUsage += response.usage().equals(Usage.NOT_REPORTED) ? 0 : 1;
      }
    }
    soft.assertAll();
    // The bodies exercise both readers and every part of an answer.
    assertThat(streamed).isBetween(BODIES / 4, BODIES - 50);
    assertThat(treeFailures).isGreaterThan(20);
    assertThat(streamedWithToolCalls).isGreaterThan(20);
    assertThat(streamedWithReasoning).isGreaterThan(20);
    assertThat(streamedRefusals).isGreaterThan(20);
    assertThat(streamedWithUsage).isGreaterThan(20);
  }

  private String body() {
    List<String> members = new ArrayList<>();
    json.maybe(members, 0.9, "id", json::text);
    json.maybe(members, 0.9, "model", json::text);
    json.maybe(members, 0.6, "object", () -> "\"chat.completion\"");
    json.maybe(members, 0.6, "created", () -> "1741570283");
    json.maybe(members, 0.3, "system_fingerprint", json::unknown);
    json.maybe(members, 0.97, "choices", this::choices);
    json.maybe(members, 0.7, "usage", this::usage);
    json.maybe(members, 0.1, "error", json::error);
    json.maybe(members, 0.05, "message", () -> "\"something went wrong\"");
    json.maybe(members, 0.3, "x_extra", json::unknown);
    json.duplicateSometimes(members);
    String root = json.object(members);
    double odd = random.nextDouble();
    if (odd < 0.02) {
      return root.substring(0, random.nextInt(root.length())); // truncated
    }
    if (odd < 0.03) {
      return "[" + root + "]";
    }
    return odd < 0.05 ? root + " trailing" : root;
  }

  private String choices() {
    double shape = random.nextDouble();
    if (shape < 0.03) {
      return json.pick("[]", "null", "{}", "\"none\"");
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
    json.maybe(members, 0.97, "message", this::message);
    json.maybe(members, 0.4, "logprobs", json::unknown);
    json.maybe(
        members,
        0.9,
        "finish_reason",
        () ->
            json.pick(
                "\"stop\"", "\"length\"", "\"tool_calls\"", "\"content_filter\"", "null", "1"));
    json.duplicateSometimes(members);
    return json.object(members);
  }

  private String message() {
    if (random.nextDouble() < 0.02) {
      return json.pick("null", "\"hi\"", "[]");
    }
    List<String> members = new ArrayList<>();
    json.maybe(members, 0.8, "role", () -> "\"assistant\"");
    json.maybe(members, 0.9, "content", this::content);
    json.maybe(members, 0.6, "refusal", () -> random.nextDouble() < 0.7 ? "null" : json.text());
    json.maybe(members, 0.2, "reasoning_content", json::text);
    json.maybe(members, 0.2, "reasoning", json::text);
    json.maybe(members, 0.3, "tool_calls", this::toolCalls);
    json.maybe(members, 0.1, "function_call", this::function);
    json.maybe(members, 0.2, "annotations", json::unknown);
    json.duplicateSometimes(members);
    return json.object(members);
  }

  private String content() {
    if (random.nextDouble() < 0.6) {
      return json.text();
    }
    List<String> parts = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      List<String> members = new ArrayList<>();
      String type = json.pick("\"text\"", "\"refusal\"", "\"output_text\"", "null");
      json.maybe(members, 0.9, "type", () -> type);
      json.maybe(members, 0.6, "text", json::text);
      json.maybe(members, 0.4, "refusal", json::text);
      json.maybe(members, 0.2, "annotations", json::unknown);
      parts.add(random.nextDouble() < 0.1 ? json.unknown() : json.object(members));
    }
    return "[" + String.join(",", parts) + "]";
  }

  private String toolCalls() {
    if (random.nextDouble() < 0.1) {
      return json.pick("null", "{}", "\"none\"");
    }
    List<String> calls = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      List<String> members = new ArrayList<>();
      json.maybe(members, 0.9, "id", () -> "\"call_" + random.nextInt(1000) + "\"");
      json.maybe(members, 0.7, "type", () -> "\"function\"");
      json.maybe(members, 0.97, "function", this::function);
      json.maybe(members, 0.2, "index", () -> "0");
      json.duplicateSometimes(members);
      calls.add(random.nextDouble() < 0.02 ? json.unknown() : json.object(members));
    }
    return "[" + String.join(",", calls) + "]";
  }

  private String function() {
    if (random.nextDouble() < 0.03) {
      return json.pick("null", "\"f\"");
    }
    List<String> members = new ArrayList<>();
    json.maybe(
        members, 0.95, "name", () -> random.nextDouble() < 0.9 ? "\"get_weather\"" : json.text());
    json.maybe(members, 0.85, "arguments", json::text);
    json.duplicateSometimes(members);
    return json.object(members);
  }

  private String usage() {
    if (random.nextDouble() < 0.1) {
      return json.pick("null", "\"x\"", "[]", "{}");
    }
    List<String> members = new ArrayList<>();
    json.maybe(members, 0.9, "prompt_tokens", json::count);
    json.maybe(members, 0.9, "completion_tokens", json::count);
    json.maybe(members, 0.7, "total_tokens", json::count);
    json.maybe(members, 0.5, "prompt_tokens_details", () -> details("cached_tokens"));
    json.maybe(members, 0.5, "completion_tokens_details", () -> details("reasoning_tokens"));
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
}
