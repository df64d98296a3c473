package dev.llmgateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/responses}: OpenAI's Responses API over the library's chat call, so any routed
 * provider answers. Text, images, function tools and their outputs, JSON formats and reasoning
 * effort; plain, or streamed as {@code response.created}, {@code response.output_text.delta} and
 * {@code response.completed} events. Stored responses ({@code previous_response_id}) are passed on
 * to a Responses upstream only.
 */
final class ResponsesEndpoint {
  private final GatewayClient gateway;
  private final Clock clock;
  private final ScheduledExecutorService timer;

  ResponsesEndpoint(GatewayClient gateway, Clock clock, ScheduledExecutorService timer) {
    this.gateway = gateway;
    this.clock = clock;
    this.timer = timer;
  }

  void handle(Exchange ex, ServerSettings settings, RequestContext context) throws IOException {
    JsonNode body = Fields.object(ex.json(settings.maxRequestBytes()));
    ChatRequest request = parse(body, context);
    long created = clock.instant().getEpochSecond();
    if (!Fields.bool(body, "stream")) {
      ChatResponse r = gateway.chat(request);
      Router.routeHeaders(ex, r.provider(), r.model(), r.cost());
      ex.sendJson(200, response(r, created, "completed"));
      return;
    }
    ChatStream stream = gateway.stream(request);
    try (stream) {
      EventStream events =
          new EventStream(
              ex.startEventStream(), timer, settings.streamKeepAlive().toMillis(), stream::close);
      try (events) {
        relay(ex, events, stream, request, created);
      }
    }
  }

  private void relay(
      Exchange ex, EventStream events, ChatStream stream, ChatRequest request, long created)
      throws IOException {
    int seq = 0;
    String id = "resp_" + Secrets.newId();
    String itemId = "msg_" + Secrets.newId();
    try {
      ObjectNode shell = Json.object();
      shell.put("id", id);
      shell.put("object", "response");
      shell.put("created_at", created);
      shell.put("status", "in_progress");
      shell.put("model", request.model());
      shell.putArray("output");
      send(events, "response.created", seq++, "response", shell);
      boolean opened = false;
      for (ChatChunk c : stream) {
        if (c.text().isEmpty()) {
          continue;
        }
        if (!opened) {
          ObjectNode item = message(itemId, "", "in_progress");
          ObjectNode added = Json.object().put("output_index", 0);
          added.set("item", item);
          send(events, "response.output_item.added", seq++, null, added);
          opened = true;
        }
        ObjectNode delta = Json.object();
        delta.put("item_id", itemId);
        delta.put("output_index", 0);
        delta.put("content_index", 0);
        delta.put("delta", c.text());
        delta.putArray("logprobs");
        send(events, "response.output_text.delta", seq++, null, delta);
      }
      ChatResponse r = stream.response();
      ObjectNode done = response(r, created, "completed");
      done.put("id", id);
      send(events, "response.completed", seq, "response", done);
    } catch (RuntimeException | IOException e) {
      if (events.broken()) {
        ex.abort(e);
        return;
      }
      ApiError err = Errors.of(e, clock);
      ObjectNode failed = Json.object();
      failed.put("type", "error");
      failed.put("code", err.code == null ? err.type : err.code);
      failed.put("message", err.getMessage());
      failed.putNull("param");
      failed.put("sequence_number", seq);
      events.send("error", Json.text(failed));
    }
    ex.finish();
  }

  private static void send(
      EventStream events, String type, int seq, @Nullable String field, ObjectNode payload)
      throws IOException {
    ObjectNode e;
    if (field == null) {
      e = payload;
    } else {
      e = Json.object();
      e.set(field, payload);
    }
    e.put("type", type);
    e.put("sequence_number", seq);
    events.send(type, Json.text(e));
  }

