package dev.llmgateway.testkit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.testkit.FakeResponse.ToolCallSpec;
import dev.llmgateway.testkit.FakeResponse.UsageSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI wire format: {@code POST /v1/chat/completions} (a {@code chat.completion} object, or
 * {@code chat.completion.chunk} server-sent events ending with {@code data: [DONE]}) and {@code
 * POST /v1/embeddings}, and through {@link OpenAiMediaDialect} the images, transcription and speech
 * endpoints. Errors use {@code {"error":{"message","type","param","code"}}}.
 */
final class OpenAiDialect implements Dialect {
  static final String CHAT_PATH = "/v1/chat/completions";
  static final String EMBEDDINGS_PATH = "/v1/embeddings";

  /** The fixed {@code created} timestamp of every answer (2023-11-14T22:13:20Z). */
  static final long CREATED = 1_700_000_000L;

  static final String SYSTEM_FINGERPRINT = "fp_fakellm01";

  /** Characters per streamed tool-call arguments fragment when no chunk size is set. */
  static final int DEFAULT_ARGUMENT_CHUNK_CHARS = 8;

  private static final String JSON_TYPE = "application/json";
  private static final String SSE_TYPE = "text/event-stream; charset=utf-8";
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  @Override
  public @Nullable Operation route(String method, String path) {
    if (!"POST".equals(method)) {
      return null;
    }
    switch (path) {
      case CHAT_PATH:
        return Operation.CHAT;
      case EMBEDDINGS_PATH:
        return Operation.EMBEDDINGS;
      default:
        return OpenAiMediaDialect.route(path);
    }
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
    if (path.equals(OpenAiMediaDialect.TRANSCRIPTIONS_PATH)) {
      return OpenAiMediaDialect.stream(body);
    }
    return body != null && isTrue(body.get("stream"));
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
        return Reply.whole(
            response.status(), guessContentType(raw), raw.getBytes(StandardCharsets.UTF_8));
      case MALFORMED:
        return malformed(exchange);
      default:
        break;
    }
    if (OpenAiMediaDialect.isMedia(exchange.operation())) {
      return OpenAiMediaDialect.render(exchange, response);
    }
    switch (response.kind()) {
      case MEDIA:
        return mismatch(exchange, response);
      case EMBEDDINGS:
        if (exchange.operation() != Operation.EMBEDDINGS) {
          return mismatch(exchange, response);
        }
        return embeddings(exchange, response.dimensions(), response.usage());
      case ECHO:
        if (exchange.operation() == Operation.EMBEDDINGS) {
          int requested = exchange.body().path("dimensions").asInt(0);
          return embeddings(
              exchange,
              requested > 0 ? requested : FakeResponse.DEFAULT_EMBEDDING_DIMENSIONS,
              response.usage());
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
    return error(400, "invalid_request_error", null, message);
  }

  @Override
  public Reply notFound(String method, String path) {
    return error(404, "invalid_request_error", null, "Invalid URL (" + method + " " + path + ")");
  }

  // Chat completions.

  private static Reply chat(Exchange exchange, FakeResponse response, @Nullable String text) {
    List<ToolCallSpec> calls = response.toolCalls();
    String finishReason = response.finishReason();
    if (finishReason == null) {
      finishReason = calls.isEmpty() ? "stop" : "tool_calls";
    }
    String refusal = response.refusal();
    UsageSpec usage = response.usage();
    if (usage == null) {
      long completion = completionWords(text, calls) + (refusal == null ? 0 : Words.count(refusal));
      usage = new UsageSpec(promptWords(exchange.body()), completion, 0, 0);
    }
    String id = String.format(Locale.ROOT, "chatcmpl-fake%016d", exchange.sequence());
    if (!exchange.stream()) {
      byte[] body = chatCompletion(id, exchange.model(), text, refusal, calls, finishReason, usage);
      return new Reply(200, headers(JSON_TYPE, exchange), List.of(body), 1, false);
    }
    boolean includeUsage = isTrue(exchange.body().path("stream_options").get("include_usage"));
    ChunkWriter chunks = new ChunkWriter(id, exchange.model(), includeUsage);
    List<byte[]> events = new ArrayList<>();
    events.add(
        chunks.delta(
            g -> {
              g.writeStringField("role", "assistant");
              if (refusal == null || text != null) {
                g.writeStringField("content", "");
                g.writeNullField("refusal");
              } else {
                g.writeNullField("content");
                g.writeStringField("refusal", "");
              }
            },
            null));
    if (text != null) {
      for (String piece : Words.split(text, response.chunkSize())) {
        events.add(chunks.delta(g -> g.writeStringField("content", piece), null));
      }
    }
    if (refusal != null) {
      for (String piece : Words.split(refusal, response.chunkSize())) {
        events.add(chunks.delta(g -> g.writeStringField("refusal", piece), null));
      }
    }
    int argumentChunk =
        response.chunkSize() > 0 ? response.chunkSize() : DEFAULT_ARGUMENT_CHUNK_CHARS;
    for (int index = 0; index < calls.size(); index++) {
      ToolCallSpec call = calls.get(index);
      int i = index;
      events.add(
          chunks.delta(
              g -> {
                g.writeArrayFieldStart("tool_calls");
                g.writeStartObject();
                g.writeNumberField("index", i);
                g.writeStringField("id", call.id());
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", call.name());
                g.writeStringField("arguments", "");
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndArray();
              },
              null));
      for (String piece : Words.split(call.argumentsJson(), argumentChunk)) {
        events.add(
            chunks.delta(
                g -> {
                  g.writeArrayFieldStart("tool_calls");
                  g.writeStartObject();
                  g.writeNumberField("index", i);
                  g.writeObjectFieldStart("function");
                  g.writeStringField("arguments", piece);
                  g.writeEndObject();
                  g.writeEndObject();
                  g.writeEndArray();
                },
                null));
      }
    }
    int contentChunks = events.size();
    events.add(chunks.delta(g -> {}, finishReason));
    if (includeUsage) {
      UsageSpec finalUsage = usage;
      events.add(chunks.usage(finalUsage));
    }
    events.add(DONE);
    return new Reply(200, headers(SSE_TYPE, exchange), events, contentChunks, true);
  }

  private static byte[] chatCompletion(
      String id,
      String model,
      @Nullable String text,
      @Nullable String refusal,
      List<ToolCallSpec> calls,
      String finishReason,
      UsageSpec usage) {
    return Json.bytes(
        g -> {
          g.writeStartObject();
          g.writeStringField("id", id);
          g.writeStringField("object", "chat.completion");
          g.writeNumberField("created", CREATED);
          g.writeStringField("model", model);
          g.writeArrayFieldStart("choices");
          g.writeStartObject();
          g.writeNumberField("index", 0);
          g.writeObjectFieldStart("message");
          g.writeStringField("role", "assistant");
          g.writeStringField("content", text);
          g.writeStringField("refusal", refusal);
          g.writeArrayFieldStart("annotations");
          g.writeEndArray();
          if (!calls.isEmpty()) {
            g.writeArrayFieldStart("tool_calls");
            for (ToolCallSpec call : calls) {
              g.writeStartObject();
              g.writeStringField("id", call.id());
              g.writeStringField("type", "function");
              g.writeObjectFieldStart("function");
              g.writeStringField("name", call.name());
              g.writeStringField("arguments", call.argumentsJson());
              g.writeEndObject();
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          g.writeEndObject();
          g.writeNullField("logprobs");
          g.writeStringField("finish_reason", finishReason);
          g.writeEndObject();
          g.writeEndArray();
          writeUsage(g, usage);
          g.writeStringField("service_tier", "default");
          g.writeStringField("system_fingerprint", SYSTEM_FINGERPRINT);
          g.writeEndObject();
        });
  }

  /** Writes {@code chat.completion.chunk} events that share an id and model. */
  private static final class ChunkWriter {
    private final String id;
    private final String model;
    private final boolean includeUsage;

    ChunkWriter(String id, String model, boolean includeUsage) {
      this.id = id;
      this.model = model;
      this.includeUsage = includeUsage;
    }

    byte[] delta(Json.Writer delta, @Nullable String finishReason) {
      return Json.event(
          g -> {
            head(g);
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("delta");
            delta.write(g);
            g.writeEndObject();
            g.writeNullField("logprobs");
            g.writeStringField("finish_reason", finishReason);
            g.writeEndObject();
            g.writeEndArray();
            if (includeUsage) {
              g.writeNullField("usage");
            }
            g.writeEndObject();
          });
    }

    byte[] usage(UsageSpec usage) {
      return Json.event(
          g -> {
            head(g);
            g.writeArrayFieldStart("choices");
            g.writeEndArray();
            writeUsage(g, usage);
            g.writeEndObject();
          });
    }

    private void head(JsonGenerator g) throws IOException {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("object", "chat.completion.chunk");
      g.writeNumberField("created", CREATED);
      g.writeStringField("model", model);
      g.writeStringField("service_tier", "default");
      g.writeStringField("system_fingerprint", SYSTEM_FINGERPRINT);
    }
  }

  private static void writeUsage(JsonGenerator g, UsageSpec usage) throws IOException {
    g.writeObjectFieldStart("usage");
    g.writeNumberField("prompt_tokens", usage.prompt());
    g.writeNumberField("completion_tokens", usage.completion());
    g.writeNumberField("total_tokens", usage.prompt() + usage.completion());
    g.writeObjectFieldStart("prompt_tokens_details");
    g.writeNumberField("cached_tokens", usage.cachedPrompt());
    g.writeNumberField("audio_tokens", 0);
    g.writeEndObject();
    g.writeObjectFieldStart("completion_tokens_details");
    g.writeNumberField("reasoning_tokens", usage.reasoning());
    g.writeNumberField("audio_tokens", 0);
    g.writeNumberField("accepted_prediction_tokens", 0);
    g.writeNumberField("rejected_prediction_tokens", 0);
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Returns the text of the last {@code user} message, or "" if there is none. */
  private static String lastUserText(JsonNode body) {
    JsonNode messages = body.path("messages");
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonNode message = messages.get(i);
      if ("user".equals(message.path("role").asText())) {
        return contentText(message.get("content"));
      }
    }
    return "";
  }

  private static long promptWords(JsonNode body) {
    long words = 0;
    for (JsonNode message : body.path("messages")) {
      words += Words.count(contentText(message.get("content")));
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

  /** Returns a message content's text: the string, or its text parts joined by a space. */
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

  // Embeddings.

  private static Reply embeddings(Exchange exchange, int dimensions, @Nullable UsageSpec usage) {
    JsonNode input = exchange.body().get("input");
    List<String> keys = new ArrayList<>();
    long words = 0;
    if (input != null && input.isTextual()) {
      keys.add(input.textValue());
      words = Words.count(input.textValue());
    } else if (input != null && input.isArray() && input.size() > 0) {
      if (input.get(0).isNumber()) {
        keys.add(input.toString());
        words = input.size();
      } else {
        for (JsonNode item : input) {
          if (item.isTextual()) {
            keys.add(item.textValue());
            words += Words.count(item.textValue());
          } else if (item.isArray()) {
            keys.add(item.toString());
            words += item.size();
          } else {
            return invalidInput();
          }
        }
      }
    } else {
      return invalidInput();
    }
    boolean base64 = "base64".equals(exchange.body().path("encoding_format").asText());
    long promptTokens = usage != null ? usage.prompt() : words;
    byte[] body =
        Json.bytes(
            g -> {
              g.writeStartObject();
              g.writeStringField("object", "list");
              g.writeArrayFieldStart("data");
              for (int i = 0; i < keys.size(); i++) {
                float[] vector = vector(keys.get(i), dimensions);
                g.writeStartObject();
                g.writeStringField("object", "embedding");
                g.writeNumberField("index", i);
                if (base64) {
                  ByteBuffer bytes =
                      ByteBuffer.allocate(vector.length * Float.BYTES)
                          .order(ByteOrder.LITTLE_ENDIAN);
                  for (float f : vector) {
                    bytes.putFloat(f);
                  }
                  g.writeStringField(
                      "embedding", Base64.getEncoder().encodeToString(bytes.array()));
                } else {
                  g.writeArrayFieldStart("embedding");
                  for (float f : vector) {
                    g.writeNumber(f);
                  }
                  g.writeEndArray();
                }
                g.writeEndObject();
              }
              g.writeEndArray();
              g.writeStringField("model", exchange.model());
              g.writeObjectFieldStart("usage");
              g.writeNumberField("prompt_tokens", promptTokens);
              g.writeNumberField("total_tokens", promptTokens);
              g.writeEndObject();
              g.writeEndObject();
            });
    return new Reply(200, headers(JSON_TYPE, exchange), List.of(body), 1, false);
  }

  private static Reply invalidInput() {
    return error(
        400,
        "invalid_request_error",
        null,
        "'input' must be a non-empty string, array of strings, or array of token arrays");
  }

  /** Returns a unit vector derived from {@code key} alone. */
  static float[] vector(String key, int dimensions) {
    SplittableRandom random = new SplittableRandom(fnv1a64(key));
    double[] raw = new double[dimensions];
    double sumOfSquares = 0;
    for (int i = 0; i < dimensions; i++) {
      raw[i] = random.nextDouble() * 2 - 1;
      sumOfSquares += raw[i] * raw[i];
    }
    double norm = sumOfSquares == 0 ? 1 : Math.sqrt(sumOfSquares);
    float[] vector = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (raw[i] / norm);
    }
    return vector;
  }

  private static long fnv1a64(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  // Errors and odd bodies.

  static Reply error(int status, String type, @Nullable String code, String message) {
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

  private static Reply mismatch(Exchange exchange, FakeResponse response) {
    String path = exchange.operation() == Operation.CHAT ? CHAT_PATH : EMBEDDINGS_PATH;
    return error(
        500,
        "server_error",
        null,
        "FakeLlmServer: " + response + " cannot answer POST " + path + ", check the script");
  }

  private static Reply malformed(Exchange exchange) {
    String id = String.format(Locale.ROOT, "chatcmpl-fake%016d", exchange.sequence());
    String model = Json.MAPPER.getNodeFactory().textNode(exchange.model()).toString();
    if (exchange.operation() == Operation.EMBEDDINGS) {
      String broken =
          "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,";
      return new Reply(
          200,
          headers(JSON_TYPE, exchange),
          List.of(broken.getBytes(StandardCharsets.UTF_8)),
          1,
          false);
    }
    String prefix =
        "{\"id\":\""
            + id
            + "\",\"object\":\"chat.completion"
            + (exchange.stream() ? ".chunk" : "")
            + "\",\"created\":"
            + CREATED
            + ",\"model\":"
            + model
            + ",\"choices\":[{\"index\":0,";
    if (!exchange.stream()) {
      String broken = prefix + "\"message\":{\"role\":\"assistant\",\"content\":\"Hel";
      return new Reply(
          200,
          headers(JSON_TYPE, exchange),
          List.of(broken.getBytes(StandardCharsets.UTF_8)),
          1,
          false);
    }
    ChunkWriter chunks = new ChunkWriter(id, exchange.model(), false);
    byte[] role =
        chunks.delta(
            g -> {
              g.writeStringField("role", "assistant");
              g.writeStringField("content", "");
              g.writeNullField("refusal");
            },
            null);
    byte[] broken =
        ("data: " + prefix + "\"delta\":{\"content\":\"Hel\n\n").getBytes(StandardCharsets.UTF_8);
    return new Reply(200, headers(SSE_TYPE, exchange), List.of(role, broken, DONE), 2, true);
  }

  private static String guessContentType(String body) {
    String start = body.stripLeading();
    if (start.startsWith("{") || start.startsWith("[")) {
      return JSON_TYPE;
    }
    if (start.startsWith("<")) {
      return "text/html; charset=utf-8";
    }
    return "text/plain; charset=utf-8";
  }

  private static Map<String, String> headers(String contentType, Exchange exchange) {
    String requestId = String.format(Locale.ROOT, "req_fake%016d", exchange.sequence());
    return Map.of("Content-Type", contentType, "x-request-id", requestId);
  }

  private static boolean isTrue(@Nullable JsonNode node) {
    return node != null && node.isBoolean() && node.booleanValue();
  }

  private static <T> T requireNonNull(@Nullable T value) {
    if (value == null) {
      throw new IllegalStateException("incomplete FakeResponse");
    }
    return value;
  }
}
