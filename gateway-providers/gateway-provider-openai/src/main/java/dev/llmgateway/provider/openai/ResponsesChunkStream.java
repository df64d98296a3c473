package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ReasoningDelta;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.HttpExchange;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.provider.http.SseChunkStream;
import dev.llmgateway.provider.http.SseEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A streamed Responses API answer. Each event is typed by its {@code type} field (the SSE event
 * name is a copy); what each becomes:
 *
 * <ul>
 *   <li>{@code response.created}: a chunk with the id and model and no content. {@code
 *       response.in_progress}, {@code response.content_part.added} / {@code .done}, {@code
 *       response.output_text.done}, {@code response.refusal.done}: nothing.
 *   <li>{@code response.output_item.added}: for a {@code function_call} item, the first fragment of
 *       a tool call (its {@code call_id} and name; the index counts tool calls only); for a {@code
 *       reasoning} item, it opens a reasoning block; message items: nothing.
 *   <li>{@code response.output_text.delta}: text; {@code response.refusal.delta}: a refusal delta;
 *       {@code response.function_call_arguments.delta}: an argument fragment of the item's call;
 *       {@code response.reasoning_summary_text.delta} and {@code response.reasoning_text.delta}:
 *       reasoning text of the item's block (summary parts after the first start with a blank line).
 *   <li>{@code response.function_call_arguments.done} and {@code response.output_item.done}: the
 *       arguments, when no delta carried them; for a reasoning item, its id and {@code
 *       encrypted_content} (and its summary, when no delta carried it).
 *   <li>{@code response.completed} / {@code response.incomplete}: a chunk with the finish reason
 *       ({@code LENGTH} for {@code max_output_tokens}) and the usage; the proper end.
 *   <li>{@code response.failed} and {@code error}: the mapped {@link
 *       dev.llmgateway.error.ProviderException} ({@link ResponsesResponseReader#failure}).
 * </ul>
 *
 * A body that ends before a terminal event is truncated. The stream has no {@code [DONE]} marker.
 */
final class ResponsesChunkStream extends SseChunkStream {
  private @Nullable String id;
  private @Nullable String model;
  private boolean refusalSeen;
  private int toolCount;
  private int reasoningCount;

  /** Open output items by item id: tool calls and reasoning blocks. */
  private final Map<String, Item> items = new HashMap<>(4);

  private static final class Item {
    final boolean tool;
    final int index;
    boolean hasText;
    int summaryIndex = -1;

    Item(boolean tool, int index) {
      this.tool = tool;
      this.index = index;
    }
  }

  ResponsesChunkStream(HttpExchange exchange) {
    super(exchange);
  }

  @Override
  protected @Nullable ChatChunk onEvent(SseEvent event) {
    String data = event.data().strip();
    if (data.isEmpty() || data.equals("[DONE]")) {
      return null;
    }
    JsonNode root;
    try {
      root = Json.read(data);
    } catch (IOException e) {
      throw errors().malformed(model(), "a stream event is not valid JSON", e);
    }
    if (!root.isObject()) {
      throw errors().malformed(model(), "a stream event is not a JSON object", null);
    }
    String type = Json.text(root, "type");
    if (type == null) {
      type = event.event();
    }
    return switch (type) {
      case "response.created", "response.in_progress" -> started(Json.object(root, "response"));
      case "response.output_item.added" -> itemAdded(root);
      case "response.output_text.delta" -> chunk(delta(root), List.of(), null);
      case "response.refusal.delta" -> refusal(delta(root));
      case "response.function_call_arguments.delta" -> arguments(root, delta(root), false);
      case "response.function_call_arguments.done" ->
          arguments(root, textOrEmpty(root, "arguments"), true);
      case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
          reasoningText(root);
      case "response.output_item.done" -> itemDone(root);
      case "response.completed", "response.incomplete" -> finished(Json.object(root, "response"));
      case "response.failed" -> {
        JsonNode response = Json.object(root, "response");
        throw ResponsesResponseReader.failure(Json.object(response, "error"), errors(), model());
      }
      case "error" -> {
        JsonNode error = Json.object(root, "error");
        throw ResponsesResponseReader.failure(error != null ? error : root, errors(), model());
      }
      default -> null; // event types of built-in tools, annotations, events added later
    };
  }

  private @Nullable ChatChunk started(@Nullable JsonNode response) {
    if (id != null) {
      return null;
    }
    id = Json.text(response, "id");
    model = Json.text(response, "model");
    return new ChatChunk(id, model, "", List.of(), null, null);
  }

  private @Nullable ChatChunk itemAdded(JsonNode root) {
    JsonNode item = Json.object(root, "item");
    String type = Json.text(item, "type");
    String itemId = itemId(root, item);
    if ("function_call".equals(type)) {
      Item tool = new Item(true, toolCount++);
      items.put(itemId, tool);
      String name = Json.text(item, "name");
      if (name == null) {
        throw errors().malformed(model(), "a streamed function_call item has no name", null);
      }
      String arguments = Json.text(item, "arguments");
      tool.hasText = arguments != null && !arguments.isEmpty();
      ToolCallDelta first =
          new ToolCallDelta(
              tool.index, Json.text(item, "call_id"), name, arguments == null ? "" : arguments);
      return chunk("", List.of(first), null);
    }
    if ("reasoning".equals(type)) {
      items.put(itemId, new Item(false, reasoningCount++));
    }
    return null;
  }

  private @Nullable ChatChunk arguments(JsonNode root, String text, boolean done) {
    Item tool = items.get(itemId(root, null));
    if (tool == null || !tool.tool) {
      throw errors().malformed(model(), "function call arguments for an unknown item", null);
    }
    if (text.isEmpty() || (done && tool.hasText)) {
      return null;
    }
    tool.hasText = true;
    return chunk("", List.of(new ToolCallDelta(tool.index, null, null, text)), null);
  }

  private @Nullable ChatChunk reasoningText(JsonNode root) {
    Item block = items.get(itemId(root, null));
    if (block == null || block.tool) {
      throw errors().malformed(model(), "reasoning text for an unknown item", null);
    }
    String text = delta(root);
    if (text.isEmpty()) {
      return null;
    }
    JsonNode part = root.get("summary_index");
    int summary = part != null && part.canConvertToInt() ? part.asInt() : 0;
    if (block.summaryIndex >= 0 && summary != block.summaryIndex) {
      text = "\n\n" + text;
    }
    block.summaryIndex = summary;
    block.hasText = true;
    return reasoning(ReasoningDelta.text(block.index, text));
  }

  private @Nullable ChatChunk itemDone(JsonNode root) {
    JsonNode item = Json.object(root, "item");
    String type = Json.text(item, "type");
    String itemId = itemId(root, item);
    Item open = items.remove(itemId);
    if ("function_call".equals(type)) {
      if (open == null || open.hasText) {
        return null;
      }
      ToolCall call = ResponsesResponseReader.toolCall(item, errors(), model());
      String arguments = call.argumentsJson().isEmpty() ? "{}" : call.argumentsJson();
      return chunk("", List.of(new ToolCallDelta(open.index, null, null, arguments)), null);
    }
    if ("reasoning".equals(type) && open != null) {
      String text = open.hasText ? "" : ResponsesResponseReader.summaryText(item);
      return reasoning(
          new ReasoningDelta(
              open.index,
              text,
              null,
              null,
              Json.text(item, "id"),
              Json.text(item, "encrypted_content")));
    }
    return null;
  }

  private ChatChunk finished(@Nullable JsonNode response) {
    end();
    if (response == null) {
      throw errors().malformed(model(), "a terminal event has no response object", null);
    }
    boolean tools = toolCount > 0;
    FinishReason reason = ResponsesResponseReader.finishReason(response, tools, refusalSeen);
    Usage usage = ResponsesResponseReader.usage(Json.object(response, "usage"));
    return new ChatChunk(id, model, "", List.of(), reason, usage);
  }

  private ChatChunk refusal(String text) {
    refusalSeen = true;
    return new ChatChunk(id, model, "", List.of(), null, null, text, null);
  }

  private ChatChunk reasoning(ReasoningDelta delta) {
    return new ChatChunk(id, model, "", List.of(), null, null, null, delta);
  }

  private ChatChunk chunk(String text, List<ToolCallDelta> tools, @Nullable FinishReason reason) {
    return new ChatChunk(id, model, text, tools, reason, null);
  }

  private String itemId(JsonNode root, @Nullable JsonNode item) {
    String itemId = Json.text(root, "item_id");
    if (itemId == null && item != null) {
      itemId = Json.text(item, "id");
    }
    if (itemId == null) {
      // Some compatible servers leave item ids out; the output index identifies the item then.
      JsonNode index = root.get("output_index");
      itemId = index == null ? "" : "#" + index.asText();
    }
    return itemId;
  }

  private static String delta(JsonNode root) {
    return textOrEmpty(root, "delta");
  }

  private static String textOrEmpty(JsonNode node, String field) {
    String text = Json.text(node, field);
    return text == null ? "" : text;
  }
}
