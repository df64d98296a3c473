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
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI Responses wire format: {@code POST /v1/responses} answers with a {@code response}
 * object, or, for {@code "stream": true}, with typed server-sent events from {@code
 * response.created} to {@code response.completed} (no {@code [DONE]}). Errors take OpenAI's shape
 * {@code {"error":{"message","type","param","code"}}}.
 *
 * <p>The dialect-neutral scripts translate as follows. Output items, in order: a {@code reasoning}
 * item for a {@linkplain FakeResponse#withReasoning reasoning} answer (its summary holds the
 * thoughts when the request sets {@code reasoning.summary}; {@code encrypted_content} is sent when
 * {@code include} asks for {@code reasoning.encrypted_content}), a {@code message} item with an
 * {@code output_text} part (and a {@code refusal} part for a refusal), and a {@code function_call}
 * item per tool call. A finish reason {@code length} makes the response {@code incomplete} with
 * {@code incomplete_details.reason: "max_output_tokens"}. Usage: {@code input_tokens} (the prompt,
 * cached included), {@code input_tokens_details.cached_tokens}, {@code output_tokens} and {@code
 * output_tokens_details.reasoning_tokens}; the format has no cache-write count.
 *
 * <p>Streamed chunks (each flushed on its own): the first holds {@code response.created} and {@code
 * response.in_progress}; then, per item, a chunk that adds it ({@code response.output_item.added},
 * with {@code response.content_part.added} or {@code response.reasoning_summary_part.added}), one
 * chunk per delta ({@code response.output_text.delta}, {@code response.refusal.delta}, {@code
 * response.reasoning_summary_text.delta}, {@code response.function_call_arguments.delta}), and a
 * chunk that ends it; then the finish chunk, {@code response.completed} or {@code
 * response.incomplete} with the whole response and its usage. So a message answer's preamble is the
 * first two chunks, and {@link FakeResponse#failStreamAfter failStreamAfter(2, code, message)}
 * sends it and then {@code response.failed}, whose error has the scripted code.
 */
final class ResponsesDialect implements Dialect {
  static final String PATH = "/v1/responses";

  private static final String JSON_TYPE = "application/json";
  private static final String SSE_TYPE = "text/event-stream; charset=utf-8";

  /** Returns whether {@code path} belongs to this dialect. */
  static boolean serves(String path) {
    return PATH.equals(path);
  }

  @Override
  public @Nullable Operation route(String method, String path) {
    return "POST".equals(method) && PATH.equals(path) ? Operation.CHAT : null;
  }

  @Override
  public @Nullable String model(String path, @Nullable JsonNode body) {
    JsonNode model = body == null ? null : body.get("model");
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
            response.errorCode(),
            requireNonNull(response.errorMessage()));
      case RAW:
        String raw = requireNonNull(response.rawBody());
        String type = raw.stripLeading().startsWith("{") ? JSON_TYPE : "text/html; charset=utf-8";
        return Reply.whole(response.status(), type, raw.getBytes(StandardCharsets.UTF_8));
      case MALFORMED:
        return malformed(exchange);
      case EMBEDDINGS:
        return error(
            500,
            "server_error",
            null,
            "FakeLlmServer: " + response + " cannot answer POST " + PATH + ", check the script");
      case ECHO:
        return answer(exchange, response, "Echo: " + lastUserText(exchange.body()));
      case COMPLETION:
        return answer(exchange, response, response.text());
    }
    throw new AssertionError(response.kind());
  }

  @Override
  public Reply invalidRequest(String message) {
    return error(400, "invalid_request_error", null, message);
  }

  @Override
  public Reply notFound(String method, String path) {
    return error(404, "invalid_request_error", null, "Invalid URL (" + method + " " + path + ")");
  }

  /** What one answer consists of, shared by the plain and the streamed rendering. */
  private record Answer(
      String id,
      String model,
      @Nullable String thoughts,
      boolean summary,
      @Nullable String encrypted,
      @Nullable String text,
      @Nullable String refusal,
      List<ToolCallSpec> calls,
      boolean incomplete,
      UsageSpec usage) {

    String reasoningId() {
      return "rs_" + id.substring("resp_".length());
    }

    String messageId() {
      return "msg_" + id.substring("resp_".length());
    }

    boolean hasMessage() {
      return text != null || refusal != null;
    }
  }

  private static Reply answer(Exchange exchange, FakeResponse response, @Nullable String text) {
    JsonNode body = exchange.body();
    String thoughts = response.reasoning();
    boolean summary = body.path("reasoning").has("summary");
    boolean encrypted = false;
    for (JsonNode include : body.path("include")) {
      encrypted |= "reasoning.encrypted_content".equals(include.asText());
    }
    UsageSpec usage = response.usage();
    if (usage == null) {
      long completion = text == null ? 0 : Words.count(text);
      for (ToolCallSpec call : response.toolCalls()) {
        completion += 1 + Words.count(call.argumentsJson());
      }
      if (response.refusal() != null) {
        completion += Words.count(response.refusal());
      }
      usage = new UsageSpec(promptWords(body), completion, 0, 0);
    }
    Answer answer =
        new Answer(
            String.format(Locale.ROOT, "resp_fake%016d", exchange.sequence()),
            exchange.model(),
            thoughts,
            summary,
            thoughts != null && encrypted ? Signatures.encrypt(thoughts) : null,
            text,
            response.refusal(),
            response.toolCalls(),
            "length".equals(response.finishReason()),
            usage);
    boolean fail = response.ending() == FakeResponse.Ending.FAIL;
    if (!exchange.stream()) {
      if (fail) {
        return error(
            500,
            "server_error",
            requireNonNull(response.errorType()),
            requireNonNull(response.errorMessage()));
      }
      byte[] json =
          Json.bytes(
              g -> writeResponse(g, answer, answer.incomplete() ? "incomplete" : "completed"));
      return new Reply(200, headers(JSON_TYPE, exchange), List.of(json), 1, false);
    }
    return stream(exchange, response, answer, fail);
  }

  private static Reply stream(
      Exchange exchange, FakeResponse response, Answer answer, boolean fail) {
    Events events = new Events();
    List<byte[]> chunks = new ArrayList<>();
    chunks.add(
        events
            .add("response.created", g -> writeResponseField(g, answer, "in_progress", false))
            .add("response.in_progress", g -> writeResponseField(g, answer, "in_progress", false))
            .take());
    int output = 0;
    if (answer.thoughts() != null) {
      int index = output++;
      String itemId = answer.reasoningId();
      events.add(
          "response.output_item.added",
          g -> {
            g.writeNumberField("output_index", index);
            g.writeFieldName("item");
            g.writeStartObject();
            g.writeStringField("id", itemId);
            g.writeStringField("type", "reasoning");
            g.writeArrayFieldStart("summary");
            g.writeEndArray();
            g.writeEndObject();
          });
      if (answer.summary()) {
        events.add(
            "response.reasoning_summary_part.added",
            g -> {
              itemFields(g, itemId, index);
              g.writeNumberField("summary_index", 0);
              g.writeObjectFieldStart("part");
              g.writeStringField("type", "summary_text");
              g.writeStringField("text", "");
              g.writeEndObject();
            });
      }
      chunks.add(events.take());
      if (answer.summary()) {
        for (String piece : Words.split(answer.thoughts(), response.chunkSize())) {
          chunks.add(
              events
                  .add(
                      "response.reasoning_summary_text.delta",
                      g -> {
                        itemFields(g, itemId, index);
                        g.writeNumberField("summary_index", 0);
                        g.writeStringField("delta", piece);
                      })
                  .take());
        }
      }
      chunks.add(
          events
              .add(
                  "response.output_item.done",
                  g -> {
                    g.writeNumberField("output_index", index);
                    g.writeFieldName("item");
                    writeReasoningItem(g, answer);
                  })
              .take());
    }
    if (answer.hasMessage()) {
      int index = output++;
      String itemId = answer.messageId();
      String partType = answer.text() != null ? "output_text" : "refusal";
      chunks.add(
          events
              .add(
                  "response.output_item.added",
                  g -> {
                    g.writeNumberField("output_index", index);
                    g.writeFieldName("item");
                    g.writeStartObject();
                    g.writeStringField("id", itemId);
                    g.writeStringField("type", "message");
                    g.writeStringField("status", "in_progress");
                    g.writeArrayFieldStart("content");
                    g.writeEndArray();
                    g.writeStringField("role", "assistant");
                    g.writeEndObject();
                  })
              .add(
                  "response.content_part.added",
                  g -> {
                    itemFields(g, itemId, index);
                    g.writeNumberField("content_index", 0);
                    g.writeFieldName("part");
                    writeEmptyPart(g, partType);
                  })
              .take());
      if (answer.text() != null) {
        for (String piece : Words.split(answer.text(), response.chunkSize())) {
          chunks.add(
              events.add("response.output_text.delta", delta(itemId, index, 0, piece)).take());
        }
      }
      if (answer.refusal() != null) {
        int part = answer.text() != null ? 1 : 0;
        for (String piece : Words.split(answer.refusal(), response.chunkSize())) {
          chunks.add(
              events.add("response.refusal.delta", delta(itemId, index, part, piece)).take());
        }
      }
      chunks.add(
          events
              .add(
                  "response.output_item.done",
                  g -> {
                    g.writeNumberField("output_index", index);
                    g.writeFieldName("item");
                    writeMessageItem(g, answer);
                  })
              .take());
    }
    int argumentChunk =
        response.chunkSize() > 0
            ? response.chunkSize()
            : OpenAiDialect.DEFAULT_ARGUMENT_CHUNK_CHARS;
    for (ToolCallSpec call : answer.calls()) {
      int index = output++;
      String itemId = "fc_" + call.id();
      chunks.add(
          events
              .add(
                  "response.output_item.added",
                  g -> {
                    g.writeNumberField("output_index", index);
                    g.writeFieldName("item");
                    writeCallItem(g, call, "", "in_progress");
                  })
              .take());
      for (String piece : Words.split(call.argumentsJson(), argumentChunk)) {
        chunks.add(
            events
                .add(
                    "response.function_call_arguments.delta",
                    g -> {
                      itemFields(g, itemId, index);
                      g.writeStringField("delta", piece);
                    })
                .take());
      }
      chunks.add(
          events
              .add(
                  "response.function_call_arguments.done",
                  g -> {
                    itemFields(g, itemId, index);
                    g.writeStringField("arguments", call.argumentsJson());
                  })
              .add(
                  "response.output_item.done",
                  g -> {
                    g.writeNumberField("output_index", index);
                    g.writeFieldName("item");
                    writeCallItem(g, call, call.argumentsJson(), "completed");
                  })
              .take());
    }
    int contentChunks = chunks.size();
    if (fail) {
      List<byte[]> cut =
          new ArrayList<>(chunks.subList(0, Math.min(response.endingAfter(), contentChunks)));
      String code = requireNonNull(response.errorType());
      String message = requireNonNull(response.errorMessage());
      cut.add(
          events
              .add(
                  "response.failed",
                  g -> {
                    g.writeFieldName("response");
                    g.writeStartObject();
                    g.writeStringField("id", answer.id());
                    g.writeStringField("object", "response");
                    g.writeStringField("status", "failed");
                    g.writeObjectFieldStart("error");
                    g.writeStringField("code", code);
                    g.writeStringField("message", message);
                    g.writeEndObject();
                    g.writeNullField("incomplete_details");
                    g.writeStringField("model", answer.model());
                    g.writeArrayFieldStart("output");
                    g.writeEndArray();
                    g.writeNullField("usage");
                    g.writeEndObject();
                  })
              .take());
      return new Reply(200, headers(SSE_TYPE, exchange), cut, cut.size() - 1, true);
    }
    String status = answer.incomplete() ? "incomplete" : "completed";
    chunks.add(
        events.add("response." + status, g -> writeResponseField(g, answer, status, true)).take());
    return new Reply(200, headers(SSE_TYPE, exchange), chunks, contentChunks, true);
  }

  private static void itemFields(JsonGenerator g, String itemId, int outputIndex)
      throws IOException {
    g.writeStringField("item_id", itemId);
    g.writeNumberField("output_index", outputIndex);
  }

  private static Json.Writer delta(String itemId, int outputIndex, int content, String piece) {
    return g -> {
      itemFields(g, itemId, outputIndex);
      g.writeNumberField("content_index", content);
      g.writeStringField("delta", piece);
    };
  }

  private static void writeEmptyPart(JsonGenerator g, String type) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", type);
    if (type.equals("output_text")) {
      g.writeArrayFieldStart("annotations");
      g.writeEndArray();
      g.writeStringField("text", "");
    } else {
      g.writeStringField("refusal", "");
    }
    g.writeEndObject();
  }

  private static void writeResponseField(
      JsonGenerator g, Answer answer, String status, boolean whole) throws IOException {
    g.writeFieldName("response");
    if (whole) {
      writeResponse(g, answer, status);
      return;
    }
    g.writeStartObject();
    g.writeStringField("id", answer.id());
    g.writeStringField("object", "response");
    g.writeNumberField("created_at", OpenAiDialect.CREATED);
    g.writeStringField("status", status);
    g.writeNullField("error");
    g.writeNullField("incomplete_details");
    g.writeStringField("model", answer.model());
    g.writeArrayFieldStart("output");
    g.writeEndArray();
    g.writeNullField("usage");
    g.writeEndObject();
  }

  /** Writes the whole {@code response} object. */
  private static void writeResponse(JsonGenerator g, Answer answer, String status)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("id", answer.id());
    g.writeStringField("object", "response");
    g.writeNumberField("created_at", OpenAiDialect.CREATED);
    g.writeStringField("status", status);
    g.writeNullField("error");
    if (answer.incomplete()) {
      g.writeObjectFieldStart("incomplete_details");
      g.writeStringField("reason", "max_output_tokens");
      g.writeEndObject();
    } else {
      g.writeNullField("incomplete_details");
    }
    g.writeStringField("model", answer.model());
    g.writeArrayFieldStart("output");
    if (answer.thoughts() != null) {
      writeReasoningItem(g, answer);
    }
    if (answer.hasMessage()) {
      writeMessageItem(g, answer);
    }
    for (ToolCallSpec call : answer.calls()) {
      writeCallItem(g, call, call.argumentsJson(), "completed");
    }
    g.writeEndArray();
    g.writeBooleanField("parallel_tool_calls", true);
    g.writeBooleanField("store", false);
    UsageSpec usage = answer.usage();
    g.writeObjectFieldStart("usage");
    g.writeNumberField("input_tokens", usage.prompt());
    g.writeObjectFieldStart("input_tokens_details");
    g.writeNumberField("cached_tokens", usage.cachedPrompt());
    g.writeEndObject();
    g.writeNumberField("output_tokens", usage.completion());
    g.writeObjectFieldStart("output_tokens_details");
    g.writeNumberField("reasoning_tokens", usage.reasoning());
    g.writeEndObject();
    g.writeNumberField("total_tokens", usage.prompt() + usage.completion());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeReasoningItem(JsonGenerator g, Answer answer) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", answer.reasoningId());
    g.writeStringField("type", "reasoning");
    if (answer.encrypted() != null) {
      g.writeStringField("encrypted_content", answer.encrypted());
    }
    g.writeArrayFieldStart("summary");
    if (answer.summary()) {
      g.writeStartObject();
      g.writeStringField("type", "summary_text");
      g.writeStringField("text", answer.thoughts());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeMessageItem(JsonGenerator g, Answer answer) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", answer.messageId());
    g.writeStringField("type", "message");
    g.writeStringField("status", answer.incomplete() ? "incomplete" : "completed");
    g.writeArrayFieldStart("content");
    if (answer.text() != null) {
      g.writeStartObject();
      g.writeStringField("type", "output_text");
      g.writeArrayFieldStart("annotations");
      g.writeEndArray();
      g.writeStringField("text", answer.text());
      g.writeEndObject();
    }
    if (answer.refusal() != null) {
      g.writeStartObject();
      g.writeStringField("type", "refusal");
      g.writeStringField("refusal", answer.refusal());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("role", "assistant");
    g.writeEndObject();
  }

  private static void writeCallItem(
      JsonGenerator g, ToolCallSpec call, String arguments, String status) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", "fc_" + call.id());
    g.writeStringField("type", "function_call");
    g.writeStringField("status", status);
    g.writeStringField("arguments", arguments);
    g.writeStringField("call_id", call.id());
    g.writeStringField("name", call.name());
    g.writeEndObject();
  }

  /** Typed server-sent events with increasing sequence numbers, taken chunk by chunk. */
  private static final class Events {
    private ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private int sequence;

    Events add(String type, Json.Writer fields) {
      int number = sequence++;
      out.writeBytes(("event: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(
          Json.bytes(
              g -> {
                g.writeStartObject();
                g.writeStringField("type", type);
                g.writeNumberField("sequence_number", number);
                fields.write(g);
                g.writeEndObject();
              }));
      out.writeBytes(new byte[] {'\n', '\n'});
      return this;
    }

    /** Returns the events added since the last call, as one chunk. */
    byte[] take() {
      byte[] chunk = out.toByteArray();
      out = new ByteArrayOutputStream(256);
      return chunk;
    }
  }

  // Reading requests.

  /** The text of the last user message of {@code input} (a string or items), "" if none. */
  private static String lastUserText(JsonNode body) {
    JsonNode input = body.path("input");
    if (input.isTextual()) {
      return input.textValue();
    }
    for (int i = input.size() - 1; i >= 0; i--) {
      JsonNode item = input.get(i);
      if ("user".equals(item.path("role").asText())) {
        return contentText(item.get("content"));
      }
    }
    return "";
  }

  private static long promptWords(JsonNode body) {
    long words = Words.count(body.path("instructions").asText(""));
    JsonNode input = body.path("input");
    if (input.isTextual()) {
      return words + Words.count(input.textValue());
    }
    for (JsonNode item : input) {
      words += Words.count(contentText(item.get("content")));
      words += Words.count(item.path("output").asText(""));
    }
    return words;
  }

  private static String contentText(@Nullable JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      JsonNode partText = part.get("text");
      if (partText != null && partText.isTextual()) {
        if (text.length() > 0) {
          text.append(' ');
        }
        text.append(partText.textValue());
      }
    }
    return text.toString();
  }

  // Errors and odd bodies.

  private static Reply error(int status, String type, @Nullable String code, String message) {
    byte[] body =
        Json.bytes(
            g -> {
              g.writeStartObject();
              g.writeObjectFieldStart("error");
              g.writeStringField("message", message);
              g.writeStringField("type", type);
              g.writeNullField("param");
              g.writeStringField("code", code);
              g.writeEndObject();
              g.writeEndObject();
            });
    return Reply.whole(status, JSON_TYPE, body);
  }

  private static Reply malformed(Exchange exchange) {
    String id = String.format(Locale.ROOT, "resp_fake%016d", exchange.sequence());
    String broken =
        "{\"id\":\""
            + id
            + "\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":"
            + "\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hel";
    if (!exchange.stream()) {
      return new Reply(
          200,
          headers(JSON_TYPE, exchange),
          List.of(broken.getBytes(StandardCharsets.UTF_8)),
          1,
          false);
    }
    Events events = new Events();
    Answer answer =
        new Answer(
            id,
            exchange.model(),
            null,
            false,
            null,
            "",
            null,
            List.of(),
            false,
            new UsageSpec(0, 0, 0, 0));
    byte[] created =
        events
            .add("response.created", g -> writeResponseField(g, answer, "in_progress", false))
            .take();
    byte[] cut =
        ("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                + "\"item_id\":\"msg\",\"output_index\":0,\"delta\":\"Hel\n\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] completed =
        events
            .add("response.completed", g -> writeResponseField(g, answer, "completed", true))
            .take();
    return new Reply(200, headers(SSE_TYPE, exchange), List.of(created, cut, completed), 2, true);
  }

  private static Map<String, String> headers(String contentType, Exchange exchange) {
    String requestId = String.format(Locale.ROOT, "req_fake%016d", exchange.sequence());
    return Map.of("Content-Type", contentType, "x-request-id", requestId);
  }

  private static <T> T requireNonNull(@Nullable T value) {
    if (value == null) {
      throw new IllegalStateException("incomplete FakeResponse");
    }
    return value;
  }
}
