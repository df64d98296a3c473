package dev.llmgateway.internal.stream;

import dev.llmgateway.ChatStream;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams of one client that have not ended yet, so that nothing a stream holds (its HTTP call
 * and pooled connection, its budget reservation, its usage record) outlives it:
 *
 * <ul>
 *   <li>{@link #closeAll()} (the client's {@code close()}) ends every open stream: cancels its HTTP
 *       call, settles its reservation with what was consumed and writes a CANCELLED record.
 *   <li>A stream the caller drops without closing it is ended the same way once it becomes
 *       unreachable, through a {@link Cleaner}, and reported at WARN naming its alias, as OkHttp
 *       reports a leaked connection.
 * </ul>
 *
 * <p>The caller gets a handle ({@link #track}) that the cleaner watches. The cleaning action holds
 * the wrapped stream (the state to end), never the handle, and nothing below the handle refers to
 * it, so the handle can become unreachable while the stream is open. The handle's iterator (and
 * Java {@code Stream}) keep the handle reachable while they are in use.
 *
 * <p>Thread-safe. Ending is idempotent: the caller's close, the client's close and the cleaner may
 * race; the stream settles once and its call writes one record ({@link ObservedChatStream}).
 */
public final class OpenStreams {
  private static final Logger log = LoggerFactory.getLogger(OpenStreams.class);

  /** One daemon thread for the library: it only ends streams nobody closed, which are rare. */
  private static final Cleaner CLEANER =
      Cleaner.create(
          r -> {
            Thread t = new Thread(r, "llm-gateway-stream-cleaner");
            t.setDaemon(true);
            return t;
          });

  private final Set<ObservedChatStream> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Tracks a stream until it ends and returns the handle the caller gets.
   *
   * @param stream the call's stream
   * @param label how the WARN for an abandoned stream names it: {@code alias 'fast'}
   * @return the handle
   * @throws IllegalStateException if the client was closed; the stream is then ended
   */
  public ChatStream track(ObservedChatStream stream, String label) {
    open.add(stream);
    if (closed) {
      // closeAll() may have missed it: end it here (ending twice is harmless).
      stream.end(
          new CancellationException(
              "GatewayClient was closed while the ChatStream for " + label + " was opening"));
      throw new IllegalStateException("GatewayClient is closed");
    }
    return new Handle(stream, label);
  }

  /** Forgets a stream that ended (its call terminated). */
  public void untrack(ObservedChatStream stream) {
    open.remove(stream);
  }

  /**
   * Ends every open stream and refuses new ones: each stream's HTTP call is cancelled, its
   * reservation settled with what was consumed, and its CANCELLED record handed to the usage writer
   * before this returns.
   */
  public void closeAll() {
    closed = true;
    for (ObservedChatStream stream : List.copyOf(open)) {
      try {
        stream.end(
            new CancellationException(
                "GatewayClient was closed while the ChatStream for '"
                    + stream.info().model()
                    + "' was open"));
      } catch (RuntimeException e) {
        // One stream must not keep the client from closing the others and its providers.
        log.warn("Ending the ChatStream of call {} failed; ignoring it", stream.info().id(), e);
      }
    }
  }

  /** What the cleaner runs: ends the stream, and reports it if nobody closed it. */
  private static final class Ending implements Runnable {
    private final ObservedChatStream stream;
    private final String label;
    private volatile boolean closedByCaller;

    public Ending(ObservedChatStream stream, String label) {
      this.stream = stream;
      this.label = label;
    }

    @Override
    public void run() {
      try {
        if (closedByCaller) {
          stream.close();
          return;
        }
        if (stream.open()) {
          log.warn(
              "A ChatStream for {} (call {}) was not closed; ending it: its HTTP call is"
                  + " cancelled, its budget reservation settled with what was consumed and a"
                  + " CANCELLED usage record written. Close ChatStream with try-with-resources.",
              label,
              stream.info().id());
        }
        stream.end(
            new CancellationException(
                "ChatStream for " + label + " was not closed; ended when it became unreachable"));
      } catch (RuntimeException e) {
        log.warn("Ending the ChatStream for {} failed; ignoring it", label, e);
      }
    }
  }

  /** The stream the caller holds; the cleaner watches it. */
  private static final class Handle implements ChatStream {
    private final ObservedChatStream stream;
    private final Ending ending;
    private final Cleaner.Cleanable cleanable;

    public Handle(ObservedChatStream stream, String label) {
      this.stream = stream;
      this.ending = new Ending(stream, label);
      this.cleanable = CLEANER.register(this, ending);
    }

    @Override
    public Iterator<ChatChunk> iterator() {
      Iterator<ChatChunk> it = stream.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          try {
            return it.hasNext();
          } finally {
            // The iterator keeps the handle alive: a reader is never cleaned mid-read.
            Reference.reachabilityFence(Handle.this);
          }
        }

        @Override
        public ChatChunk next() {
          try {
            return it.next();
          } finally {
            Reference.reachabilityFence(Handle.this);
          }
        }
      };
    }

    @Override
    public ChatResponse response() {
      try {
        return stream.response();
      } finally {
        Reference.reachabilityFence(this);
      }
    }

    @Override
    public void close() {
      ending.closedByCaller = true;
      // Runs the ending at most once, here, and unregisters it from the cleaner.
      cleanable.clean();
    }

    @Override
    public String toString() {
      return stream.toString();
    }
  }
}
