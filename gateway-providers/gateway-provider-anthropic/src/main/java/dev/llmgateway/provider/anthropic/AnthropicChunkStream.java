package dev.llmgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ReasoningDelta;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.ErrorBody;
import dev.llmgateway.provider.http.HttpExchange;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.provider.http.SseChunkStream;
import dev.llmgateway.provider.http.SseEvent;
import java.io.IOException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A streamed Message. Events and what they become:
 *
 * <ul>
 *   <li>{@code message_start}: a chunk with the id and model and no content; its input and cache
 *       counts are kept for the usage.
 *   <li>{@code content_block_start}: for a {@code tool_use} block, a {@link ToolCallDelta} with the
 *       id and name whose index is the tool's position among the answer's tool calls (not the block
 *       index, which also counts text blocks); for a text block, its text if any.
 *   <li>{@code content_block_delta}: {@code text_delta} as text, {@code input_json_delta} as an
 *       argument fragment, {@code thinking_delta} as reasoning text and {@code signature_delta} as
 *       the reasoning block's signature (the index counts reasoning blocks only); other deltas
 *       (citations) are skipped. A {@code thinking} block's start carries nothing; a {@code
 *       redacted_thinking} block's start is its whole reasoning block.
 *   <li>{@code content_block_stop}: nothing, except {@code {}} as the arguments of a tool call that
 *       received none, so that a streamed call reads like a plain one.
 *   <li>{@code message_delta}: a chunk with the finish reason and the cumulative usage (input,
 *       cache reads and writes, output), normalized as the plain call's is; with {@code
 *       stop_reason: "refusal"} the chunk also carries the refusal ({@code
 *       delta.stop_details.explanation}, else empty) and finish reason {@code CONTENT_FILTER}.
 *   <li>{@code message_stop}: the proper end. A body that ends without it is truncated.
 *   <li>{@code ping}: nothing. {@code error}: the mapped {@link
 *       dev.llmgateway.error.ProviderException}.
 * </ul>
 */
final class AnthropicChunkStream extends SseChunkStream {
  private @Nullable String id;
  private @Nullable String model;
  private long inputTokens;
  private long outputTokens;
  private long cacheReadTokens;
  private long cacheWriteTokens;
  private final Set<Usage.Count> reported = EnumSet.noneOf(Usage.Count.class);
  private int toolCount;
  private int reasoningCount;

  /** The reasoning position of each open thinking block, by block index. */
  private final Map<Integer, Integer> reasoningBlocks = new HashMap<>(2);

  /** The tool position of each open tool_use block, by block index. */
  private final Map<Integer, ToolBlock> toolBlocks = new HashMap<>(4);

  private static final class ToolBlock {
    final int toolIndex;
    boolean hasArguments;

    ToolBlock(int toolIndex) {
      this.toolIndex = toolIndex;
    }
  }

  AnthropicChunkStream(HttpExchange exchange) {
    super(exchange);
  }

  @Override
  protected @Nullable ChatChunk onEvent(SseEvent event) {
    String name = event.event();
    if (name.equals("ping")) {
      return null;
    }
    JsonNode data = parse(event);
    if (data == null) {
      return null;
    }
    // The data's own type is authoritative; the SSE event name is only a copy of it.
    String type = Json.text(data, "type");
    if (type == null) {
      type = name;
    }
    return switch (type) {
      case "message_start" -> messageStart(Json.object(data, "message"));
      case "content_block_start" -> blockStart(data);
      case "content_block_delta" -> blockDelta(data);
      case "content_block_stop" -> blockStop(data);
      case "message_delta" -> messageDelta(data);
      case "message_stop" -> {
        end();
        yield null;
      }
      case "error" -> {
        ErrorBody said = AnthropicErrorDialect.read(data);
        throw errors()
            .fromErrorBody(0, said != null ? said : new ErrorBody(null, null, null), null, model());
      }
      default -> null; // event types added after this adapter was written
    };
  }

  private @Nullable JsonNode parse(SseEvent event) {
    String text = event.data().strip();
    if (text.isEmpty()) {
      return null;
    }
    JsonNode root;
    try {
      root = Json.read(text);
    } catch (IOException e) {
      throw errors().malformed(model(), "a stream event is not valid JSON", e);
    }
    if (!root.isObject()) {
      throw errors().malformed(model(), "a stream event is not a JSON object", null);
    }
    return root;
  }

  private ChatChunk messageStart(@Nullable JsonNode message) {
    id = Json.text(message, "id");
    model = Json.text(message, "model");
    JsonNode usage = Json.object(message, "usage");
    MessagesResponseReader.reported(usage, reported);
    inputTokens = Json.count(usage, "input_tokens");
    outputTokens = Json.count(usage, "output_tokens");
    cacheReadTokens = Json.count(usage, "cache_read_input_tokens");
    cacheWriteTokens = Json.count(usage, "cache_creation_input_tokens");
    return new ChatChunk(id, model, "", List.of(), null, null);
  }

