package dev.llmgateway.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.RequestContext;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/** {@code POST /v1/chat/completions}: OpenAI's Chat Completions, plain and streamed. */
final class ChatEndpoint {
  private final GatewayClient gateway;
  private final Clock clock;
  private final ScheduledExecutorService timer;

  ChatEndpoint(GatewayClient gateway, Clock clock, ScheduledExecutorService timer) {
    this.gateway = gateway;
    this.clock = clock;
    this.timer = timer;
  }

  void handle(Exchange ex, ServerSettings settings, RequestContext context) throws IOException {
    OpenAiChat.Parsed p = OpenAiChat.parse(ex.json(settings.maxRequestBytes()), context);
    long created = clock.instant().getEpochSecond();
    if (!p.stream()) {
      ChatResponse r = gateway.chat(p.request());
      Router.routeHeaders(ex, r.provider(), r.model(), r.cost());
      ex.sendJson(200, OpenAiChat.response(r, created));
      return;
    }
    ChatStream stream = gateway.stream(p.request());
    try (stream) {
      EventStream events =
          new EventStream(
              ex.startEventStream(), timer, settings.streamKeepAlive().toMillis(), stream::close);
      try (events) {
        relay(ex, events, stream, p, created);
      }
    }
  }

  private void relay(
      Exchange ex, EventStream events, ChatStream stream, OpenAiChat.Parsed p, long created)
      throws IOException {
    String id = null;
    String model = p.request().model();
    boolean first = true;
    boolean finished = false;
    try {
      Iterator<ChatChunk> it = stream.iterator();
      while (it.hasNext()) {
        ChatChunk c = it.next();
        if (id == null) {
          id = c.id() != null ? c.id() : "chatcmpl-" + Secrets.newId();
        }
        if (c.model() != null) {
          model = c.model();
        }
        ObjectNode delta = OpenAiChat.delta(c, first);
        if (delta == null) {
          continue;
        }
        first = false;
        ObjectNode chunk = OpenAiChat.chunkEnvelope(id, created, model);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (c.finishReason() != null) {
          choice.put("finish_reason", OpenAiChat.finish(c.finishReason()));
          finished = true;
        } else {
          choice.putNull("finish_reason");
        }
        events.send(null, Json.text(chunk));
      }
      ChatResponse r = stream.response();
      String sid = id == null ? r.id() : id;
      if (!finished) {
        ObjectNode chunk = OpenAiChat.chunkEnvelope(sid, created, r.model());
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.put("finish_reason", OpenAiChat.finish(r.finishReason()));
        events.send(null, Json.text(chunk));
      }
      if (p.includeUsage()) {
        ObjectNode chunk = OpenAiChat.chunkEnvelope(sid, created, r.model());
        chunk.putArray("choices");
        chunk.set("usage", OpenAiChat.usage(r.usage()));
        events.send(null, Json.text(chunk));
      }
      events.send(null, "[DONE]");
    } catch (RuntimeException | IOException e) {
      if (events.broken()) {
        ex.abort(e);
        return;
      }
      ApiError err = Errors.of(e, clock);
      events.send(null, Json.text(Router.openAiError(err)));
    }
    ex.finish();
  }

  static @Nullable String nonBlank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
