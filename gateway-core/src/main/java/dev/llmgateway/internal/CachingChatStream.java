package dev.llmgateway.internal;

import dev.llmgateway.ChatStream;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Wraps the stream of a cache miss: hands the assembled answer to {@code onComplete} once the
 * stream ended normally, or runs {@code onAbandon} once if it failed or was closed before its end.
 * Exactly one of the two runs, at most once.
 */
final class CachingChatStream implements ChatStream {
  private final ChatStream delegate;
  private final Consumer<ChatResponse> onComplete;
  private final Runnable onAbandon;
  private final AtomicBoolean finished = new AtomicBoolean();

  CachingChatStream(ChatStream delegate, Consumer<ChatResponse> onComplete, Runnable onAbandon) {
    this.delegate = delegate;
    this.onComplete = onComplete;
    this.onAbandon = onAbandon;
  }

  @Override
  public Iterator<ChatChunk> iterator() {
    Iterator<ChatChunk> it = delegate.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          boolean more = it.hasNext();
          if (!more) {
            complete(delegate.response());
          }
          return more;
        } catch (RuntimeException e) {
          abandon();
          throw e;
        }
      }

      @Override
      public ChatChunk next() {
        try {
          return it.next();
        } catch (NoSuchElementException e) {
          throw e;
        } catch (RuntimeException e) {
          abandon();
          throw e;
        }
      }
    };
  }

  @Override
  public ChatResponse response() {
    ChatResponse r;
    try {
      r = delegate.response();
    } catch (RuntimeException e) {
      abandon();
      throw e;
    }
    complete(r);
    return r;
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      abandon();
    }
  }

  private void complete(ChatResponse r) {
    if (finished.compareAndSet(false, true)) {
      onComplete.accept(r);
    }
  }

  private void abandon() {
    if (finished.compareAndSet(false, true)) {
      onAbandon.run();
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
