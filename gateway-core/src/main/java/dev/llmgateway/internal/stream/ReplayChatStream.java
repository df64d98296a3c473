package dev.llmgateway.internal.stream;

import dev.llmgateway.ChatStream;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A whole answer replayed as a stream: one chunk ({@link ChatStream#of(ChatResponse)}), or its text
 * in pieces of a few characters (cache hits), the tool calls, finish reason and usage on the last.
 */
public final class ReplayChatStream implements ChatStream {
  private final ChatResponse response;
  private final int chunkChars;
  private boolean iterated;
  private volatile boolean closed;

  /**
   * Creates the stream.
   *
   * @param response the answer to replay
   */
  public ReplayChatStream(ChatResponse response) {
    this(response, Integer.MAX_VALUE);
  }

  /**
   * Creates a stream that replays the text in pieces.
   *
   * @param response the answer to replay
   * @param chunkChars the most characters of text per chunk; positive
   * @throws IllegalArgumentException if {@code chunkChars} is not positive
   */
  public ReplayChatStream(ChatResponse response, int chunkChars) {
    if (chunkChars <= 0) {
      throw new IllegalArgumentException("chunkChars must be positive, was " + chunkChars);
    }
    this.response = Objects.requireNonNull(response, "response");
    this.chunkChars = chunkChars;
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
    String text = response.text();
    List<ChatChunk> chunks = new ArrayList<>();
    int start = 0;
    while (text.length() - start > chunkChars) {
      int end = start + chunkChars;
      if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--; // never split a surrogate pair
      }
      chunks.add(
          new ChatChunk(
              chunks.isEmpty() ? response.id() : null,
              chunks.isEmpty() ? response.model() : null,
              text.substring(start, end),
              List.of(),
              null,
              null));
      start = end;
    }
    chunks.add(
        new ChatChunk(
            response.id(),
            response.model(),
            text.substring(start),
            deltas,
            response.finishReason(),
            response.usage(),
            response.refusal()));
    return chunks.iterator();
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
