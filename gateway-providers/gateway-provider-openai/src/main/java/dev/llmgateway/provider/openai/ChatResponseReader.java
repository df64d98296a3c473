package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Embedding;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.ErrorBody;
import dev.llmgateway.provider.http.HttpErrorMapper;
import dev.llmgateway.provider.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Reads Chat Completions, legacy Completions and Embeddings response bodies into the normalized
 * model.
 */
final class ChatResponseReader {
  private ChatResponseReader() {}

  /**
   * Reads a Chat Completions answer: in one streaming pass when the body has the usual shape, with
   * {@link #chatFromTree} otherwise, which gives the same response or throws the same error.
   *
   * @throws dev.llmgateway.error.ProviderException a {@code MALFORMED_RESPONSE} for a body that is
   *     not a chat completion, or the error an error body inside describes
   * @throws RuntimeException for values the model rejects, such as a blank tool name
   */
  /**
   * Reads a Chat Completions answer held in a buffer, as {@link #chat(byte[], String, String,
   * HttpErrorMapper)} reads it from an array, and empties the buffer (its segments go back to
   * Okio's pool). An answer within one segment (8 KiB, most answers) is parsed where it lies.
   */
  static ChatResponse chat(
      Buffer body, String provider, String requestedModel, HttpErrorMapper errors) {
    try {
      long size = body.size();
      boolean oneSegment;
      ChatResponse answer = null;
      // Read through a cursor: reading a copy or a peek would share the segment, which Okio
      // then never takes back into its pool.
      try (Buffer.UnsafeCursor cursor = body.readUnsafe()) {
        oneSegment = size > 0 && cursor.seek(0) == size;
        if (oneSegment) {
          byte[] data = Objects.requireNonNull(cursor.data);
          answer = ChatAnswerParser.read(data, cursor.start, (int) size, provider, requestedModel);
        }
      }
      if (answer != null) {
        return answer;
      }
      byte[] bytes = body.readByteArray();
      return oneSegment
          ? chatFromTree(bytes, provider, requestedModel, errors)
          : chat(bytes, provider, requestedModel, errors);
    } finally {
      body.clear();
    }
  }

  static ChatResponse chat(
      byte[] body, String provider, String requestedModel, HttpErrorMapper errors) {
    ChatResponse answer = ChatAnswerParser.read(body, provider, requestedModel);
    return answer != null ? answer : chatFromTree(body, provider, requestedModel, errors);
  }

