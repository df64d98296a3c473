package dev.llmgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads Messages API response bodies, and the parts streams share, into the normalized model.
 * {@code thinking} blocks become signed reasoning blocks and {@code redacted_thinking} blocks
 * redacted ones, in order, never part of the text.
 */
final class MessagesResponseReader {
  private MessagesResponseReader() {}

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
    if ("error".equals(Json.text(root, "type"))) {
      ErrorBody said = AnthropicErrorDialect.read(root);
      throw errors.fromErrorBody(
          0, said != null ? said : new ErrorBody(null, null, null), null, requestedModel);
    }
    JsonNode content = root.get("content");
    if (content == null || !content.isArray()) {
      throw errors.malformed(requestedModel, "the response has no content array", null);
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> toolCalls = new ArrayList<>();
    List<ReasoningBlock> reasoning = new ArrayList<>();
    for (JsonNode block : content) {
      String type = Json.text(block, "type");
      if ("text".equals(type)) {
        String piece = Json.text(block, "text");
        if (piece != null) {
          text.append(piece);
        }
      } else if ("tool_use".equals(type)) {
        String name = Json.text(block, "name");
        if (name == null) {
          throw errors.malformed(requestedModel, "a tool_use block has no name", null);
        }
        String id = Json.text(block, "id");
        toolCalls.add(new ToolCall(id == null ? "" : id, name, arguments(block.get("input"))));
      } else if ("thinking".equals(type)) {
        String thinking = Json.text(block, "thinking");
        reasoning.add(
            ReasoningBlock.signed(thinking == null ? "" : thinking, Json.text(block, "signature")));
      } else if ("redacted_thinking".equals(type)) {
        String data = Json.text(block, "data");
        reasoning.add(ReasoningBlock.redacted(data == null ? "" : data));
      }
      // server-tool blocks carry nothing the model exposes
    }
    String id = Json.text(root, "id");
    String model = Json.text(root, "model");
    String stopReason = Json.text(root, "stop_reason");
    ChatResponse response =
        ChatResponse.of(
            id == null ? "" : id,
            provider,
            model == null ? requestedModel : model,
            text.toString(),
            toolCalls,
            finishReason(stopReason),
            usage(Json.object(root, "usage")));
    if (!reasoning.isEmpty()) {
      response = response.withReasoning(reasoning);
    }
    return REFUSAL.equals(stopReason)
        ? response.withRefusal(refusal(Json.object(root, "stop_details")))
        : response;
  }

  /** The stop reason of an answer that Anthropic's safety classifiers stopped. */
  static final String REFUSAL = "refusal";

  /**
   * The refusal message of a {@code stop_reason: "refusal"}: {@code stop_details.explanation} when
   * Anthropic sends it, else empty (the refusal carries no message). Text produced before the
   * refusal stays the answer's text.
   */
  static String refusal(@Nullable JsonNode stopDetails) {
    String explanation = Json.text(stopDetails, "explanation");
    return explanation == null ? "" : explanation;
  }

  /** A tool's input as compact JSON text; a missing input is an empty object. */
  static String arguments(@Nullable JsonNode input) {
    return input == null || input.isNull() ? "{}" : input.toString();
  }

  static FinishReason finishReason(@Nullable String reason) {
    if (reason == null) {
      return FinishReason.OTHER;
    }
    return switch (reason) {
      case "end_turn", "stop_sequence" -> FinishReason.STOP;
      // The answer filled the context window: cut short just as by max_tokens.
      case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
      case "tool_use" -> FinishReason.TOOL_CALLS;
      case REFUSAL -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  /**
   * Anthropic counts cache reads and writes beside {@code input_tokens}; the normalized usage
   * counts them within the input tokens. A count the body leaves out is not reported; Anthropic has
   * no reasoning count (thinking tokens are part of {@code output_tokens}).
   */
  static Usage usage(@Nullable JsonNode usage) {
    return usage(
        Json.count(usage, "input_tokens"),
        Json.count(usage, "output_tokens"),
        Json.count(usage, "cache_read_input_tokens"),
        Json.count(usage, "cache_creation_input_tokens"),
        reported(usage, EnumSet.noneOf(Usage.Count.class)));
  }

  /** Adds the counts the usage object reports to {@code reported}, and returns it. */
  static Set<Usage.Count> reported(@Nullable JsonNode usage, Set<Usage.Count> reported) {
    if (Json.hasNumber(usage, "input_tokens")) {
      reported.add(Usage.Count.INPUT);
    }
    if (Json.hasNumber(usage, "output_tokens")) {
      reported.add(Usage.Count.OUTPUT);
    }
    if (Json.hasNumber(usage, "cache_read_input_tokens")) {
      reported.add(Usage.Count.CACHED_READ_INPUT);
    }
    if (Json.hasNumber(usage, "cache_creation_input_tokens")) {
      reported.add(Usage.Count.CACHE_WRITE_INPUT);
    }
    return reported;
  }

  static Usage usage(
      long input, long output, long cacheRead, long cacheWrite, Set<Usage.Count> reported) {
    EnumSet<Usage.Count> counts = EnumSet.noneOf(Usage.Count.class);
    counts.addAll(reported);
    if (cacheRead > 0 || cacheWrite > 0) {
      counts.add(Usage.Count.INPUT); // the cache counts are parts of the input
    }
    return new Usage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite, 0, counts);
  }
}
