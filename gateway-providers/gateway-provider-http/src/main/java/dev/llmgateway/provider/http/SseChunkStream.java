package dev.llmgateway.provider.http;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.spi.ChunkStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A base for {@link ChunkStream}s read from a Server-Sent Events body. It keeps the {@link
 * ChunkStream} contract so that adapters only translate events: {@link #next()} returns {@code
 * null} only after the adapter declared the proper end, every other end throws a {@link
 * ProviderException}, and {@link #close()} is idempotent, thread-safe and makes a blocked {@code
 * next()} fail promptly.
 *
 * <pre>{@code
 * final class AnthropicChunkStream extends SseChunkStream {
 *   protected ChatChunk onEvent(SseEvent event) {
 *     switch (event.event()) {
 *       case "message_stop": end(); return null;
 *       case "error": throw errors().fromErrorBody(0, parse(event.data()), null, model());
 *       case "content_block_delta": return ChatChunk.text(...);
 *       default: return null;                    // nothing for the caller: read on
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Events are translated as soon as they are read, so chunks reach the caller incrementally. An
 * I/O failure maps to {@code TIMEOUT} once the deadline passed, to {@code NETWORK} otherwise; the
 * end of the body before {@link #end()} maps to {@code MALFORMED_RESPONSE} unless {@link
 * #endOfStreamIsProper()} says otherwise; a {@link RuntimeException} from {@link #onEvent} (a parse
 * error) maps to {@code MALFORMED_RESPONSE}. Once the call's {@linkplain
 * dev.llmgateway.spi.ProviderCall#cancellation() cancellation} is signalled, the next {@code
 * next()} fails with {@code NETWORK}, even if events were already buffered. After a failure, {@code
 * next()} throws the same exception again.
 *
 * <p>{@code next()} is meant for one reading thread at a time (calls are serialized); {@code
 * close()} may come from any thread.
 */
public abstract class SseChunkStream implements ChunkStream {
  private final HttpExchange exchange;
  private final SseReader reader;
  private final ReentrantLock readLock = new ReentrantLock();
  private volatile boolean closed;
  private boolean released;
  private boolean ended;
  private boolean finished;
  private @Nullable ProviderException failure;

  /**
   * Creates a stream over an open exchange, which the stream now owns.
   *
   * @param exchange the exchange whose body is the event stream
   */
  protected SseChunkStream(HttpExchange exchange) {
    this.exchange = exchange;
    this.reader = new SseReader(exchange.response().body().source());
  }

  /**
   * Translates one event.
   *
   * @param event the event, in stream order
   * @return the chunk to hand to the caller, or {@code null} if the event carries nothing for it
   * @throws ProviderException if the event reports an error (use {@link #errors()})
   * @throws RuntimeException if the event cannot be parsed; reported as {@code MALFORMED_RESPONSE}
   */
  protected abstract @Nullable ChatChunk onEvent(SseEvent event);

  /**
   * Called when the body ends before {@link #end()} was called: whether that end is still proper
   * (for example because a finish reason was seen). The default says it is not, which {@code
   * next()} reports as a truncated stream ({@code MALFORMED_RESPONSE}).
   *
   * @return {@code true} if the stream ended properly
   */
  protected boolean endOfStreamIsProper() {
    return false;
  }

  /**
   * Declares the proper end (a terminator event was read). {@code next()} returns any chunk the
   * current event produced, then {@code null}.
   */
  protected final void end() {
    ended = true;
  }

  /**
   * The provider's error mapper, scoped to the stream's request, to map error events: every piece
   * of provider text must go through it (or its {@link HttpErrorMapper#redactor()}) before it
   * becomes part of a message.
   *
   * @return the mapper
   */
  protected final HttpErrorMapper errors() {
    return exchange.errors();
  }

  /**
   * The model the stream's call was addressed to.
   *
   * @return the model, or {@code null}
   */
  protected final @Nullable String model() {
    return exchange.model();
  }

  /**
   * Reads the next chunk, blocking until an event produces one.
   *
   * @return the next chunk, or {@code null} at the proper end
   * @throws ProviderException if the stream fails, ends improperly, or was closed
   */
  @Override
  public final @Nullable ChatChunk next() {
    readLock.lock();
    try {
      return readNext();
    } finally {
      readLock.unlock();
      releaseIfClosed();
    }
  }

  private @Nullable ChatChunk readNext() {
    if (finished) {
      return null;
    }
    if (failure != null) {
      throw failure;
    }
    while (true) {
      if (ended) {
        finished = true;
        release();
        return null;
      }
      if (closed) {
        throw fail(closedException(null));
      }
      if (exchange.cancelled()) {
        // Events buffered before the cancel would still parse; the caller gave up, so stop here.
        throw fail(exchange.failure(new InterruptedIOException("Canceled")));
      }
      SseEvent event;
      try {
        event = reader.next();
      } catch (IOException e) {
        throw fail(closed ? closedException(e) : exchange.failure(e));
      }
      if (event == null) {
        if (endOfStreamIsProper()) {
          finished = true;
          release();
          return null;
        }
        throw fail(
            errors()
                .malformed(model(), "the stream ended before its end marker (truncated)", null));
      }
      ChatChunk chunk;
      try {
        chunk = onEvent(event);
      } catch (ProviderException e) {
        throw fail(e);
      } catch (RuntimeException e) {
        throw fail(errors().malformed(model(), "unreadable stream event: " + e.getMessage(), e));
      }
      if (chunk != null) {
        return chunk;
      }
    }
  }

  /**
   * Closes the stream: cancels the call and releases the connection. Idempotent and thread-safe; a
   * {@code next()} blocked in another thread then throws promptly. Never throws.
   */
  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!finished) {
      exchange.cancel();
    }
    releaseIfClosed();
  }

  /** Releases the body unless a reader holds it; that reader releases it when it returns. */
  private void releaseIfClosed() {
    if (closed && readLock.tryLock()) {
      try {
        release();
      } finally {
        readLock.unlock();
      }
    }
  }

  private void release() {
    if (!released) {
      released = true;
      exchange.close();
    }
  }

  private ProviderException fail(ProviderException e) {
    failure = e;
    release();
    return e;
  }

  private ProviderException closedException(@Nullable IOException cause) {
    return new ProviderException(
        ErrorKind.NETWORK,
        errors().provider(),
        model(),
        "The stream from provider '" + errors().provider() + "' was closed by the caller",
        cause == null ? null : errors().redactor().scrub(cause));
  }
}