  /**
   * Reads a Chat Completions answer from a parsed tree: the reader for bodies the streaming {@link
   * ChatAnswerParser} leaves alone (errors, odd shapes), and the reference it is tested against.
   *
   * @throws dev.llmgateway.error.ProviderException a {@code MALFORMED_RESPONSE} for a body that is
   *     not a chat completion, or the error an error body inside describes
   * @throws RuntimeException for values the model rejects, such as a blank tool name
   */
  static ChatResponse chatFromTree(
      byte[] body, String provider, String requestedModel, HttpErrorMapper errors) {
    JsonNode root = parse(body, requestedModel, errors);
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw errors.malformed(requestedModel, "the response has no choices", null);
    }
    JsonNode choice = choices.get(0);
    JsonNode message = Json.object(choice, "message");
    if (message == null) {
      throw errors.malformed(requestedModel, "the response's first choice has no message", null);
    }
    List<ToolCall> toolCalls = new ArrayList<>();
    JsonNode calls = message.get("tool_calls");
    if (calls != null && calls.isArray()) {
      for (JsonNode call : calls) {
        JsonNode function = Json.object(call, "function");
        String name = Json.text(function, "name");
        if (name == null) {
          throw errors.malformed(requestedModel, "a tool call has no function name", null);
        }
        String id = Json.text(call, "id");
        String arguments = Json.text(function, "arguments");
        toolCalls.add(new ToolCall(id == null ? "" : id, name, arguments == null ? "" : arguments));
      }
    }
    JsonNode legacyCall = Json.object(message, "function_call");
    if (legacyCall != null && Json.text(legacyCall, "name") != null) {
      String arguments = Json.text(legacyCall, "arguments");
      toolCalls.add(
          new ToolCall("", Json.text(legacyCall, "name"), arguments == null ? "" : arguments));
    }
    String id = Json.text(root, "id");
    String model = Json.text(root, "model");
    ChatResponse response =
        ChatResponse.of(
            id == null ? "" : id,
            provider,
            model == null ? requestedModel : model,
            text(message),
            toolCalls,
            finishReason(Json.text(choice, "finish_reason")),
            usage(root.get("usage")));
    String reasoning = reasoningText(message);
    if (reasoning != null) {
      response = response.withReasoning(List.of(ReasoningBlock.text(reasoning)));
    }
    String refusal = refusal(message);
    return refusal == null ? response : response.withRefusal(refusal);
  }

  /**
   * The thinking text some compatible servers return beside the answer: {@code reasoning_content}
   * (DeepSeek, vLLM) or a {@code reasoning} string (OpenRouter, Groq, Ollama); {@code null} when
   * there is none.
   */
  static @Nullable String reasoningText(@Nullable JsonNode messageOrDelta) {
    String text = Json.text(messageOrDelta, "reasoning_content");
    if (text == null || text.isEmpty()) {
      text = Json.text(messageOrDelta, "reasoning");
    }
    return text == null || text.isEmpty() ? null : text;
  }

  /** Reads a legacy Completions answer: {@code choices[0].text}, finish reason and usage. */
  static ChatResponse completion(
      byte[] body, String provider, String requestedModel, HttpErrorMapper errors) {
    JsonNode root = parse(body, requestedModel, errors);
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw errors.malformed(requestedModel, "the response has no choices", null);
    }
    JsonNode choice = choices.get(0);
    String text = Json.text(choice, "text");
    if (text == null) {
      throw errors.malformed(requestedModel, "the response's first choice has no text", null);
    }
    String id = Json.text(root, "id");
    String model = Json.text(root, "model");
    return ChatResponse.of(
        id == null ? "" : id,
        provider,
        model == null ? requestedModel : model,
        text,
        List.of(),
        finishReason(Json.text(choice, "finish_reason")),
        usage(root.get("usage")));
  }

  static EmbeddingResponse embeddings(
      byte[] body, String provider, String requestedModel, HttpErrorMapper errors) {
    JsonNode root = parse(body, requestedModel, errors);
    JsonNode data = root.get("data");
    if (data == null || !data.isArray() || data.isEmpty()) {
      throw errors.malformed(requestedModel, "the response has no data", null);
    }
    List<Embedding> embeddings = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      JsonNode item = data.get(i);
      JsonNode vector = item.get("embedding");
      if (vector == null || !vector.isArray()) {
        throw errors.malformed(requestedModel, "embedding #" + i + " is not a float array", null);
      }
      float[] values = new float[vector.size()];
      for (int j = 0; j < values.length; j++) {
        JsonNode value = vector.get(j);
        if (!value.isNumber()) {
          throw errors.malformed(requestedModel, "embedding #" + i + " holds a non-number", null);
        }
        values[j] = value.floatValue();
      }
      JsonNode index = item.get("index");
      embeddings.add(new Embedding(index != null && index.isInt() ? index.asInt() : i, values));
    }
    embeddings.sort(Comparator.comparingInt(Embedding::index));
    String model = Json.text(root, "model");
    JsonNode usage = Json.object(root, "usage");
    return EmbeddingResponse.of(
        provider,
        model == null ? requestedModel : model,
        embeddings,
        Json.hasNumber(usage, "prompt_tokens")
            ? Usage.of(Json.count(usage, "prompt_tokens"), 0)
            : Usage.NOT_REPORTED);
  }

  /** Parses a successful body; an error object in it (some compatible servers) is thrown. */
  private static JsonNode parse(byte[] body, String model, HttpErrorMapper errors) {
    JsonNode root;
    try {
      root = Json.read(body);
    } catch (IOException e) {
      throw errors.malformed(model, "the response body is not valid JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw errors.malformed(model, "the response body is not a JSON object", null);
    }
    JsonNode error = root.get("error");
    if (error != null && !error.isNull()) {
      ErrorBody said = OpenAiErrorDialect.read(root);
      if (said != null) {
        throw errors.fromErrorBody(0, said, null, model);
      }
    }
    return root;
  }

  /** The answer text: the content string, or the text parts of a content array. */
  private static String text(JsonNode message) {
    JsonNode content = message.get("content");
    if (content != null && content.isTextual()) {
      return content.asText();
    }
    if (content != null && content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        String text = Json.text(part, "text");
        if (text != null) {
          sb.append(text);
        }
      }
      return sb.toString();
    }
    return "";
  }

  /**
   * The model's refusal: {@code message.refusal} (Structured Outputs and safety refusals, sent with
   * finish reason {@code stop}), or {@code refusal} parts of a content array; {@code null} when the
   * message holds none (OpenAI sends {@code "refusal": null} on every answer).
   */
  static @Nullable String refusal(JsonNode message) {
    String refusal = Json.text(message, "refusal");
    if (refusal != null && !refusal.isEmpty()) {
      return refusal;
    }
    JsonNode content = message.get("content");
    if (content != null && content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        if ("refusal".equals(Json.text(part, "type"))) {
          String piece = Json.text(part, "refusal");
          sb.append(piece == null ? "" : piece);
        }
      }
      return sb.length() == 0 ? null : sb.toString();
    }
    return null;
  }

  static FinishReason finishReason(@Nullable String reason) {
    if (reason == null) {
      return FinishReason.OTHER;
    }
    return switch (reason) {
      case "stop" -> FinishReason.STOP;
      case "length" -> FinishReason.LENGTH;
      case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  /**
   * OpenAI usage; details are parts of their totals, clamped so an odd server cannot break it. A
   * count the body leaves out is not reported, and the whole usage is {@link Usage#NOT_REPORTED}
   * without a {@code usage} object; the wire has no cache-write count.
   */
  static Usage usage(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.NOT_REPORTED;
    }
    EnumSet<Usage.Count> reported = EnumSet.noneOf(Usage.Count.class);
    long input = count(usage, "prompt_tokens", Usage.Count.INPUT, reported);
    long output = count(usage, "completion_tokens", Usage.Count.OUTPUT, reported);
    long cached =
        count(
            Json.object(usage, "prompt_tokens_details"),
            "cached_tokens",
            Usage.Count.CACHED_READ_INPUT,
            reported);
    long reasoning =
        count(
            Json.object(usage, "completion_tokens_details"),
            "reasoning_tokens",
            Usage.Count.REASONING,
            reported);
    return new Usage(
        input, output, Math.min(cached, input), 0, Math.min(reasoning, output), reported);
  }

  private static long count(
      @Nullable JsonNode node, String field, Usage.Count count, Set<Usage.Count> reported) {
    if (Json.hasNumber(node, field)) {
      reported.add(count);
    }
    return Json.count(node, field);
  }
}
