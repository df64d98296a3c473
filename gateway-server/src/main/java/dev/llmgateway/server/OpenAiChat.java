package dev.llmgateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's Chat Completions wire format, server side: the request into a {@link ChatRequest}, the
 * answer and stream chunks back into OpenAI's JSON.
 */
final class OpenAiChat {
  private static final Map<String, Object> EMPTY_SCHEMA =
      Map.of("type", "object", "properties", Map.of());

  private OpenAiChat() {}

  /** A parsed request: the library's request and what only the wire cares about. */
  record Parsed(ChatRequest request, boolean stream, boolean includeUsage) {}

  static Parsed parse(JsonNode body, RequestContext context) {
    Fields.object(body);
    ChatRequest.Builder b = ChatRequest.builder();
    b.model(Fields.requiredText(body, "model", "model"));
    JsonNode messages = Fields.array(body, "messages", "messages", true);
    if (messages.isEmpty()) {
      throw ApiError.invalid("messages", "'messages' must contain at least one message");
    }
    List<Message> list = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      list.add(message(messages.get(i), "messages[" + i + "]"));
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
    Integer max = Fields.integer(body, "max_completion_tokens");
    if (max == null) {
      max = Fields.integer(body, "max_tokens");
    }
    if (max != null) {
      b.maxTokens(max);
    }
    List<String> stop = Fields.strings(body, "stop");
    if (!stop.isEmpty()) {
      b.stop(stop.toArray(String[]::new));
    }
    Integer seed = Fields.integer(body, "seed");
    if (seed != null) {
      b.seed(seed);
    }
    Integer n = Fields.integer(body, "n");
    if (n != null && n != 1) {
      throw ApiError.invalid("n", "Only n=1 is supported");
    }
    JsonNode tools = Fields.array(body, "tools", "tools", false);
    for (int i = 0; i < tools.size(); i++) {
      b.tool(tool(tools.get(i), "tools[" + i + "]"));
    }
    JsonNode choice = body.get("tool_choice");
    if (choice != null && !choice.isNull()) {
      b.toolChoice(toolChoice(choice));
    }
    JsonNode format = body.get("response_format");
    if (format != null && !format.isNull()) {
      b.responseFormat(responseFormat(format));
    }
    String effort = Fields.text(body, "reasoning_effort", "reasoning_effort");
    if (effort != null) {
      try {
        b.reasoning(ReasoningEffort.valueOf(effort.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw ApiError.invalid("reasoning_effort", "Unknown reasoning_effort '" + effort + "'");
      }
    }
    String user = Fields.text(body, "user", "user");
    RequestContext ctx = context;
    if (user != null && !user.isBlank()) {
      b.endUser(user);
      if (ctx.user() == null) {
        ctx = ctx.user(user);
      }
    }
    b.context(ctx);
    boolean stream = Fields.bool(body, "stream");
    JsonNode options = body.path("stream_options");
    boolean includeUsage = stream && options.path("include_usage").asBoolean(false);
    return new Parsed(b.build(), stream, includeUsage);
  }

  private static Message message(JsonNode m, String path) {
    if (!m.isObject()) {
      throw ApiError.invalid(path, "'" + path + "' must be an object");
    }
    String role = Fields.requiredText(m, "role", path + ".role");
    String name = Fields.text(m, "name", path + ".name");
    switch (role) {
      case "system":
      case "developer":
        return new Message(Role.SYSTEM, content(m, path), List.of(), null, name);
      case "user":
        return new Message(Role.USER, content(m, path), List.of(), null, name);
      case "assistant":
        return assistant(m, path, name);
      case "tool":
        String id = Fields.requiredText(m, "tool_call_id", path + ".tool_call_id");
        return new Message(Role.TOOL, content(m, path), List.of(), id, null);
      default:
        throw ApiError.invalid(path + ".role", "Unknown role '" + role + "'");
    }
  }

  private static Message assistant(JsonNode m, String path, @Nullable String name) {
    List<ToolCall> calls = new ArrayList<>();
    JsonNode tc = Fields.array(m, "tool_calls", path + ".tool_calls", false);
    for (int i = 0; i < tc.size(); i++) {
      JsonNode c = tc.get(i);
      String at = path + ".tool_calls[" + i + "]";
      JsonNode fn = c.path("function");
      calls.add(
          new ToolCall(
              Fields.requiredText(c, "id", at + ".id"),
              Fields.requiredText(fn, "name", at + ".function.name"),
              fn.path("arguments").asText("{}")));
    }
    List<ContentPart> content = m.hasNonNull("content") ? content(m, path) : List.<ContentPart>of();
    return new Message(Role.ASSISTANT, content, calls, null, name);
  }

  private static List<ContentPart> content(JsonNode m, String path) {
    JsonNode c = m.get("content");
    if (c == null || c.isNull()) {
      return List.of();
    }
    if (c.isTextual()) {
      return List.of(ContentPart.text(c.asText()));
    }
    if (!c.isArray()) {
      throw ApiError.invalid(path + ".content", "'content' must be a string or an array of parts");
    }
    List<ContentPart> parts = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      JsonNode p = c.get(i);
      String at = path + ".content[" + i + "]";
      String type = Fields.requiredText(p, "type", at + ".type");
      switch (type) {
        case "text":
          parts.add(ContentPart.text(Fields.requiredText(p, "text", at + ".text")));
          break;
        case "image_url":
          JsonNode img = p.path("image_url");
          String url =
              img.isTextual()
                  ? img.asText()
                  : Fields.requiredText(img, "url", at + ".image_url.url");
          ContentPart.Image image = image(url, at);
          String detail =
              img.isObject() ? Fields.text(img, "detail", at + ".image_url.detail") : null;
          parts.add(detail == null ? image : image.withDetail(detail));
          break;
        default:
          throw ApiError.invalid(at + ".type", "Unsupported content part type '" + type + "'");
      }
    }
    return parts;
  }

  /** An image part from a URL, or from a {@code data:} URL inline. */
  static ContentPart.Image image(String url, String path) {
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      int semi = url.indexOf(";base64");
      if (comma < 0 || semi < 0 || semi > comma) {
        throw ApiError.invalid(path, "A data URL image must be base64: data:<type>;base64,<data>");
      }
      return ContentPart.imageBase64(url.substring(5, semi), url.substring(comma + 1));
    }
    return ContentPart.imageUrl(url);
  }

