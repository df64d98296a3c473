package dev.llmgateway.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.ToolCallDelta;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.concurrent.ScheduledExecutorService;

/** {@code POST /v1/messages}: Anthropic's Messages API, plain and streamed. */
final class MessagesEndpoint {
  private final GatewayClient gateway;
  private final Clock clock;
  private final ScheduledExecutorService timer;

  MessagesEndpoint(GatewayClient gateway, Clock clock, ScheduledExecutorService timer) {
    this.gateway = gateway;
    this.clock = clock;
    this.timer = timer;
  }

  void handle(Exchange ex, ServerSettings settings, RequestContext context) throws IOException {
    AnthropicMessages.Parsed p =
        AnthropicMessages.parse(ex.json(settings.maxRequestBytes()), context);
    if (!p.stream()) {
      ChatResponse r = gateway.chat(p.request());
      Router.routeHeaders(ex, r.provider(), r.model(), r.cost());
      ex.sendJson(200, AnthropicMessages.response(r));
      return;
    }
    ChatStream stream = gateway.stream(p.request());
    try (stream) {
      EventStream events =
          new EventStream(
              ex.startEventStream(), timer, settings.streamKeepAlive().toMillis(), stream::close);
      try (events) {
        relay(ex, events, stream, p);
      }
    }
  }

  /** Tracks the open content block while chunks become Anthropic's block events. */
  private static final class Blocks {
    private final EventStream events;
    int index = -1;
    String kind = "";
    int toolIndex = -1;

    Blocks(EventStream events) {
      this.events = events;
    }

    void text(String text) throws IOException {
      if (!kind.equals("text")) {
        open("text", Json.object().put("type", "text").put("text", ""));
      }
      ObjectNode d = Json.object().put("type", "text_delta").put("text", text);
      delta(d);
    }

    void tool(ToolCallDelta t) throws IOException {
      if (!kind.equals("tool_use") || t.index() != toolIndex) {
        ObjectNode block = Json.object().put("type", "tool_use");
        block.put("id", t.id() == null ? "toolu_" + Secrets.newId() : t.id());
        block.put("name", t.name() == null ? "" : t.name());
        block.putObject("input");
        open("tool_use", block);
        toolIndex = t.index();
      }
      if (!t.argumentsDelta().isEmpty()) {
        delta(
            Json.object().put("type", "input_json_delta").put("partial_json", t.argumentsDelta()));
      }
    }

    private void open(String newKind, ObjectNode block) throws IOException {
      close();
      index++;
      kind = newKind;
      ObjectNode e = Json.object().put("type", "content_block_start").put("index", index);
      e.set("content_block", block);
      events.send("content_block_start", Json.text(e));
    }

    private void delta(ObjectNode d) throws IOException {
      ObjectNode e = Json.object().put("type", "content_block_delta").put("index", index);
      e.set("delta", d);
      events.send("content_block_delta", Json.text(e));
    }

    void close() throws IOException {
      if (!kind.isEmpty()) {
        events.send(
            "content_block_stop",
            Json.text(Json.object().put("type", "content_block_stop").put("index", index)));
        kind = "";
      }
    }
  }

  private void relay(Exchange ex, EventStream events, ChatStream stream, AnthropicMessages.Parsed p)
      throws IOException {
    boolean started = false;
    Blocks blocks = new Blocks(events);
    try {
      Iterator<ChatChunk> it = stream.iterator();
      while (it.hasNext()) {
        ChatChunk c = it.next();
        if (!started) {
          start(events, c.id(), c.model() != null ? c.model() : p.request().model());
          started = true;
        }
        String text = c.text().isEmpty() && c.refusal() != null ? c.refusal() : c.text();
        if (!text.isEmpty()) {
          blocks.text(text);
        }
        for (ToolCallDelta t : c.toolCalls()) {
          blocks.tool(t);
        }
      }
      ChatResponse r = stream.response();
      if (!started) {
        start(events, r.id(), r.model());
      }
      blocks.close();
      ObjectNode md = Json.object().put("type", "message_delta");
      ObjectNode d = md.putObject("delta");
      d.put(
          "stop_reason", r.refused() ? "refusal" : AnthropicMessages.stopReason(r.finishReason()));
      d.putNull("stop_sequence");
      md.set("usage", AnthropicMessages.usage(r.usage()));
      events.send("message_delta", Json.text(md));
      events.send("message_stop", Json.text(Json.object().put("type", "message_stop")));
    } catch (RuntimeException | IOException e) {
      if (events.broken()) {
        ex.abort(e);
        return;
      }
      ApiError err = Errors.of(e, clock);
      events.send("error", Json.text(Router.anthropicError(err)));
    }
    ex.finish();
  }

  private static void start(EventStream events, String id, String model) throws IOException {
    ObjectNode e = Json.object().put("type", "message_start");
    ObjectNode m = e.putObject("message");
    m.put("id", id == null ? "msg_" + Secrets.newId() : id);
    m.put("type", "message");
    m.put("role", "assistant");
    m.put("model", model);
    m.putArray("content");
    m.putNull("stop_reason");
    m.putNull("stop_sequence");
    ObjectNode u = m.putObject("usage");
    u.put("input_tokens", 0);
    u.put("output_tokens", 0);
    events.send("message_start", Json.text(e));
  }
}
