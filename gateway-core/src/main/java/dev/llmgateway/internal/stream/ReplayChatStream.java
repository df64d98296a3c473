package dev.llmgateway.internal.stream;

import dev.llmgateway.ChatStream;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ReasoningDelta;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A whole answer replayed as a stream: one chunk ({@link ChatStream#of(ChatResponse)}), or its text
 * in pieces of a few characters (cache hits), the tool calls, finish reason and usage on the last.
 * Reasoning blocks come first, as {@link ChatChunk#reasoning()} pieces (their text in pieces of the
 * same size, the last piece of a block with its signature, redacted data, item id and encrypted
 * content), so the stream's chunks assemble to the same answer, reasoning included.
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
    List<ChatChunk> chunks = new ArrayList<>();
    List<ReasoningBlock> blocks = response.reasoning();
    for (int b = 0; b < blocks.size(); b++) {
      reasoning(chunks, b, blocks.get(b));
    }
    String text = response.text();
    int start = 0;
    while (text.length() - start > chunkChars) {
      int end = cut(text, start);
      chunks.add(first(chunks, text.substring(start, end), null));
      start = end;
    }
    List<ToolCallDelta> deltas = new ArrayList<>();
    for (int i = 0; i < response.toolCalls().size(); i++) {
      ToolCall call = response.toolCalls().get(i);
      deltas.add(new ToolCallDelta(i, call.id(), call.name(), call.argumentsJson()));
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

  /**
   * A block's chunks: its text in pieces, the last piece with the block's signature, redacted data,
   * item id and encrypted content, so that the assembled answer has the block as it was.
   */
  private void reasoning(List<ChatChunk> chunks, int index, ReasoningBlock block) {
    String text = block.text();
    int start = 0;
    while (text.length() - start > chunkChars) {
      int end = cut(text, start);
      chunks.add(first(chunks, "", ReasoningDelta.text(index, text.substring(start, end))));
      start = end;
    }
    ReasoningDelta last =
        new ReasoningDelta(
            index,
            text.substring(start),
            block.signature(),
            block.redactedData(),
            block.id(),
            block.encryptedContent());
    chunks.add(first(chunks, "", last));
  }

  /** The end of the piece starting at {@code start}; never splits a surrogate pair. */
  private int cut(String text, int start) {
    int end = start + chunkChars;
    return Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
  }

  /** A chunk of text or reasoning; the stream's first carries the response id and model. */
  private ChatChunk first(List<ChatChunk> chunks, String text, @Nullable ReasoningDelta reasoning) {
    boolean first = chunks.isEmpty();
    return new ChatChunk(
        first ? response.id() : null,
        first ? response.model() : null,
        text,
        List.of(),
        null,
        null,
        null,
        reasoning);
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
