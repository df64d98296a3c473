package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ReasoningDelta;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.ErrorBody;
import dev.llmgateway.provider.http.HttpExchange;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.provider.http.SseChunkStream;
import dev.llmgateway.provider.http.SseEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A streamed Chat Completion: one chunk per {@code chat.completion.chunk} event, {@code [DONE]} as
 * the end marker. For the legacy Completions endpoint ({@code text_completion} events) the text is
 * read from {@code choices[0].text} instead of {@code choices[0].delta}. A body that ends after a
 * finish reason but without {@code [DONE]} still ends properly; one that ends before either is
 * truncated.
 *
 * <p>{@code delta.refusal} becomes the chunk's {@link ChatChunk#refusal()}, never its text, and
 * once a refusal was seen the wire's finish reason {@code stop} becomes {@code CONTENT_FILTER}.
 * Thinking text that compatible servers stream as {@code delta.reasoning_content} or {@code
 * delta.reasoning} becomes the chunk's {@link ChatChunk#reasoning()}, never its text. Usage is read
 * from the top-level {@code usage} (the chunk {@code stream_options.include_usage} asks for) or,
 * when that is absent, from Groq's {@code x_groq.usage} on the final chunk.
 */
final class OpenAiChunkStream extends SseChunkStream {
  private static final String DONE = "[DONE]";

  private final boolean textCompletion;
  private boolean finishSeen;
  private boolean refusalSeen;

  OpenAiChunkStream(HttpExchange exchange) {
    this(exchange, false);
  }

  OpenAiChunkStream(HttpExchange exchange, boolean textCompletion) {
    super(exchange);
    this.textCompletion = textCompletion;
  }

  @Override
  protected @Nullable ChatChunk onEvent(SseEvent event) {
    return onEvent(event, true);
  }

  /**
   * Translates one event, with the streaming {@link ChatChunkParser} first if {@code streamed},
   * else with the tree reader alone: tests compare the two.
   */
  @Nullable ChatChunk onEvent(SseEvent event, boolean streamed) {
    String data = event.data().strip();
    if (data.equals(DONE)) {
      end();
      return null;
    }
    if (data.isEmpty()) {
      return null;
    }
    if (streamed && !event.event().equals("error")) {
      ChatChunk chunk = ChatChunkParser.read(data, textCompletion, refusalSeen);
      if (chunk != null) {
        // Exactly when the tree reader notes them.
        refusalSeen |= chunk.refusal() != null;
        finishSeen |= chunk.finishReason() != null;
        return chunk;
      }
    }
    return fromTree(event, data);
  }

  /** The tree reader: every event the streaming parser leaves, errors included. */
  private ChatChunk fromTree(SseEvent event, String data) {
    JsonNode root;
    try {
      root = Json.read(data);
    } catch (IOException e) {
      throw errors().malformed(model(), "a stream event is not valid JSON", e);
    }
    if (!root.isObject()) {
      throw errors().malformed(model(), "a stream event is not a JSON object", null);
    }
    JsonNode error = root.get("error");
    if ((error != null && !error.isNull()) || event.event().equals("error")) {
      ErrorBody said = OpenAiErrorDialect.read(root);
      throw errors()
          .fromErrorBody(0, said != null ? said : new ErrorBody(null, null, null), null, model());
    }
    return chunk(root);
  }

  /** The chunk of a parsed event that is no error. */
  private ChatChunk chunk(JsonNode root) {
    String text = "";
    String refusal = null;
    List<ToolCallDelta> toolCalls = List.of();
    ReasoningDelta reasoning = null;
    FinishReason finishReason = null;
    JsonNode choices = root.get("choices");
    if (choices != null && choices.isArray() && !choices.isEmpty()) {
      JsonNode choice = choices.get(0);
      JsonNode delta = textCompletion ? null : Json.object(choice, "delta");
      if (textCompletion) {
        String content = Json.text(choice, "text");
        text = content != null ? content : "";
      } else if (delta != null) {
        String content = Json.text(delta, "content");
        text = content != null ? content : "";
        String said = Json.text(delta, "refusal");
        if (said != null && !said.isEmpty()) {
          refusal = said;
          refusalSeen = true;
        }
        toolCalls = toolCalls(delta.get("tool_calls"));
        String thought = ChatResponseReader.reasoningText(delta);
        if (thought != null) {
          reasoning = ReasoningDelta.text(0, thought);
        }
      }
      String reason = Json.text(choice, "finish_reason");
      if (reason != null) {
        finishReason =
            refusalSeen ? FinishReason.CONTENT_FILTER : ChatResponseReader.finishReason(reason);
        finishSeen = true;
      }
    }
    JsonNode usageNode = Json.object(root, "usage");
    if (usageNode == null) {
      usageNode = Json.object(Json.object(root, "x_groq"), "usage");
    }
    Usage usage = usageNode == null ? null : ChatResponseReader.usage(usageNode);
    return new ChatChunk(
        Json.text(root, "id"),
        Json.text(root, "model"),
        text,
        toolCalls,
        finishReason,
        usage,
        refusal,
        reasoning);
  }

  private static List<ToolCallDelta> toolCalls(@Nullable JsonNode calls) {
    if (calls == null || !calls.isArray() || calls.isEmpty()) {
      return List.of();
    }
    List<ToolCallDelta> deltas = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      JsonNode call = calls.get(i);
      JsonNode index = call.get("index");
      JsonNode function = Json.object(call, "function");
      String arguments = Json.text(function, "arguments");
      deltas.add(
          new ToolCallDelta(
              index != null && index.isInt() ? index.asInt() : i,
              Json.text(call, "id"),
              Json.text(function, "name"),
              arguments == null ? "" : arguments));
    }
    return deltas;
  }

  @Override
  protected boolean endOfStreamIsProper() {
    return finishSeen;
  }

  /** Whether a chunk carried a refusal, which turns later finish reasons into a content filter. */
  boolean refusalSeen() {
    return refusalSeen;
  }
}