  private static ToolDefinition tool(JsonNode t, String path) {
    String type = t.path("type").asText("function");
    if (!type.equals("function")) {
      throw ApiError.invalid(
          path + ".type", "Only function tools are supported, was '" + type + "'");
    }
    JsonNode fn = t.path("function");
    String name = Fields.requiredText(fn, "name", path + ".function.name");
    String description = Fields.text(fn, "description", path + ".function.description");
    JsonNode params = fn.get("parameters");
    Map<String, @Nullable Object> schema =
        params == null || params.isNull() || params.isEmpty()
            ? Map.copyOf(EMPTY_SCHEMA)
            : Json.map(params);
    return new ToolDefinition(name, description, schema, fn.path("strict").asBoolean(false));
  }

  private static ToolChoice toolChoice(JsonNode c) {
    if (c.isTextual()) {
      switch (c.asText()) {
        case "auto":
          return ToolChoice.AUTO;
        case "none":
          return ToolChoice.NONE;
        case "required":
          return ToolChoice.REQUIRED;
        default:
          throw ApiError.invalid("tool_choice", "Unknown tool_choice '" + c.asText() + "'");
      }
    }
    return ToolChoice.named(
        Fields.requiredText(c.path("function"), "name", "tool_choice.function.name"));
  }

  private static ResponseFormat responseFormat(JsonNode f) {
    String type = Fields.requiredText(f, "type", "response_format.type");
    switch (type) {
      case "text":
        return ResponseFormat.TEXT;
      case "json_object":
        return ResponseFormat.JSON_OBJECT;
      case "json_schema":
        JsonNode js = f.path("json_schema");
        String name = Fields.requiredText(js, "name", "response_format.json_schema.name");
        JsonNode schema = js.get("schema");
        if (schema == null || !schema.isObject()) {
          throw ApiError.invalid(
              "response_format.json_schema.schema",
              "'response_format.json_schema.schema' is required");
        }
        return new ResponseFormat(
            ResponseFormat.Type.JSON_SCHEMA,
            name,
            Json.map(schema),
            js.path("strict").asBoolean(false));
      default:
        throw ApiError.invalid(
            "response_format.type", "Unknown response_format type '" + type + "'");
    }
  }

