package dev.llmgateway.internal;

import dev.llmgateway.CallInfo;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wraps the stream a call returns (the real one or one an interceptor made) to fire the call's
 * terminal event exactly once: {@code callEnd} when it ended, {@code callFailed} when it failed or
 * was closed before its end. The same moment hands the call to its {@link Terminal} (the usage
 * record).
 */
final class ObservedChatStream implements ChatStream {
  private final ChatStream delegate;
  private final CallInfo info;
  private final GatewayEventListener events;
  private final Terminal terminal;
  private final AtomicBoolean terminated = new AtomicBoolean();

  /** What happens once when the stream ends, after the listener's event. */
  interface Terminal {
    void ended(ChatResponse response);

    void failed(Throwable error);
  }

  ObservedChatStream(
      ChatStream delegate, CallInfo info, GatewayEventListener events, Terminal terminal) {
    this.delegate = delegate;
    this.info = info;
    this.events = events;
    this.terminal = terminal;
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
            ended();
          }
          return more;
        } catch (RuntimeException e) {
          failed(e);
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
          failed(e);
          throw e;
        }
      }
    };
  }

  @Override
  public ChatResponse response() {
    try {
      ChatResponse r = delegate.response();
      if (terminated.compareAndSet(false, true)) {
        events.callEnd(info, r.route());
        terminal.ended(r);
      }
      return r;
    } catch (RuntimeException e) {
      failed(e);
      throw e;
    }
  }

  @Override
  public void close() {
    delegate.close();
    failed(
        new CancellationException("ChatStream for '" + info.model() + "' closed before its end"));
  }

  private void ended() {
    if (terminated.get()) {
      return;
    }
    ChatResponse r;
    try {
      r = delegate.response();
    } catch (RuntimeException e) {
      failed(e);
      return;
    }
    if (terminated.compareAndSet(false, true)) {
      events.callEnd(info, r.route());
      terminal.ended(r);
    }
  }

  private void failed(Throwable error) {
    if (terminated.compareAndSet(false, true)) {
      events.callFailed(info, error);
      terminal.failed(error);
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
