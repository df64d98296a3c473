package dev.llmgateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages wire format, server side: the request into a {@link ChatRequest} (so any
 * routed provider can answer it), the answer back into Anthropic's JSON.
 */
final class AnthropicMessages {
  private AnthropicMessages() {}

  /** A parsed request. */
  record Parsed(ChatRequest request, boolean stream) {}

  static Parsed parse(JsonNode body, RequestContext context) {
    Fields.object(body);
    ChatRequest.Builder b = ChatRequest.builder();
    b.model(Fields.requiredText(body, "model", "model"));
    Integer max = Fields.integer(body, "max_tokens");
    if (max == null) {
      throw ApiError.invalid("max_tokens", "'max_tokens' is required");
    }
    b.maxTokens(max);
    List<Message> list = new ArrayList<>();
    JsonNode system = body.get("system");
    if (system != null && !system.isNull()) {
      String text = system.isTextual() ? system.asText() : joinText(system, "system");
      list.add(Message.system(text));
    }
    JsonNode messages = Fields.array(body, "messages", "messages", true);
    if (messages.isEmpty()) {
      throw ApiError.invalid("messages", "'messages' must contain at least one message");
    }
    for (int i = 0; i < messages.size(); i++) {
      messages(messages.get(i), "messages[" + i + "]", list);
    }
    b.messages(list);
    Double temperature = Fields.number(body, "temperature");
    if (temperature != null) {
      b.temperature(temperature);
    }
    Double topP = Fields.number(body, "top_p");
    if (topP != null) {
      b.topP(topP);
    }
    List<String> stop = Fields.strings(body, "stop_sequences");
    if (!stop.isEmpty()) {
      b.stop(stop.toArray(String[]::new));
    }
    JsonNode tools = Fields.array(body, "tools", "tools", false);
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      String at = "tools[" + i + "]";
      JsonNode schema = t.get("input_schema");
      b.tool(
          ToolDefinition.of(
              Fields.requiredText(t, "name", at + ".name"),
              Fields.text(t, "description", at + ".description"),
              schema == null || !schema.isObject() ? Map.of("type", "object") : Json.map(schema)));
    }
    JsonNode choice = body.get("tool_choice");
    if (choice != null && choice.isObject()) {
      String type = Fields.requiredText(choice, "type", "tool_choice.type");
      switch (type) {
        case "auto":
          b.toolChoice(ToolChoice.AUTO);
          break;
        case "any":
          b.toolChoice(ToolChoice.REQUIRED);
          break;
        case "none":
          b.toolChoice(ToolChoice.NONE);
          break;
        case "tool":
          b.toolChoice(ToolChoice.named(Fields.requiredText(choice, "name", "tool_choice.name")));
          break;
        default:
          throw ApiError.invalid("tool_choice.type", "Unknown tool_choice type '" + type + "'");
      }
    }
    RequestContext ctx = context;
    String user = body.path("metadata").path("user_id").asText(null);
    if (user != null && !user.isBlank()) {
      b.endUser(user);
      if (ctx.user() == null) {
        ctx = ctx.user(user);
      }
    }
    b.context(ctx);
    return new Parsed(b.build(), Fields.bool(body, "stream"));
  }

  private static String joinText(JsonNode blocks, String path) {
    if (!blocks.isArray()) {
      throw ApiError.invalid(path, "'" + path + "' must be a string or an array of text blocks");
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode block : blocks) {
      if (!"text".equals(block.path("type").asText())) {
        throw ApiError.invalid(path, "'" + path + "' may hold only text blocks");
      }
      sb.append(sb.length() == 0 ? "" : "\n").append(block.path("text").asText());
    }
    return sb.toString();
  }

  /** One Anthropic message; its tool results become separate tool messages. */
  private static void messages(JsonNode m, String path, List<Message> out) {
    String role = Fields.requiredText(m, "role", path + ".role");
    if (!role.equals("user") && !role.equals("assistant")) {
      throw ApiError.invalid(
          path + ".role", "role must be 'user' or 'assistant', was '" + role + "'");
    }
    Role r = role.equals("user") ? Role.USER : Role.ASSISTANT;
    JsonNode content = m.get("content");
    if (content != null && content.isTextual()) {
      out.add(new Message(r, List.of(ContentPart.text(content.asText())), List.of(), null, null));
      return;
    }
    if (content == null || !content.isArray()) {
      throw ApiError.invalid(path + ".content", "'content' must be a string or an array of blocks");
    }
    List<ContentPart> parts = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    for (int i = 0; i < content.size(); i++) {
      JsonNode block = content.get(i);
      String at = path + ".content[" + i + "]";
      String type = Fields.requiredText(block, "type", at + ".type");
      switch (type) {
        case "text":
          parts.add(ContentPart.text(block.path("text").asText()));
          break;
        case "image":
          JsonNode src = block.path("source");
          if ("url".equals(src.path("type").asText())) {
            parts.add(ContentPart.imageUrl(Fields.requiredText(src, "url", at + ".source.url")));
          } else {
            parts.add(
                ContentPart.imageBase64(
                    Fields.requiredText(src, "media_type", at + ".source.media_type"),
                    Fields.requiredText(src, "data", at + ".source.data")));
          }
          break;
        case "tool_use":
          calls.add(
              new ToolCall(
                  Fields.requiredText(block, "id", at + ".id"),
                  Fields.requiredText(block, "name", at + ".name"),
                  Json.text(block.path("input").isObject() ? block.get("input") : Json.object())));
          break;
        case "tool_result":
          JsonNode result = block.get("content");
          String text =
              result == null || result.isNull()
                  ? ""
                  : result.isTextual() ? result.asText() : joinText(result, at + ".content");
          out.add(
              Message.toolResult(
                  Fields.requiredText(block, "tool_use_id", at + ".tool_use_id"), text));
          break;
        default:
          throw ApiError.invalid(at + ".type", "Unsupported content block type '" + type + "'");
      }
    }
    if (!parts.isEmpty() || !calls.isEmpty()) {
      out.add(new Message(r, parts, r == Role.ASSISTANT ? calls : List.of(), null, null));
    }
  }

  // ---- answers

  static ObjectNode response(ChatResponse r) {
    ObjectNode o = Json.object();
    o.put("id", r.id());
    o.put("type", "message");
    o.put("role", "assistant");
    o.put("model", r.model());
    ArrayNode content = o.putArray("content");
    String text = r.refused() && r.text().isEmpty() ? r.refusal() : r.text();
    if (!text.isEmpty()) {
      content.addObject().put("type", "text").put("text", text);
    }
    for (ToolCall c : r.toolCalls()) {
      ObjectNode use = content.addObject();
      use.put("type", "tool_use");
      use.put("id", c.id());
      use.put("name", c.name());
      use.set("input", input(c.argumentsJson()));
    }
    o.put("stop_reason", r.refused() ? "refusal" : stopReason(r.finishReason()));
    o.putNull("stop_sequence");
    o.set("usage", usage(r.usage()));
    return o;
  }

  static JsonNode input(String argumentsJson) {
    try {
      JsonNode n = Json.MAPPER.readTree(argumentsJson.isBlank() ? "{}" : argumentsJson);
      return n != null && n.isObject() ? n : Json.object();
    } catch (java.io.IOException e) {
      return Json.object();
    }
  }

  static String stopReason(FinishReason f) {
    switch (f) {
      case LENGTH:
        return "max_tokens";
      case TOOL_CALLS:
        return "tool_use";
      case CONTENT_FILTER:
        return "refusal";
      default:
        return "end_turn";
    }
  }

  static ObjectNode usage(Usage u) {
    ObjectNode o = Json.object();
    o.put("input_tokens", u.uncachedInputTokens());
    o.put("output_tokens", u.outputTokens());
    o.put("cache_read_input_tokens", u.cachedReadInputTokens());
    o.put("cache_creation_input_tokens", u.cacheWriteInputTokens());
    return o;
  }
}
