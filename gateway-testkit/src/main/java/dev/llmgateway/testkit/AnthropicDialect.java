package dev.llmgateway.testkit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.testkit.FakeResponse.ToolCallSpec;
import dev.llmgateway.testkit.FakeResponse.UsageSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Anthropic Messages wire format: {@code POST /v1/messages} answers with a {@code message}
 * object, or with named server-sent events ({@code message_start}, {@code content_block_start},
 * {@code ping}, {@code content_block_delta}, {@code content_block_stop}, {@code message_delta},
 * {@code message_stop}). Errors use {@code {"type":"error","error":{"type","message"}}}.
 *
 * <p>The dialect-neutral scripts translate as follows. Usage: {@code prompt} counts all prompt
 * tokens as OpenAI does, so {@code input_tokens} is {@code prompt - cachedPrompt - cacheWrite},
 * {@code cache_read_input_tokens} is {@code cachedPrompt} and {@code cache_creation_input_tokens}
 * is {@link FakeResponse#withCacheWriteTokens cacheWrite} (0 unless set). Finish reasons: {@code
 * stop}, {@code length}, {@code tool_calls} and {@code content_filter} become {@code end_turn},
 * {@code max_tokens}, {@code tool_use} and {@code refusal}; others are sent verbatim. Errors: the
 * script's {@code type} is the Anthropic error type when it is one, otherwise (an OpenAI-style type
 * such as {@code requests} or {@code server_error}) the type Anthropic uses for the status; the
 * code is dropped. Tool arguments are sent as the {@code input} object; in a non-streamed answer,
 * arguments that are not a JSON object are written verbatim, which makes the body invalid JSON, the
 * closest a message can come to a model's broken arguments.
 *
 * <p>Streamed chunks (each flushed on its own, so the fault scripts count them as in OpenAI's
 * format): the first holds {@code message_start}, the text block's {@code content_block_start} and
 * a {@code ping}; then one chunk per text delta; then, per tool call, one chunk that closes the
 * previous block and opens the {@code tool_use} block, and one per {@code input_json_delta}; then
 * the finish chunk, {@code content_block_stop} plus {@code message_delta} with the stop reason and
 * the output tokens (the input and cache counts are in {@code message_start}, as Anthropic sends
 * them); and last {@code message_stop}.
 *
 * <p>A {@linkplain FakeResponse#withReasoning reasoning} answer to a request with {@code thinking}
 * starts with a {@code thinking} block (text and signature; empty text for {@code thinking.display:
 * "omitted"}); streamed, the first chunk opens it, each thinking piece is a chunk, and the next
 * chunk holds its {@code signature_delta}, its stop and the opening of the following block.
 * Thinking blocks sent back in a request must carry their signature: a modified one is a 400 {@code
 * invalid_request_error}, as Anthropic answers.
 */
final class AnthropicDialect implements Dialect {
  static final String MESSAGES_PATH = "/v1/messages";

  private static final String JSON_TYPE = "application/json";
  private static final String SSE_TYPE = "text/event-stream; charset=utf-8";

  private static final Set<String> ERROR_TYPES =
      Set.of(
          "invalid_request_error",
          "authentication_error",
          "billing_error",
          "permission_error",
          "not_found_error",
          "request_too_large",
          "rate_limit_error",
          "api_error",
          "timeout_error",
          "overloaded_error");

  @Override
  public @Nullable Operation route(String method, String path) {
    return "POST".equals(method) && MESSAGES_PATH.equals(path) ? Operation.CHAT : null;
  }

  @Override
  public @Nullable String model(String path, @Nullable JsonNode body) {
    if (body == null) {
      return null;
    }
    JsonNode model = body.get("model");
    return model != null && model.isTextual() ? model.textValue() : null;
  }

  @Override
  public boolean stream(String path, @Nullable JsonNode body) {
    JsonNode stream = body == null ? null : body.get("stream");
    return stream != null && stream.isBoolean() && stream.booleanValue();
  }

  @Override
  public Reply render(Exchange exchange, FakeResponse response) {
    switch (response.kind()) {
      case ERROR:
        return error(
            response.status(),
            requireNonNull(response.errorType()),
            requireNonNull(response.errorMessage()),
            requestId(exchange));
      case RAW:
        String raw = requireNonNull(response.rawBody());
        String start = raw.stripLeading();
        String type =
            start.startsWith("{")
                ? JSON_TYPE
                : start.startsWith("<") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
        return Reply.whole(response.status(), type, raw.getBytes(StandardCharsets.UTF_8));
      case MALFORMED:
        return malformed(exchange);
      case EMBEDDINGS:
        return error(
            500,
            "api_error",
            "FakeLlmServer: " + response + " cannot answer POST " + MESSAGES_PATH,
            requestId(exchange));
      case ECHO:
        return chat(exchange, response, "Echo: " + lastUserText(exchange.body()));
      case COMPLETION:
        return chat(exchange, response, response.text());
    }
    throw new AssertionError(response.kind());
  }

  @Override
  public Reply invalidRequest(String message) {
    return error(400, "invalid_request_error", message, null);
  }

  @Override
  public Reply notFound(String method, String path) {
    return error(404, "not_found_error", "Not found: " + method + " " + path, null);
  }

  // Messages.

  private static Reply chat(Exchange exchange, FakeResponse response, @Nullable String text) {
    String tampered = tamperedThinking(exchange.body());
    if (tampered != null) {
      return error(400, "invalid_request_error", tampered, requestId(exchange));
    }
    String thoughts = thoughts(exchange.body(), response);
    String signature = response.reasoning() == null ? "" : Signatures.sign(response.reasoning());
    List<ToolCallSpec> calls = response.toolCalls();
    String refusal = response.refusal();
    String stopReason =
        stopReason(
            refusal != null && response.finishReason() == null
                ? "content_filter"
                : response.finishReason(),
            calls);
    UsageSpec usage = response.usage();
    if (usage == null) {
      long completion = completionWords(text, calls) + (refusal == null ? 0 : Words.count(refusal));
      usage = new UsageSpec(promptWords(exchange.body()), completion, 0, 0);
    }
    String id = String.format(Locale.ROOT, "msg_fake%016d", exchange.sequence());
    // Anthropic sends no empty text block beside tool calls; a text-only answer always has one.
    boolean textBlock = text != null && (!text.isEmpty() || calls.isEmpty());
    if (!exchange.stream()) {
      byte[] body =
          message(
              id,
              exchange.model(),
              thoughts,
              signature,
              textBlock ? text : null,
              calls,
              stopReason,
              refusal,
              usage,
              response.cacheWriteTokens());
      return new Reply(200, headers(JSON_TYPE, exchange), List.of(body), 1, false);
    }
    UsageSpec counts = usage;
    long cacheWrite = response.cacheWriteTokens();
    List<byte[]> chunks = new ArrayList<>();
    Events first = new Events();
    first.add(
        "message_start",
        g -> {
          g.writeObjectFieldStart("message");
          g.writeStringField("id", id);
          g.writeStringField("type", "message");
          g.writeStringField("role", "assistant");
          g.writeStringField("model", exchange.model());
          g.writeArrayFieldStart("content");
          g.writeEndArray();
          g.writeNullField("stop_reason");
          g.writeNullField("stop_sequence");
          g.writeObjectFieldStart("usage");
          writeInputUsage(g, counts, cacheWrite);
          g.writeNumberField("output_tokens", Math.min(1, counts.completion()));
          g.writeEndObject();
          g.writeEndObject();
        });
    int block = 0;
    if (thoughts != null) {
      first.add(
          "content_block_start",
          g -> {
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("content_block");
            g.writeStringField("type", "thinking");
            g.writeStringField("thinking", "");
            g.writeStringField("signature", "");
            g.writeEndObject();
          });
    } else if (textBlock) {
      first.add("content_block_start", textStart(0));
    }
    first.add("ping", g -> {});
    chunks.add(first.bytes());
    Events pending = null;
    if (thoughts != null) {
      if (!thoughts.isEmpty()) {
        for (String piece : Words.split(thoughts, response.chunkSize())) {
          chunks.add(
              new Events()
                  .add("content_block_delta", delta(0, "thinking_delta", "thinking", piece))
                  .bytes());
        }
      }
      pending = new Events();
      pending.add("content_block_delta", delta(0, "signature_delta", "signature", signature));
      pending.add("content_block_stop", g -> g.writeNumberField("index", 0));
      block = 1;
      if (textBlock) {
        pending.add("content_block_start", textStart(1));
        chunks.add(pending.bytes());
        pending = null;
      }
    }
    if (textBlock) {
      int index = block;
      for (String piece : Words.split(text, response.chunkSize())) {
        chunks.add(
            new Events()
                .add("content_block_delta", delta(index, "text_delta", "text", piece))
                .bytes());
      }
      block++;
    }
    boolean lastOpen = textBlock;
    int argumentChunk =
        response.chunkSize() > 0
            ? response.chunkSize()
            : OpenAiDialect.DEFAULT_ARGUMENT_CHUNK_CHARS;
    for (ToolCallSpec call : calls) {
      int index = block++;
      Events start = pending != null ? pending : new Events();
      pending = null;
      if (index > 0 && lastOpen) {
        start.add("content_block_stop", g -> g.writeNumberField("index", index - 1));
      }
      lastOpen = true;
      start.add(
          "content_block_start",
          g -> {
            g.writeNumberField("index", index);
            g.writeObjectFieldStart("content_block");
            g.writeStringField("type", "tool_use");
            g.writeStringField("id", call.id());
            g.writeStringField("name", call.name());
            g.writeObjectFieldStart("input");
            g.writeEndObject();
            g.writeEndObject();
          });
      chunks.add(start.bytes());
      for (String piece : Words.split(call.argumentsJson(), argumentChunk)) {
        chunks.add(
            new Events()
                .add("content_block_delta", delta(index, "input_json_delta", "partial_json", piece))
                .bytes());
      }
    }
    if (pending != null) {
      chunks.add(pending.bytes());
    }
    int contentChunks = chunks.size();
    int lastBlock = block - 1;
    Events finish = new Events();
    if (lastBlock >= 0 && lastOpen) {
      finish.add("content_block_stop", g -> g.writeNumberField("index", lastBlock));
    }
    finish.add(
        "message_delta",
        g -> {
          g.writeObjectFieldStart("delta");
          g.writeStringField("stop_reason", stopReason);
          g.writeNullField("stop_sequence");
          writeStopDetails(g, refusal);
          g.writeEndObject();
          g.writeObjectFieldStart("usage");
          g.writeNumberField("output_tokens", counts.completion());
          g.writeEndObject();
        });
    chunks.add(finish.bytes());
    chunks.add(new Events().add("message_stop", g -> {}).bytes());
    return new Reply(200, headers(SSE_TYPE, exchange), chunks, contentChunks, true);
  }

  private static Json.Writer textStart(int index) {
    return g -> {
      g.writeNumberField("index", index);
      g.writeObjectFieldStart("content_block");
      g.writeStringField("type", "text");
      g.writeStringField("text", "");
      g.writeEndObject();
    };
  }

  /**
   * The thinking text to send, or null when the answer has none or the request has no {@code
   * thinking}; empty when the request asked to omit it.
   */
  private static @Nullable String thoughts(JsonNode body, FakeResponse response) {
    String reasoning = response.reasoning();
    JsonNode thinking = body.get("thinking");
    if (reasoning == null || thinking == null || !thinking.isObject()) {
      return null;
    }
    return "omitted".equals(thinking.path("display").asText()) ? "" : reasoning;
  }

  /** Describes the first thinking block sent back with a signature not its own, or null. */
  private static @Nullable String tamperedThinking(JsonNode body) {
    JsonNode messages = body.path("messages");
    for (int i = 0; i < messages.size(); i++) {
      JsonNode content = messages.get(i).path("content");
      for (int j = 0; j < content.size(); j++) {
        JsonNode block = content.get(j);
        if ("thinking".equals(block.path("type").asText())
            && !Signatures.verify(
                block.path("thinking").asText(), block.path("signature").asText())) {
          return "messages." + i + ".content." + j + ": Invalid `signature` in `thinking` block";
        }
      }
    }
    return null;
  }

  private static byte[] message(
      String id,
      String model,
      @Nullable String thoughts,
      String signature,
      @Nullable String text,
      List<ToolCallSpec> calls,
      String stopReason,
      @Nullable String refusal,
      UsageSpec usage,
      long cacheWrite) {
    return Json.bytes(
        g -> {
          g.writeStartObject();
          g.writeStringField("id", id);
          g.writeStringField("type", "message");
          g.writeStringField("role", "assistant");
          g.writeStringField("model", model);
          g.writeArrayFieldStart("content");
          if (thoughts != null) {
            g.writeStartObject();
            g.writeStringField("type", "thinking");
            g.writeStringField("thinking", thoughts);
            g.writeStringField("signature", signature);
            g.writeEndObject();
          }
          if (text != null) {
            g.writeStartObject();
            g.writeStringField("type", "text");
            g.writeStringField("text", text);
            g.writeEndObject();
          }
          for (ToolCallSpec call : calls) {
            g.writeStartObject();
            g.writeStringField("type", "tool_use");
            g.writeStringField("id", call.id());
            g.writeStringField("name", call.name());
            g.writeFieldName("input");
            JsonNode input = Json.parseObject(call.argumentsJson());
            if (input != null) {
              g.writeTree(input);
            } else {
              g.writeRawValue(call.argumentsJson());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeStringField("stop_reason", stopReason);
          g.writeNullField("stop_sequence");
          writeStopDetails(g, refusal);
          g.writeObjectFieldStart("usage");
          writeInputUsage(g, usage, cacheWrite);
          g.writeNumberField("output_tokens", usage.completion());
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  /** A refusal's {@code stop_details}, when it has a message. */
  private static void writeStopDetails(JsonGenerator g, @Nullable String refusal)
      throws IOException {
    if (refusal != null && !refusal.isEmpty()) {
      g.writeObjectFieldStart("stop_details");
      g.writeStringField("type", "refusal");
      g.writeNullField("category");
      g.writeStringField("explanation", refusal);
      g.writeEndObject();
    }
  }

  private static void writeInputUsage(JsonGenerator g, UsageSpec usage, long cacheWrite)
      throws IOException {
    g.writeNumberField(
        "input_tokens", Math.max(0, usage.prompt() - usage.cachedPrompt() - cacheWrite));
    g.writeNumberField("cache_creation_input_tokens", cacheWrite);
    g.writeNumberField("cache_read_input_tokens", usage.cachedPrompt());
  }

  private static Json.Writer delta(int index, String type, String field, String value) {
    return g -> {
      g.writeNumberField("index", index);
      g.writeObjectFieldStart("delta");
      g.writeStringField("type", type);
      g.writeStringField(field, value);
      g.writeEndObject();
    };
  }

  private static String stopReason(@Nullable String finishReason, List<ToolCallSpec> calls) {
    if (finishReason == null) {
      return calls.isEmpty() ? "end_turn" : "tool_use";
    }
    switch (finishReason) {
      case "stop":
        return "end_turn";
      case "length":
        return "max_tokens";
      case "tool_calls":
        return "tool_use";
      case "content_filter":
        return "refusal";
      default:
        return finishReason;
    }
  }

  /** Named server-sent events, {@code event: <type>} then {@code data: {"type":<type>,...}}. */
  private static final class Events {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    Events add(String type, Json.Writer fields) {
      out.writeBytes(("event: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(
          Json.bytes(
              g -> {
                g.writeStartObject();
                g.writeStringField("type", type);
                fields.write(g);
                g.writeEndObject();
              }));
      out.writeBytes(new byte[] {'\n', '\n'});
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  // Reading requests.

  /**
   * Returns the text of the last user turn that holds text (turns of only tool results answer tool
   * calls, as OpenAI's tool messages do), its text blocks joined by a space; "" if there is none.
   */
  private static String lastUserText(JsonNode body) {
    JsonNode messages = body.path("messages");
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonNode message = messages.get(i);
      if (!"user".equals(message.path("role").asText())) {
        continue;
      }
      JsonNode content = message.get("content");
      if (content != null && content.isTextual()) {
        return content.textValue();
      }
      if (content != null && hasBlock(content, "text")) {
        return blockText(content, "text");
      }
      if (content != null && !hasBlock(content, "tool_result")) {
        return "";
      }
    }
    return "";
  }

  private static boolean hasBlock(JsonNode content, String type) {
    for (JsonNode block : content) {
      if (type.equals(block.path("type").asText())) {
        return true;
      }
    }
    return false;
  }

  /** Returns the text of the blocks of one type, joined by a space. */
  private static String blockText(JsonNode content, String type) {
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if (type.equals(block.path("type").asText())) {
        String piece = type.equals("tool_result") ? text(block.get("content")) : text(block);
        if (text.length() > 0) {
          text.append(' ');
        }
        text.append(piece);
      }
    }
    return text.toString();
  }

  /** A string, a text block's text, or the text blocks of an array joined by a space. */
  private static String text(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isObject()) {
      JsonNode text = node.get("text");
      return text != null && text.isTextual() ? text.textValue() : "";
    }
    return blockText(node, "text");
  }

  /** Counts the words of the system prompt, text blocks and tool results, like OpenAI's format. */
  private static long promptWords(JsonNode body) {
    long words = Words.count(text(body.get("system")));
    for (JsonNode message : body.path("messages")) {
      JsonNode content = message.get("content");
      if (content != null && content.isTextual()) {
        words += Words.count(content.textValue());
      } else if (content != null && content.isArray()) {
        words += Words.count(blockText(content, "text"));
        words += Words.count(blockText(content, "tool_result"));
      }
    }
    return words;
  }

  private static long completionWords(@Nullable String text, List<ToolCallSpec> calls) {
    long words = text == null ? 0 : Words.count(text);
    for (ToolCallSpec call : calls) {
      words += 1 + Words.count(call.argumentsJson());
    }
    return words;
  }

  // Errors and odd bodies.

  private static Reply error(int status, String type, String message, @Nullable String requestId) {
    String anthropicType = ERROR_TYPES.contains(type) ? type : errorType(status);
    byte[] body =
        Json.bytes(
            g -> {
              g.writeStartObject();
              g.writeStringField("type", "error");
              g.writeObjectFieldStart("error");
              g.writeStringField("type", anthropicType);
              g.writeStringField("message", message);
              g.writeEndObject();
              if (requestId != null) {
                g.writeStringField("request_id", requestId);
              }
              g.writeEndObject();
            });
    return Reply.whole(status, JSON_TYPE, body);
  }

  /** The error type Anthropic documents for a status. */
  private static String errorType(int status) {
    switch (status) {
      case 401:
        return "authentication_error";
      case 402:
        return "billing_error";
      case 403:
        return "permission_error";
      case 404:
        return "not_found_error";
      case 413:
        return "request_too_large";
      case 429:
        return "rate_limit_error";
      case 504:
        return "timeout_error";
      case 529:
        return "overloaded_error";
      default:
        return status >= 500 ? "api_error" : "invalid_request_error";
    }
  }

  private static Reply malformed(Exchange exchange) {
    String id = String.format(Locale.ROOT, "msg_fake%016d", exchange.sequence());
    String model = Json.MAPPER.getNodeFactory().textNode(exchange.model()).toString();
    String prefix =
        "{\"id\":\""
            + id
            + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
            + model
            + ",\"content\":[";
    if (!exchange.stream()) {
      String broken = prefix + "{\"type\":\"text\",\"text\":\"Hel";
      return new Reply(
          200,
          headers(JSON_TYPE, exchange),
          List.of(broken.getBytes(StandardCharsets.UTF_8)),
          1,
          false);
    }
    byte[] start =
        ("event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                + prefix
                + "],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,"
                + "\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\","
                + "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] broken =
        ("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\n\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] stop =
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
            .getBytes(StandardCharsets.UTF_8);
    return new Reply(200, headers(SSE_TYPE, exchange), List.of(start, broken, stop), 2, true);
  }

  private static String requestId(Exchange exchange) {
    return String.format(Locale.ROOT, "req_fake%016d", exchange.sequence());
  }

  private static Map<String, String> headers(String contentType, Exchange exchange) {
    return Map.of("Content-Type", contentType, "request-id", requestId(exchange));
  }

  private static <T> T requireNonNull(@Nullable T value) {
    if (value == null) {
      throw new IllegalStateException("incomplete FakeResponse");
    }
    return value;
  }
}
