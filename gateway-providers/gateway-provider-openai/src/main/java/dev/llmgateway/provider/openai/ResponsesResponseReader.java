package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.ErrorBody;
import dev.llmgateway.provider.http.HttpErrorMapper;
import dev.llmgateway.provider.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads Responses API answers (a {@code response} object) into the normalized model, and holds what
 * the plain and the streamed reader share: usage, finish reasons and error mapping.
 *
 * <ul>
 *   <li>{@code output} items: {@code message} items give the text ({@code output_text} parts) and
 *       the refusal ({@code refusal} parts); {@code function_call} items the tool calls (their
 *       {@code call_id} is the call's id); {@code reasoning} items the reasoning blocks (the {@code
 *       summary_text} parts joined by a blank line, the item {@code id} and {@code
 *       encrypted_content}). Other item types (built-in tools) are skipped.
 *   <li>Finish reason: {@code status: "incomplete"} with {@code incomplete_details.reason} {@code
 *       max_output_tokens} is {@code LENGTH}, {@code content_filter} is {@code CONTENT_FILTER}; a
 *       completed answer with tool calls is {@code TOOL_CALLS}, with a refusal {@code
 *       CONTENT_FILTER}, else {@code STOP}.
 *   <li>Usage: {@code input_tokens} (cached included), {@code input_tokens_details.cached_tokens},
 *       {@code output_tokens} (reasoning included), {@code output_tokens_details.reasoning_tokens};
 *       the wire has no cache-write count.
 *   <li>{@code status: "failed"} and error objects become the mapped {@link ProviderException}:
 *       {@code rate_limit_exceeded} is {@code RATE_LIMITED}, {@code server_error} and unknown codes
 *       {@code UNAVAILABLE}, {@code invalid_*} and image codes {@code INVALID_REQUEST}, content
 *       policy codes {@code CONTENT_FILTERED}, {@code context_length_exceeded} {@code
 *       CONTEXT_LENGTH_EXCEEDED}.
 * </ul>
 */
final class ResponsesResponseReader {
  private ResponsesResponseReader() {}

