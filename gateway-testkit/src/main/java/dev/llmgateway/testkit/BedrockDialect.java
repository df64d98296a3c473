package dev.llmgateway.testkit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.testkit.FakeResponse.ToolCallSpec;
import dev.llmgateway.testkit.FakeResponse.UsageSpec;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Amazon Bedrock Runtime wire format: {@code POST /model/{modelId}/converse} (a JSON {@code
 * ConverseResponse}), {@code POST /model/{modelId}/converse-stream} (AWS event-stream messages:
 * {@code messageStart}, {@code contentBlockStart}, {@code contentBlockDelta}, {@code
 * contentBlockStop}, {@code messageStop}, {@code metadata}) and {@code POST
 * /model/{modelId}/invoke} for the Titan Text Embeddings ({@code inputText}) and Cohere Embed
 * ({@code texts}) request shapes and, through {@link BedrockMediaDialect}, the image models' {@code
 * TEXT_IMAGE} task. The model id is the URL-decoded path segment, so inference profile ids and ARNs
 * work. Errors are AWS JSON errors: the status, an {@code x-amzn-ErrorType} header and {@code
 * {"message": ...}}.
 *
 * <p>Scripted usage follows the neutral convention of {@link FakeResponse#withUsage}: the prompt
 * count includes the cached (read) and {@linkplain FakeResponse#withCacheWriteTokens written}
 * tokens. Bedrock reports them beside its {@code inputTokens}, so {@code inputTokens} is the prompt
 * count less both.
 *
 * <p>A {@linkplain FakeResponse#withReasoning reasoning} answer to a request whose {@code
 * additionalModelRequestFields} has {@code thinking}, {@code reasoning_config} or {@code
 * reasoningConfig} starts with a {@code reasoningContent.reasoningText} block (text and signature;
 * empty text for {@code thinking.display: "omitted"}), streamed as {@code reasoningContent} text
 * deltas and a signature delta. Reasoning blocks sent back in a request must carry their signature:
 * a modified one is a 400 {@code ValidationException}.
 */
final class BedrockDialect implements Dialect {
  static final String PATH_PREFIX = "/model/";

  /** The vector size of an echoed embeddings request without dimensions (Titan v2's default). */
  static final int DEFAULT_EMBEDDING_DIMENSIONS = 1024;

  private static final String JSON_TYPE = "application/json";
  private static final String EVENT_STREAM_TYPE = "application/vnd.amazon.eventstream";
  private static final String CONVERSE = "converse";
  private static final String CONVERSE_STREAM = "converse-stream";
  private static final String INVOKE = "invoke";

  /** Returns whether {@code path} belongs to this dialect. */
  static boolean serves(String path) {
    return path.startsWith(PATH_PREFIX);
  }

  @Override
  public @Nullable Operation route(String method, String path) {
    if (!"POST".equals(method) || modelSegment(path) == null) {
      return null;
    }
    switch (action(path)) {
      case CONVERSE:
      case CONVERSE_STREAM:
        return Operation.CHAT;
      case INVOKE:
        return Operation.EMBEDDINGS;
      default:
        return null;
    }
  }

  @Override
  public @Nullable String model(String path, @Nullable JsonNode body) {
    String segment = modelSegment(path);
    if (segment == null) {
      return null;
    }
    // Percent-decoding only: a '+' in a path is a plus sign, not a space.
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public boolean stream(String path, @Nullable JsonNode body) {
    return modelSegment(path) != null && CONVERSE_STREAM.equals(action(path));
  }

  @Override
  public Reply render(Exchange exchange, FakeResponse response) {
    switch (response.kind()) {
      case ERROR:
        return error(
            response.status(),
            awsErrorType(response.status(), requireNonNull(response.errorType())),
            requireNonNull(response.errorMessage()));
      case RAW:
        String raw = requireNonNull(response.rawBody());
        String type = raw.stripLeading().startsWith("{") ? JSON_TYPE : "text/html; charset=utf-8";
        return Reply.whole(response.status(), type, raw.getBytes(StandardCharsets.UTF_8));
      case MALFORMED:
        return malformed(exchange);
      default:
        break;
    }
    if (exchange.operation() == Operation.EMBEDDINGS
        && BedrockMediaDialect.isImageRequest(exchange.body())) {
      return BedrockMediaDialect.images(exchange, response);
    }
    switch (response.kind()) {
      case MEDIA:
        return mismatch(exchange, response);
      case EMBEDDINGS:
        if (exchange.operation() != Operation.EMBEDDINGS) {
          return mismatch(exchange, response);
        }
        return embeddings(exchange, response.dimensions());
      case ECHO:
        if (exchange.operation() == Operation.EMBEDDINGS) {
          return embeddings(exchange, 0);
        }
        return chat(exchange, response, "Echo: " + lastUserText(exchange.body()));
      case COMPLETION:
        if (exchange.operation() != Operation.CHAT) {
          return mismatch(exchange, response);
        }
        return chat(exchange, response, response.text());
    }
    throw new AssertionError(response.kind());
  }

  @Override
  public Reply invalidRequest(String message) {
    return error(400, "ValidationException", message);
  }

  @Override
  public Reply notFound(String method, String path) {
    return error(404, "UnknownOperationException", "Unknown operation " + method + " " + path);
  }

  // Converse and ConverseStream.

  private static Reply chat(Exchange exchange, FakeResponse response, @Nullable String text) {
    String tampered = tamperedReasoning(exchange.body());
    if (tampered != null) {
      return error(400, "ValidationException", tampered);
    }
    String thoughts = thoughts(exchange.body(), response);
    List<ToolCallSpec> calls = response.toolCalls();
    String stopReason =
        stopReason(
            response.refusal() != null && response.finishReason() == null
                ? "content_filter"
                : response.finishReason(),
            !calls.isEmpty());
    UsageSpec scripted = response.usage();
    UsageSpec usage =
        scripted != null
            ? scripted
            : new UsageSpec(promptWords(exchange.body()), completionWords(text, calls), 0, 0);
    long cacheRead = usage.cachedPrompt();
    long cacheWrite = response.cacheWriteTokens();
    long input = Math.max(0, usage.prompt() - cacheRead - cacheWrite);
    Json.Writer usageWriter =
        g -> {
          g.writeObjectFieldStart("usage");
          g.writeNumberField("inputTokens", input);
          g.writeNumberField("outputTokens", usage.completion());
          g.writeNumberField("totalTokens", input + cacheRead + cacheWrite + usage.completion());
          if (cacheRead > 0 || cacheWrite > 0) {
            g.writeNumberField("cacheReadInputTokens", cacheRead);
            g.writeNumberField("cacheWriteInputTokens", cacheWrite);
          }
          g.writeEndObject();
          g.writeObjectFieldStart("metrics");
          g.writeNumberField("latencyMs", 0);
          g.writeEndObject();
        };
    boolean fail = response.ending() == FakeResponse.Ending.FAIL;
    if (!exchange.stream()) {
      if (fail) {
        String type = requireNonNull(response.errorType());
        return error(statusOf(type), type, requireNonNull(response.errorMessage()));
      }
      byte[] body =
          Json.bytes(
              g -> {
                g.writeStartObject();
                g.writeObjectFieldStart("output");
                g.writeObjectFieldStart("message");
                g.writeStringField("role", "assistant");
                g.writeArrayFieldStart("content");
                if (thoughts != null) {
                  g.writeStartObject();
                  g.writeObjectFieldStart("reasoningContent");
                  g.writeObjectFieldStart("reasoningText");
                  g.writeStringField("text", thoughts);
                  g.writeStringField("signature", signature(response));
                  g.writeEndObject();
                  g.writeEndObject();
                  g.writeEndObject();
                }
                if (text != null && !text.isEmpty()) {
                  g.writeStartObject();
                  g.writeStringField("text", text);
                  g.writeEndObject();
                }
                for (ToolCallSpec call : calls) {
                  g.writeStartObject();
                  g.writeObjectFieldStart("toolUse");
                  g.writeStringField("toolUseId", call.id());
                  g.writeStringField("name", call.name());
                  g.writeFieldName("input");
                  g.writeRawValue(call.argumentsJson());
                  g.writeEndObject();
                  g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
                g.writeStringField("stopReason", stopReason);
                usageWriter.write(g);
                g.writeEndObject();
              });
      return new Reply(200, headers(JSON_TYPE, exchange), List.of(body), 1, false);
    }
    List<byte[]> events = new ArrayList<>();
    events.add(event("messageStart", g -> g.writeStringField("role", "assistant")));
    int block = 0;
    if (thoughts != null) {
      int index = block++;
      for (String piece : Words.split(thoughts, response.chunkSize())) {
        events.add(reasoningDelta(index, "text", piece));
      }
      events.add(reasoningDelta(index, "signature", signature(response)));
      events.add(event("contentBlockStop", g -> g.writeNumberField("contentBlockIndex", index)));
    }
    if (text != null && !text.isEmpty()) {
      int index = block++;
      for (String piece : Words.split(text, response.chunkSize())) {
        events.add(
            event(
                "contentBlockDelta",
                g -> {
                  g.writeObjectFieldStart("delta");
                  g.writeStringField("text", piece);
                  g.writeEndObject();
                  g.writeNumberField("contentBlockIndex", index);
                }));
      }
      events.add(event("contentBlockStop", g -> g.writeNumberField("contentBlockIndex", index)));
    }
    int argumentChunk =
        response.chunkSize() > 0
            ? response.chunkSize()
            : OpenAiDialect.DEFAULT_ARGUMENT_CHUNK_CHARS;
    for (ToolCallSpec call : calls) {
      int index = block++;
      events.add(
          event(
              "contentBlockStart",
              g -> {
                g.writeObjectFieldStart("start");
                g.writeObjectFieldStart("toolUse");
                g.writeStringField("toolUseId", call.id());
                g.writeStringField("name", call.name());
                g.writeEndObject();
                g.writeEndObject();
                g.writeNumberField("contentBlockIndex", index);
              }));
      for (String piece : Words.split(call.argumentsJson(), argumentChunk)) {
        events.add(
            event(
                "contentBlockDelta",
                g -> {
                  g.writeObjectFieldStart("delta");
                  g.writeObjectFieldStart("toolUse");
                  g.writeStringField("input", piece);
                  g.writeEndObject();
                  g.writeEndObject();
                  g.writeNumberField("contentBlockIndex", index);
                }));
      }
      events.add(event("contentBlockStop", g -> g.writeNumberField("contentBlockIndex", index)));
    }
    int contentChunks = events.size();
    if (fail) {
      List<byte[]> cut =
          new ArrayList<>(events.subList(0, Math.min(response.endingAfter(), contentChunks)));
      cut.add(
          exception(requireNonNull(response.errorType()), requireNonNull(response.errorMessage())));
      return new Reply(200, headers(EVENT_STREAM_TYPE, exchange), cut, cut.size() - 1, true);
    }
    events.add(event("messageStop", g -> g.writeStringField("stopReason", stopReason)));
    events.add(event("metadata", usageWriter));
    return new Reply(200, headers(EVENT_STREAM_TYPE, exchange), events, contentChunks, true);
  }

  private static byte[] reasoningDelta(int index, String field, String value) {
    return event(
        "contentBlockDelta",
        g -> {
          g.writeObjectFieldStart("delta");
          g.writeObjectFieldStart("reasoningContent");
          g.writeStringField(field, value);
          g.writeEndObject();
          g.writeEndObject();
          g.writeNumberField("contentBlockIndex", index);
        });
  }

  /**
   * The thinking text to send, or null when the answer has none or the request did not ask for
   * reasoning; empty when the request asked Claude to omit it.
   */
  private static @Nullable String thoughts(JsonNode body, FakeResponse response) {
    String reasoning = response.reasoning();
    JsonNode fields = body.path("additionalModelRequestFields");
    if (reasoning == null
        || !(fields.has("thinking")
            || fields.has("reasoning_config")
            || fields.has("reasoningConfig"))) {
      return null;
    }
    return "omitted".equals(fields.path("thinking").path("display").asText()) ? "" : reasoning;
  }

  private static String signature(FakeResponse response) {
    return Signatures.sign(requireNonNull(response.reasoning()));
  }

  /** Describes the first reasoning block sent back with a signature not its own, or null. */
  private static @Nullable String tamperedReasoning(JsonNode body) {
    JsonNode messages = body.path("messages");
    for (int i = 0; i < messages.size(); i++) {
      JsonNode content = messages.get(i).path("content");
      for (int j = 0; j < content.size(); j++) {
        JsonNode text = content.get(j).path("reasoningContent").path("reasoningText");
        if (!text.isMissingNode()
            && !Signatures.verify(text.path("text").asText(), text.path("signature").asText())) {
          return "messages."
              + i
              + ".content."
              + j
              + ": the reasoning block was modified; its signature does not match";
        }
      }
    }
    return null;
  }

  /** Maps a scripted finish reason to Bedrock's stop reason; unknown ones pass verbatim. */
  private static String stopReason(@Nullable String finishReason, boolean toolCalls) {
    if (finishReason == null) {
      return toolCalls ? "tool_use" : "end_turn";
    }
    switch (finishReason) {
      case "stop":
        return "end_turn";
      case "length":
        return "max_tokens";
      case "tool_calls":
        return "tool_use";
      case "content_filter":
        return "content_filtered";
      default:
        return finishReason;
    }
  }

  /** Returns an event-stream message of type {@code event} with a JSON object payload. */
  static byte[] event(String eventType, Json.Writer fields) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":event-type", eventType);
    headers.put(":content-type", JSON_TYPE);
    headers.put(":message-type", "event");
    byte[] payload =
        Json.bytes(
            g -> {
              g.writeStartObject();
              fields.write(g);
              g.writeEndObject();
            });
    return EventStreamEncoder.encode(headers, payload);
  }

  /** Returns an event-stream message of type {@code exception}. */
  static byte[] exception(String exceptionType, String message) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":exception-type", exceptionType);
    headers.put(":content-type", JSON_TYPE);
    headers.put(":message-type", "exception");
    byte[] payload =
        Json.bytes(
            g -> {
              g.writeStartObject();
              g.writeStringField("message", message);
              g.writeEndObject();
            });
    return EventStreamEncoder.encode(headers, payload);
  }

  /** Returns the text of the last {@code user} message, or "" if there is none. */
  private static String lastUserText(JsonNode body) {
    JsonNode messages = body.path("messages");
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonNode message = messages.get(i);
      if ("user".equals(message.path("role").asText())) {
        return blocksText(message.path("content"));
      }
    }
    return "";
  }

  private static long promptWords(JsonNode body) {
    long words = Words.count(blocksText(body.path("system")));
    for (JsonNode message : body.path("messages")) {
      words += Words.count(blocksText(message.path("content")));
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

  /** Returns the {@code text} blocks of a content block list joined by a space. */
  private static String blocksText(JsonNode blocks) {
    StringBuilder text = new StringBuilder();
    for (JsonNode block : blocks) {
      JsonNode blockText = block.get("text");
      if (blockText != null && blockText.isTextual()) {
        if (text.length() > 0) {
          text.append(' ');
        }
        text.append(blockText.textValue());
      }
    }
    return text.toString();
  }

  // InvokeModel embeddings.

  private static Reply embeddings(Exchange exchange, int scriptedDimensions) {
    JsonNode body = exchange.body();
    JsonNode inputText = body.get("inputText");
    JsonNode texts = body.get("texts");
    if (inputText != null && inputText.isTextual()) {
      int requested = body.path("dimensions").asInt(0);
      int dimensions =
          scriptedDimensions > 0
              ? scriptedDimensions
              : requested > 0 ? requested : DEFAULT_EMBEDDING_DIMENSIONS;
      float[] vector = OpenAiDialect.vector(inputText.textValue(), dimensions);
      int tokens = Words.count(inputText.textValue());
      byte[] json =
          Json.bytes(
              g -> {
                g.writeStartObject();
                g.writeFieldName("embedding");
                writeVector(g, vector);
                g.writeObjectFieldStart("embeddingsByType");
                g.writeFieldName("float");
                writeVector(g, vector);
                g.writeEndObject();
                g.writeNumberField("inputTextTokenCount", tokens);
                g.writeEndObject();
              });
      return embeddingsReply(exchange, json, tokens);
    }
    if (texts != null && texts.isArray() && texts.size() > 0) {
      int dimensions = scriptedDimensions > 0 ? scriptedDimensions : DEFAULT_EMBEDDING_DIMENSIONS;
      List<String> inputs = new ArrayList<>();
      int tokens = 0;
      for (JsonNode item : texts) {
        if (!item.isTextual()) {
          return error(400, "ValidationException", "texts must be an array of strings");
        }
        inputs.add(item.textValue());
        tokens += Words.count(item.textValue());
      }
      String id = String.format(Locale.ROOT, "emb-fake%016d", exchange.sequence());
      byte[] json =
          Json.bytes(
              g -> {
                g.writeStartObject();
                g.writeStringField("id", id);
                g.writeArrayFieldStart("embeddings");
                for (String input : inputs) {
                  writeVector(g, OpenAiDialect.vector(input, dimensions));
                }
                g.writeEndArray();
                g.writeArrayFieldStart("texts");
                for (String input : inputs) {
                  g.writeString(input);
                }
                g.writeEndArray();
                g.writeStringField("response_type", "embeddings_floats");
                g.writeEndObject();
              });
      return embeddingsReply(exchange, json, tokens);
    }
    return error(
        400,
        "ValidationException",
        "Malformed input request: expected inputText (Titan) or texts (Cohere), please reformat"
            + " your input and try again.");
  }

  private static Reply embeddingsReply(Exchange exchange, byte[] json, int tokens) {
    Map<String, String> headers = new LinkedHashMap<>(headers(JSON_TYPE, exchange));
    headers.put("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(tokens));
    headers.put("X-Amzn-Bedrock-Output-Token-Count", "0");
    return new Reply(200, headers, List.of(json), 1, false);
  }

  private static void writeVector(JsonGenerator g, float[] vector) throws IOException {
    g.writeStartArray();
    for (float f : vector) {
      g.writeNumber(f);
    }
    g.writeEndArray();
  }

  // Errors and odd bodies.

  /**
   * Returns {@code type} if it already names an AWS error ({@code ...Exception}), else the AWS
   * error Bedrock answers with for {@code status}, so that dialect-neutral scripts such as {@link
   * FakeResponse#rateLimited} read naturally.
   */
  static String awsErrorType(int status, String type) {
    if (type.endsWith("Exception")) {
      return type;
    }
    switch (status) {
      case 400:
        return "ValidationException";
      case 401:
        return "UnrecognizedClientException";
      case 403:
        return "AccessDeniedException";
      case 404:
        return "ResourceNotFoundException";
      case 408:
        return "ModelTimeoutException";
      case 424:
        return "ModelErrorException";
      case 429:
        return "ThrottlingException";
      case 503:
        return "ServiceUnavailableException";
      default:
        return status >= 500 ? "InternalServerException" : "ValidationException";
    }
  }

  /** Returns the HTTP status Bedrock answers an error type with. */
  static int statusOf(String type) {
    switch (type) {
      case "ThrottlingException":
        return 429;
      case "AccessDeniedException":
        return 403;
      case "ResourceNotFoundException":
        return 404;
      case "ModelTimeoutException":
        return 408;
      case "ModelErrorException":
      case "ModelStreamErrorException":
        return 424;
      case "ServiceUnavailableException":
        return 503;
      case "InternalServerException":
        return 500;
      default:
        return 400;
    }
  }

  static Reply error(int status, String type, String message) {
    byte[] body =
        Json.bytes(
            g -> {
              g.writeStartObject();
              g.writeStringField("message", message);
              g.writeEndObject();
            });
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", JSON_TYPE);
    headers.put("x-amzn-ErrorType", type);
    return new Reply(status, headers, List.of(body), 1, false);
  }

  private static Reply mismatch(Exchange exchange, FakeResponse response) {
    return error(
        500,
        "InternalServerException",
        "FakeLlmServer: "
            + response
            + " cannot answer the "
            + exchange.operation()
            + " request for "
            + exchange.model()
            + ", check the script");
  }

  private static Reply malformed(Exchange exchange) {
    if (!exchange.stream()) {
      String broken =
          exchange.operation() == Operation.EMBEDDINGS
              ? "{\"embedding\":[0.1,"
              : "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hel";
      return new Reply(
          200,
          headers(JSON_TYPE, exchange),
          List.of(broken.getBytes(StandardCharsets.UTF_8)),
          1,
          false);
    }
    byte[] start = event("messageStart", g -> g.writeStringField("role", "assistant"));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":event-type", "contentBlockDelta");
    headers.put(":content-type", JSON_TYPE);
    headers.put(":message-type", "event");
    byte[] broken =
        EventStreamEncoder.encode(
            headers,
            "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel".getBytes(StandardCharsets.UTF_8));
    byte[] stop = event("messageStop", g -> g.writeStringField("stopReason", "end_turn"));
    return new Reply(
        200, headers(EVENT_STREAM_TYPE, exchange), List.of(start, broken, stop), 2, true);
  }

  private static Map<String, String> headers(String contentType, Exchange exchange) {
    String requestId = String.format(Locale.ROOT, "req-fake%016d", exchange.sequence());
    return Map.of("Content-Type", contentType, "x-amzn-RequestId", requestId);
  }

  /** Returns the raw model segment of {@code /model/{id}/{action}}, or null. */
  private static @Nullable String modelSegment(String path) {
    if (!path.startsWith(PATH_PREFIX)) {
      return null;
    }
    int slash = path.lastIndexOf('/');
    if (slash <= PATH_PREFIX.length()) {
      return null;
    }
    return path.substring(PATH_PREFIX.length(), slash);
  }

  private static String action(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static <T> T requireNonNull(@Nullable T value) {
    if (value == null) {
      throw new IllegalStateException("incomplete FakeResponse");
    }
    return value;
  }
}