  static ChatRequest parse(JsonNode body, RequestContext context) {
    ChatRequest.Builder b = ChatRequest.builder();
    b.model(Fields.requiredText(body, "model", "model"));
    List<Message> messages = new ArrayList<>();
    String instructions = Fields.text(body, "instructions", "instructions");
    if (instructions != null) {
      messages.add(Message.system(instructions));
    }
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      throw ApiError.invalid("input", "'input' is required");
    }
    if (input.isTextual()) {
      messages.add(Message.user(input.asText()));
    } else if (input.isArray()) {
      for (int i = 0; i < input.size(); i++) {
        item(input.get(i), "input[" + i + "]", messages);
      }
    } else {
      throw ApiError.invalid("input", "'input' must be a string or an array of items");
    }
    b.messages(messages);
    Double temperature = Fields.number(body, "temperature");
    if (temperature != null) {
      b.temperature(temperature);
    }
    Double topP = Fields.number(body, "top_p");
    if (topP != null) {
      b.topP(topP);
    }
    Integer max = Fields.integer(body, "max_output_tokens");
    if (max != null) {
      b.maxTokens(max);
    }
    JsonNode tools = Fields.array(body, "tools", "tools", false);
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      String at = "tools[" + i + "]";
      if (!"function".equals(t.path("type").asText())) {
        throw ApiError.invalid(at + ".type", "Only function tools are supported");
      }
      JsonNode params = t.get("parameters");
      b.tool(
          new ToolDefinition(
              Fields.requiredText(t, "name", at + ".name"),
              Fields.text(t, "description", at + ".description"),
              params == null || !params.isObject() || params.isEmpty()
                  ? Map.of("type", "object", "properties", Map.of())
                  : Json.map(params),
              t.path("strict").asBoolean(false)));
    }
    JsonNode choice = body.get("tool_choice");
    if (choice != null && choice.isTextual()) {
      switch (choice.asText()) {
        case "none":
          b.toolChoice(ToolChoice.NONE);
          break;
        case "required":
          b.toolChoice(ToolChoice.REQUIRED);
          break;
        default:
          b.toolChoice(ToolChoice.AUTO);
      }
    } else if (choice != null && choice.isObject()) {
      b.toolChoice(ToolChoice.named(Fields.requiredText(choice, "name", "tool_choice.name")));
    }
    JsonNode format = body.path("text").get("format");
    if (format != null && format.isObject()) {
      String type = format.path("type").asText("text");
      if (type.equals("json_object")) {
        b.responseFormat(ResponseFormat.JSON_OBJECT);
      } else if (type.equals("json_schema")) {
        b.responseFormat(
            new ResponseFormat(
                ResponseFormat.Type.JSON_SCHEMA,
                Fields.requiredText(format, "name", "text.format.name"),
                Json.map(format.path("schema")),
                format.path("strict").asBoolean(false)));
      }
    }
    String effort = body.path("reasoning").path("effort").asText(null);
    if (effort != null) {
      try {
        b.reasoning(ReasoningEffort.valueOf(effort.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw ApiError.invalid("reasoning.effort", "Unknown reasoning effort '" + effort + "'");
      }
    }
    String previous = Fields.text(body, "previous_response_id", "previous_response_id");
    if (previous != null) {
      b.previousResponseId(previous);
    }
    b.store(body.path("store").asBoolean(false));
    String user = Fields.text(body, "user", "user");
    RequestContext ctx = context;
    if (user != null && !user.isBlank()) {
      b.endUser(user);
      ctx = ctx.user() == null ? ctx.user(user) : ctx;
    }
    return b.context(ctx).build();
  }

  private static void item(JsonNode it, String path, List<Message> out) {
    String type = it.path("type").asText("message");
    switch (type) {
      case "function_call":
        out.add(
            new Message(
                Role.ASSISTANT,
                List.of(),
                List.of(
                    new ToolCall(
                        Fields.requiredText(it, "call_id", path + ".call_id"),
                        Fields.requiredText(it, "name", path + ".name"),
                        it.path("arguments").asText("{}"))),
                null,
                null));
        return;
      case "function_call_output":
        out.add(
            Message.toolResult(
                Fields.requiredText(it, "call_id", path + ".call_id"),
                it.path("output").asText("")));
        return;
      case "message":
        break;
      default:
        throw ApiError.invalid(path + ".type", "Unsupported input item type '" + type + "'");
    }
    String role = Fields.requiredText(it, "role", path + ".role");
    Role r;
    switch (role) {
      case "user":
        r = Role.USER;
        break;
      case "assistant":
        r = Role.ASSISTANT;
        break;
      case "system":
      case "developer":
        r = Role.SYSTEM;
        break;
      default:
        throw ApiError.invalid(path + ".role", "Unknown role '" + role + "'");
    }
    JsonNode content = it.get("content");
    List<ContentPart> parts = new ArrayList<>();
    if (content != null && content.isTextual()) {
      parts.add(ContentPart.text(content.asText()));
    } else if (content != null && content.isArray()) {
      for (int i = 0; i < content.size(); i++) {
        JsonNode p = content.get(i);
        String at = path + ".content[" + i + "]";
        String partType = p.path("type").asText();
        if (partType.equals("input_text") || partType.equals("output_text")) {
          parts.add(ContentPart.text(p.path("text").asText()));
        } else if (partType.equals("input_image")) {
          parts.add(OpenAiChat.image(Fields.requiredText(p, "image_url", at + ".image_url"), at));
        } else {
          throw ApiError.invalid(at + ".type", "Unsupported content type '" + partType + "'");
        }
      }
    } else {
      throw ApiError.invalid(path + ".content", "'content' must be a string or an array");
    }
    out.add(new Message(r, parts, List.of(), null, null));
  }

  static ObjectNode response(ChatResponse r, long created, String status) {
    ObjectNode o = Json.object();
    o.put("id", r.id());
    o.put("object", "response");
    o.put("created_at", created);
    o.put("status", status);
    o.putNull("error");
    o.putNull("incomplete_details");
    o.putNull("instructions");
    o.putObject("metadata");
    o.put("model", r.model());
    ArrayNode output = o.putArray("output");
    String text = r.text();
    if (!text.isEmpty() || r.refused()) {
      ObjectNode m = message("msg_" + Secrets.newId(), text, "completed");
      if (r.refused()) {
        ArrayNode content = m.putArray("content");
        content.addObject().put("type", "refusal").put("refusal", r.refusal());
      }
      output.add(m);
    }
    for (ToolCall c : r.toolCalls()) {
      ObjectNode call = output.addObject();
      call.put("type", "function_call");
      call.put("id", "fc_" + Secrets.newId());
      call.put("call_id", c.id());
      call.put("name", c.name());
      call.put("arguments", c.argumentsJson());
      call.put("status", "completed");
    }
    o.put("parallel_tool_calls", true);
    o.putNull("temperature");
    o.putNull("top_p");
    o.put("tool_choice", "auto");
    o.putArray("tools");
    o.set("usage", usage(r.usage()));
    return o;
  }

  private static ObjectNode message(String id, String text, String status) {
    ObjectNode m = Json.object();
    m.put("type", "message");
    m.put("id", id);
    m.put("role", "assistant");
    m.put("status", status);
    ArrayNode content = m.putArray("content");
    if (!text.isEmpty()) {
      ObjectNode t = content.addObject();
      t.put("type", "output_text");
      t.put("text", text);
      t.putArray("annotations");
    }
    return m;
  }

  private static ObjectNode usage(Usage u) {
    ObjectNode o = Json.object();
    o.put("input_tokens", u.inputTokens());
    o.putObject("input_tokens_details").put("cached_tokens", u.cachedReadInputTokens());
    o.put("output_tokens", u.outputTokens());
    o.putObject("output_tokens_details").put("reasoning_tokens", u.reasoningTokens());
    o.put("total_tokens", u.totalTokens());
    return o;
  }
}
