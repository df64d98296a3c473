package dev.llmgateway.internal.stream;

import dev.llmgateway.CallInfo;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the stream a call returns (the real one or one an interceptor made) to fire the call's
 * terminal event exactly once: {@code callEnd} when it ended, {@code callFailed} when it failed or
 * was ended before its end. The same moment hands the call to its {@link Terminal} (the usage
 * record), then tells {@code onTerminated} (the client's open streams).
 *
 * <p>Ending it ({@link #end}) may race with the reading thread, the caller's {@code close()}, the
 * client's {@code close()} and the cleaner of an abandoned stream: exactly one of them terminates
 * the call, and every {@code end} returns only once the call's record has been handed over (unless
 * it is the terminating thread itself, or is interrupted), so a client that drains its usage queue
 * afterwards writes it.
 */
public final class ObservedChatStream implements ChatStream {
  private static final Logger log = LoggerFactory.getLogger(ObservedChatStream.class);

  private final ChatStream delegate;
  private final CallInfo info;
  private final GatewayEventListener events;
  private final Terminal terminal;
  private final Consumer<ObservedChatStream> onTerminated;
  private final AtomicReference<Thread> terminating = new AtomicReference<>();
  private final CountDownLatch terminated = new CountDownLatch(1);

  /** What happens once when the stream ends, after the listener's event. */
  public interface Terminal {
    public void ended(ChatResponse response);

    public void failed(Throwable error);
  }

  public ObservedChatStream(
      ChatStream delegate,
      CallInfo info,
      GatewayEventListener events,
      Terminal terminal,
      Consumer<ObservedChatStream> onTerminated) {
    this.delegate = delegate;
    this.info = info;
    this.events = events;
    this.terminal = terminal;
    this.onTerminated = onTerminated;
  }

  /** The call this stream answers. */
  public CallInfo info() {
    return info;
  }

  /** Whether the call has not terminated yet (no event fired, no record written). */
  public boolean open() {
    return terminating.get() == null;
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
        } catch (RuntimeException | Error e) {
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
        } catch (RuntimeException | Error e) {
          failed(e);
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
      failed(e);
      throw e;
    }
    terminate(
        () -> {
          events.callEnd(info, r.route());
          terminal.ended(r);
        });
    return r;
  }

  @Override
  public void close() {
    end(new CancellationException("ChatStream for '" + info.model() + "' closed before its end"));
  }

  /**
   * Ends the stream: closes the delegate (which cancels the provider's call and settles its
   * reservation), then terminates the call with {@code reason} unless it already terminated.
   * Idempotent and thread-safe; never throws.
   *
   * @param reason why it ended, the call's failure if it had not ended yet
   */
  public void end(CancellationException reason) {
    try {
      delegate.close();
    } catch (RuntimeException e) {
      log.warn("ChatStream {} threw from close(); ignoring it", delegate, e);
    }
    failed(reason);
    if (terminating.get() != Thread.currentThread()) {
      awaitTerminated();
    }
  }

  private void ended() {
    if (!open()) {
      return;
    }
    ChatResponse r;
    try {
      r = delegate.response();
    } catch (RuntimeException e) {
      failed(e);
      return;
    }
    terminate(
        () -> {
          events.callEnd(info, r.route());
          terminal.ended(r);
        });
  }

  private void failed(Throwable error) {
    terminate(
        () -> {
          events.callFailed(info, error);
          terminal.failed(error);
        });
  }

  /** Runs {@code terminal} if this thread is the first to end the call. */
  private void terminate(Runnable work) {
    if (!terminating.compareAndSet(null, Thread.currentThread())) {
      return;
    }
    try {
      work.run();
    } finally {
      terminated.countDown();
      onTerminated.accept(this);
    }
  }

  /** Waits for the thread that terminates the call; an interrupt stops the wait (flag kept). */
  private void awaitTerminated() {
    try {
      terminated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