  private @Nullable ChatChunk blockStart(JsonNode data) {
    JsonNode block = Json.object(data, "content_block");
    String blockType = Json.text(block, "type");
    if ("tool_use".equals(blockType)) {
      ToolBlock tool = new ToolBlock(toolCount++);
      toolBlocks.put(index(data), tool);
      String toolName = Json.text(block, "name");
      if (toolName == null) {
        throw errors().malformed(model(), "a streamed tool_use block has no name", null);
      }
      ToolCallDelta delta = new ToolCallDelta(tool.toolIndex, Json.text(block, "id"), toolName, "");
      return chunk("", List.of(delta));
    }
    if ("text".equals(blockType)) {
      String text = Json.text(block, "text");
      return text == null || text.isEmpty() ? null : chunk(text, List.of());
    }
    if ("thinking".equals(blockType)) {
      int position = reasoningCount++;
      reasoningBlocks.put(index(data), position);
      String thinking = Json.text(block, "thinking");
      String signature = Json.text(block, "signature");
      boolean empty = (thinking == null || thinking.isEmpty()) && isEmpty(signature);
      return empty
          ? null
          : reasoning(
              new ReasoningDelta(
                  position,
                  thinking == null ? "" : thinking,
                  isEmpty(signature) ? null : signature,
                  null,
                  null,
                  null));
    }
    if ("redacted_thinking".equals(blockType)) {
      String redacted = Json.text(block, "data");
      return reasoning(
          ReasoningDelta.of(
              reasoningCount++, ReasoningBlock.redacted(redacted == null ? "" : redacted)));
    }
    return null;
  }

  private static boolean isEmpty(@Nullable String text) {
    return text == null || text.isEmpty();
  }

  private ChatChunk reasoning(ReasoningDelta delta) {
    return new ChatChunk(id, model, "", List.of(), null, null, null, delta);
  }

  private @Nullable ChatChunk blockDelta(JsonNode data) {
    JsonNode delta = Json.object(data, "delta");
    String deltaType = Json.text(delta, "type");
    if ("text_delta".equals(deltaType)) {
      String text = Json.text(delta, "text");
      return text == null ? null : chunk(text, List.of());
    }
    if ("thinking_delta".equals(deltaType) || "signature_delta".equals(deltaType)) {
      Integer position = reasoningBlocks.get(index(data));
      if (position == null) {
        throw errors()
            .malformed(model(), deltaType + " for a block that is no thinking block", null);
      }
      if ("thinking_delta".equals(deltaType)) {
        String thinking = Json.text(delta, "thinking");
        return isEmpty(thinking) ? null : reasoning(ReasoningDelta.text(position, thinking));
      }
      String signature = Json.text(delta, "signature");
      return isEmpty(signature)
          ? null
          : reasoning(new ReasoningDelta(position, "", signature, null, null, null));
    }
    if ("input_json_delta".equals(deltaType)) {
      ToolBlock tool = toolBlocks.get(index(data));
      if (tool == null) {
        throw errors().malformed(model(), "input_json_delta for a block that is no tool_use", null);
      }
      String partial = Json.text(delta, "partial_json");
      if (partial == null || partial.isEmpty()) {
        return null;
      }
      tool.hasArguments = true;
      return chunk("", List.of(new ToolCallDelta(tool.toolIndex, null, null, partial)));
    }
    return null;
  }

  private @Nullable ChatChunk blockStop(JsonNode data) {
    ToolBlock tool = toolBlocks.remove(index(data));
    if (tool == null || tool.hasArguments) {
      return null;
    }
    return chunk("", List.of(new ToolCallDelta(tool.toolIndex, null, null, "{}")));
  }

  private ChatChunk messageDelta(JsonNode data) {
    JsonNode usage = Json.object(data, "usage");
    if (usage != null) {
      MessagesResponseReader.reported(usage, reported);
      // message_delta counts are cumulative; fields it leaves out keep message_start's value.
      outputTokens = countOr(usage, "output_tokens", outputTokens);
      inputTokens = countOr(usage, "input_tokens", inputTokens);
      cacheReadTokens = countOr(usage, "cache_read_input_tokens", cacheReadTokens);
      cacheWriteTokens = countOr(usage, "cache_creation_input_tokens", cacheWriteTokens);
    }
    JsonNode delta = Json.object(data, "delta");
    String reason = Json.text(delta, "stop_reason");
    FinishReason finishReason = reason == null ? null : MessagesResponseReader.finishReason(reason);
    String refusal =
        MessagesResponseReader.REFUSAL.equals(reason)
            ? MessagesResponseReader.refusal(
                Json.object(delta, "stop_details") != null
                    ? Json.object(delta, "stop_details")
                    : Json.object(data, "stop_details"))
            : null;
    Usage total =
        MessagesResponseReader.usage(
            inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reported);
    return new ChatChunk(id, model, "", List.of(), finishReason, total, refusal);
  }

  private ChatChunk chunk(String text, List<ToolCallDelta> toolCalls) {
    return new ChatChunk(id, model, text, toolCalls, null, null);
  }

  private int index(JsonNode data) {
    JsonNode index = data.get("index");
    if (index == null || !index.canConvertToInt() || index.asInt() < 0) {
      throw errors().malformed(model(), "a content block event has no index", null);
    }
    return index.asInt();
  }

  private static long countOr(JsonNode node, String field, long fallback) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? Math.max(0, value.asLong()) : fallback;
  }
}
