package dev.llmgateway.internal;

import dev.llmgateway.ChatStream;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/** A whole answer replayed as a one-chunk stream; see {@link ChatStream#of(ChatResponse)}. */
public final class ReplayChatStream implements ChatStream {
  private final ChatResponse response;
  private boolean iterated;
  private volatile boolean closed;

  /**
   * Creates the stream.
   *
   * @param response the answer to replay
   */
  public ReplayChatStream(ChatResponse response) {
    this.response = Objects.requireNonNull(response, "response");
  }

  @Override
  public Iterator<ChatChunk> iterator() {
    if (iterated || closed) {
      throw new IllegalStateException(
          "A ChatStream can be iterated only once, and not after close");
    }
    iterated = true;
    List<ToolCallDelta> deltas = new ArrayList<>();
    for (int i = 0; i < response.toolCalls().size(); i++) {
      ToolCall call = response.toolCalls().get(i);
      deltas.add(new ToolCallDelta(i, call.id(), call.name(), call.argumentsJson()));
    }
    ChatChunk chunk =
        new ChatChunk(
            response.id(),
            response.model(),
            response.text(),
            deltas,
            response.finishReason(),
            response.usage());
    return List.of(chunk).iterator();
  }

  @Override
  public ChatResponse response() {
    return response;
  }

  @Override
  public void close() {
    closed = true;
  }
}
