package dev.llmgateway.internal.stream;

import dev.llmgateway.ChatStream;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a stream to learn how it ended: hands the assembled answer to {@code onComplete} once the
 * stream ended normally, or runs {@code onAbandon} once if it failed or was closed before its end.
 * Exactly one of the two runs, at most once, after the stream under it has settled: {@link
 * #charge()} then says what it charged. The cache stage stores a miss's answer with it; the route
 * stage remembers where a conversation was served.
 */
public final class CachingChatStream implements ChargedStream {
  private final ChatStream delegate;
  private final Consumer<ChatResponse> onComplete;
  private final Runnable onAbandon;
  private final AtomicBoolean finished = new AtomicBoolean();

  public CachingChatStream(
      ChatStream delegate, Consumer<ChatResponse> onComplete, Runnable onAbandon) {
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
        } catch (RuntimeException | Error e) {
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
        } catch (RuntimeException | Error e) {
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
    } catch (RuntimeException | Error e) {
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

  @Override
  public @Nullable Charge charge() {
    return delegate instanceof ChargedStream charged ? charged.charge() : null;
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