  // ---- answers

  static ObjectNode response(ChatResponse r, long created) {
    ObjectNode o = Json.object();
    o.put("id", r.id());
    o.put("object", "chat.completion");
    o.put("created", created);
    o.put("model", r.model());
    ObjectNode choice = o.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    String text = r.text();
    if (text.isEmpty() && (!r.toolCalls().isEmpty() || r.refused())) {
      message.putNull("content");
    } else {
      message.put("content", text);
    }
    if (r.refused()) {
      message.put("refusal", r.refusal());
    } else {
      message.putNull("refusal");
    }
    if (!r.toolCalls().isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      for (ToolCall c : r.toolCalls()) {
        ObjectNode call = calls.addObject();
        call.put("id", c.id());
        call.put("type", "function");
        ObjectNode fn = call.putObject("function");
        fn.put("name", c.name());
        fn.put("arguments", c.argumentsJson());
      }
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", finish(r.finishReason()));
    o.set("usage", usage(r.usage()));
    return o;
  }

  static String finish(FinishReason f) {
    switch (f) {
      case LENGTH:
        return "length";
      case TOOL_CALLS:
        return "tool_calls";
      case CONTENT_FILTER:
        return "content_filter";
      default:
        return "stop";
    }
  }

  static ObjectNode usage(Usage u) {
    ObjectNode o = Json.object();
    o.put("prompt_tokens", u.inputTokens());
    o.put("completion_tokens", u.outputTokens());
    o.put("total_tokens", u.totalTokens());
    o.putObject("prompt_tokens_details").put("cached_tokens", u.cachedReadInputTokens());
    o.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoningTokens());
    return o;
  }

  /** The envelope of one stream chunk; {@code choices} is left for the caller to fill. */
  static ObjectNode chunkEnvelope(String id, long created, String model) {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("object", "chat.completion.chunk");
    o.put("created", created);
    o.put("model", model);
    return o;
  }

  /** One chunk's delta in OpenAI's shape, or null if the chunk carries nothing to send. */
  static @Nullable ObjectNode delta(ChatChunk c, boolean first) {
    ObjectNode d = Json.object();
    if (first) {
      d.put("role", "assistant");
    }
    if (!c.text().isEmpty()) {
      d.put("content", c.text());
    }
    if (c.refusal() != null && !c.refusal().isEmpty()) {
      d.put("refusal", c.refusal());
    }
    if (!c.toolCalls().isEmpty()) {
      ArrayNode calls = d.putArray("tool_calls");
      for (ToolCallDelta t : c.toolCalls()) {
        ObjectNode call = calls.addObject();
        call.put("index", t.index());
        if (t.id() != null) {
          call.put("id", t.id());
          call.put("type", "function");
        }
        ObjectNode fn = call.putObject("function");
        if (t.name() != null) {
          fn.put("name", t.name());
        }
        fn.put("arguments", t.argumentsDelta());
      }
    }
    return d.isEmpty() && c.finishReason() == null ? null : d;
  }
}