  static ChatResponse chat(
      byte[] body, String provider, String requestedModel, HttpErrorMapper errors) {
    JsonNode root;
    try {
      root = Json.read(body);
    } catch (IOException e) {
      throw errors.malformed(requestedModel, "the response body is not valid JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw errors.malformed(requestedModel, "the response body is not a JSON object", null);
    }
    JsonNode error = root.get("error");
    if (error != null && error.isObject()) {
      throw failure(error, errors, requestedModel);
    }
    if ("failed".equals(Json.text(root, "status"))) {
      throw failure(Json.object(root, "error"), errors, requestedModel);
    }
    JsonNode output = root.get("output");
    if (output == null || !output.isArray()) {
      throw errors.malformed(requestedModel, "the response has no output array", null);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder refusal = null;
    List<ToolCall> calls = new ArrayList<>();
    List<ReasoningBlock> reasoning = new ArrayList<>();
    for (JsonNode item : output) {
      String type = Json.text(item, "type");
      if ("message".equals(type)) {
        for (JsonNode part : item.path("content")) {
          String partType = Json.text(part, "type");
          if ("output_text".equals(partType)) {
            String piece = Json.text(part, "text");
            text.append(piece == null ? "" : piece);
          } else if ("refusal".equals(partType)) {
            String piece = Json.text(part, "refusal");
            refusal = (refusal == null ? new StringBuilder() : refusal);
            refusal.append(piece == null ? "" : piece);
          }
        }
      } else if ("function_call".equals(type)) {
        calls.add(toolCall(item, errors, requestedModel));
      } else if ("reasoning".equals(type)) {
        reasoning.add(reasoningBlock(item));
      }
    }
    String id = Json.text(root, "id");
    String model = Json.text(root, "model");
    FinishReason reason = finishReason(root, !calls.isEmpty(), refusal != null);
    ChatResponse response =
        ChatResponse.of(
            id == null ? "" : id,
            provider,
            model == null ? requestedModel : model,
            text.toString(),
            calls,
            reason,
            usage(Json.object(root, "usage")));
    if (!reasoning.isEmpty()) {
      response = response.withReasoning(reasoning);
    }
    return refusal == null ? response : response.withRefusal(refusal.toString());
  }

  static ToolCall toolCall(JsonNode item, HttpErrorMapper errors, @Nullable String model) {
    String name = Json.text(item, "name");
    if (name == null) {
      throw errors.malformed(model, "a function_call item has no name", null);
    }
    String callId = Json.text(item, "call_id");
    String arguments = Json.text(item, "arguments");
    return new ToolCall(
        callId != null ? callId : Json.text(item, "id") == null ? "" : Json.text(item, "id"),
        name,
        arguments == null ? "" : arguments);
  }

  /** A reasoning item's summary parts joined by a blank line, its id and encrypted content. */
  static ReasoningBlock reasoningBlock(JsonNode item) {
    return new ReasoningBlock(
        summaryText(item), null, null, Json.text(item, "id"), Json.text(item, "encrypted_content"));
  }

  static String summaryText(JsonNode item) {
    StringBuilder text = new StringBuilder();
    for (JsonNode part : item.path("summary")) {
      String piece = Json.text(part, "text");
      if (piece != null && !piece.isEmpty()) {
        if (text.length() > 0) {
          text.append("\n\n");
        }
        text.append(piece);
      }
    }
    // Open-weight models return their raw reasoning as reasoning_text content.
    for (JsonNode part : item.path("content")) {
      if ("reasoning_text".equals(Json.text(part, "type"))) {
        String piece = Json.text(part, "text");
        text.append(piece == null ? "" : piece);
      }
    }
    return text.toString();
  }

  /** The finish reason of a response object (see the class comment). */
  static FinishReason finishReason(JsonNode response, boolean toolCalls, boolean refused) {
    if ("incomplete".equals(Json.text(response, "status"))) {
      String why = Json.text(Json.object(response, "incomplete_details"), "reason");
      if ("max_output_tokens".equals(why)) {
        return FinishReason.LENGTH;
      }
      if ("content_filter".equals(why)) {
        return FinishReason.CONTENT_FILTER;
      }
      return FinishReason.OTHER;
    }
    if (refused) {
      return FinishReason.CONTENT_FILTER;
    }
    return toolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
  }

  /**
   * The usage of a response object; a count the body leaves out is not reported, and the whole
   * usage is {@link Usage#NOT_REPORTED} without a {@code usage} object.
   */
  static Usage usage(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.NOT_REPORTED;
    }
    Set<Usage.Count> reported = EnumSet.noneOf(Usage.Count.class);
    long input = count(usage, "input_tokens", Usage.Count.INPUT, reported);
    long output = count(usage, "output_tokens", Usage.Count.OUTPUT, reported);
    long cached =
        count(
            Json.object(usage, "input_tokens_details"),
            "cached_tokens",
            Usage.Count.CACHED_READ_INPUT,
            reported);
    long reasoning =
        count(
            Json.object(usage, "output_tokens_details"),
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

  /**
   * The exception for an error object ({@code response.error} of a failed response, the body of an
   * {@code error} event): its code decides the kind (see the class comment).
   */
  static ProviderException failure(
      @Nullable JsonNode error, HttpErrorMapper errors, @Nullable String model) {
    String code = Json.text(error, "code");
    String message = Json.text(error, "message");
    String type = Json.text(error, "type");
    if (message == null) {
      message = "the response failed" + (code == null ? "" : " (" + code + ")");
    }
    return errors.fromErrorBody(0, new ErrorBody(message, typeFor(code, type), code), null, model);
  }

  /**
   * The error type that makes {@link OpenAiErrorDialect} choose the kind a Responses error code
   * means; codes it knows itself keep their own type.
   */
  private static @Nullable String typeFor(@Nullable String code, @Nullable String type) {
    if (code == null) {
      return type;
    }
    String c = code.toLowerCase(Locale.ROOT);
    if (c.contains("content_policy") || c.contains("content_filter")) {
      return "content_policy_violation";
    }
    if (c.equals("context_length_exceeded") || c.startsWith("rate_limit")) {
      return type;
    }
    if (c.startsWith("invalid_")
        || c.startsWith("image_")
        || c.contains("_image")
        || c.equals("empty_image_file")) {
      return "invalid_request_error";
    }
    return type;
  }
}
