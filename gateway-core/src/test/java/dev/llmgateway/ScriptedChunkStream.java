package dev.llmgateway;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.ChunkStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A provider stream played from a script of items: a {@link ChatChunk} is returned, a {@link
 * RuntimeException} is thrown, a {@link CountDownLatch} is awaited (until released or the stream is
 * closed). After the last item the stream ends properly.
 */
final class ScriptedChunkStream implements ChunkStream {
  private final Deque<Object> items;
  final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closedLatch = new CountDownLatch(1);

  private ScriptedChunkStream(List<Object> items) {
    this.items = new ArrayDeque<>(items);
  }

  static ScriptedChunkStream of(Object... items) {
    return new ScriptedChunkStream(List.of(items));
  }

  static ChatChunk text(String text) {
    return ChatChunk.text(text);
  }

  static ChatChunk role() {
    return new ChatChunk("id-1", "m", "", List.of(), null, null);
  }

  static ChatChunk tool(int index, @Nullable String id, @Nullable String name, String args) {
    return new ChatChunk(
        null, null, "", List.of(new ToolCallDelta(index, id, name, args)), null, null);
  }

  static ChatChunk end(Usage usage) {
    return new ChatChunk(null, null, "", List.of(), FinishReason.STOP, usage);
  }

  static ProviderException failure(ErrorKind kind) {
    return new ProviderException(kind, "scripted", null, "scripted stream " + kind, null);
  }

  @Override
  public @Nullable ChatChunk next() {
    while (true) {
      if (closed.get()) {
        throw new ProviderException(ErrorKind.NETWORK, "scripted", null, "stream closed", null);
      }
      Object item;
      synchronized (items) {
        item = items.poll();
      }
      if (item == null) {
        return null;
      }
      if (item instanceof ChatChunk chunk) {
        return chunk;
      }
      if (item instanceof RuntimeException e) {
        throw e;
      }
      CountDownLatch latch = (CountDownLatch) item;
      try {
        while (!latch.await(5, TimeUnit.MILLISECONDS)) {
          if (closedLatch.await(0, TimeUnit.MILLISECONDS)) {
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(ErrorKind.NETWORK, "scripted", null, "interrupted", e);
      }
    }
  }

  @Override
  public void close() {
    closed.set(true);
    closedLatch.countDown();
  }
}
