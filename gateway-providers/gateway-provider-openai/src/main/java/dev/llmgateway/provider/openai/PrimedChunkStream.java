package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ChunkStream;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * A stream read ahead past its preamble before it is handed out: {@link #prime} reads chunks until
 * the first one with content ({@link ChatChunk#hasContent()}) or the proper end, and keeps them. A
 * failure announced in the preamble (the Responses API's {@code response.failed} or {@code error}
 * after {@code response.created}, {@code response.in_progress} and an empty output item) so
 * surfaces from {@link dev.llmgateway.spi.Provider#stream} itself, before any chunk reached the
 * caller, exactly like an HTTP error: the gateway can still retry or fall back.
 *
 * <p>After priming, {@link #next()} hands out the kept chunks, then reads on. Once the stream is
 * closed or its call cancelled, the kept chunks are dropped and {@code next()} asks the wrapped
 * stream, which fails, as the {@link ChunkStream} contract wants. Same thread rules as the stream
 * it wraps: {@code next()} on one thread, {@code close()} from any.
 */
final class PrimedChunkStream implements ChunkStream {
  private final ChunkStream source;
  private final Cancellation cancellation;
  private final Deque<ChatChunk> held;
  private volatile boolean closed;

  private PrimedChunkStream(ChunkStream source, Cancellation cancellation, Deque<ChatChunk> held) {
    this.source = source;
    this.cancellation = cancellation;
    this.held = held;
  }

  /**
   * Reads {@code source} up to its first content chunk; closes it if that fails.
   *
   * @throws ProviderException if the stream fails before its first content chunk
   */
  static PrimedChunkStream prime(ChunkStream source, Cancellation cancellation) {
    Deque<ChatChunk> held = new ArrayDeque<>(4);
    try {
      while (true) {
        ChatChunk chunk = source.next();
        if (chunk == null) {
          return new PrimedChunkStream(source, cancellation, held);
        }
        held.add(chunk);
        if (chunk.hasContent()) {
          return new PrimedChunkStream(source, cancellation, held);
        }
      }
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  @Override
  public @Nullable ChatChunk next() {
    if (closed || cancellation.isCancelled()) {
      held.clear();
    }
    ChatChunk chunk = held.poll();
    return chunk != null ? chunk : source.next();
  }

  @Override
  public void close() {
    closed = true;
    source.close();
  }

  @Override
  public String toString() {
    return "PrimedChunkStream[" + source + ", " + held.size() + " held]";
  }
}
