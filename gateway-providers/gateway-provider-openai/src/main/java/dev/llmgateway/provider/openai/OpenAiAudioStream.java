package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.provider.http.HttpExchange;
import dev.llmgateway.spi.AudioStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * The audio of a speech answer, read straight from the HTTP body. Keeps the {@link AudioStream}
 * contract: {@code -1} only at the end of the body, every other end a {@link ProviderException}
 * (I/O failures mapped like a stream's: {@code TIMEOUT} past the deadline, else {@code NETWORK};
 * {@code NETWORK} once the call is cancelled or the stream closed, even with bytes buffered); the
 * connection released at the end, on a failure and on {@link #close()}, which is idempotent,
 * thread-safe and makes a blocked read fail promptly. Reads are serialized by a lock.
 */
final class OpenAiAudioStream implements AudioStream {
  private final HttpExchange exchange;
  private final SpeechRequest.Format format;
  private final String mediaType;
  private final long contentLength;
  private final InputStream body;
  private final ReentrantLock readLock = new ReentrantLock();
  private final InputStream in = new Reading();
  private volatile boolean closed;
  private boolean released;
  private boolean finished;
  private @Nullable ProviderException failure;

  OpenAiAudioStream(HttpExchange exchange, SpeechRequest.Format format) {
    this.exchange = exchange;
    this.format = format;
    ResponseBody responseBody = exchange.response().body();
    MediaType type = responseBody.contentType();
    this.mediaType = type == null ? format.mediaType() : type.type() + "/" + type.subtype();
    this.contentLength = responseBody.contentLength();
    this.body = responseBody.byteStream();
  }

  @Override
  public SpeechRequest.Format format() {
    return format;
  }

  @Override
  public String mediaType() {
    return mediaType;
  }

  @Override
  public OptionalLong contentLength() {
    return contentLength < 0 ? OptionalLong.empty() : OptionalLong.of(contentLength);
  }

  @Override
  public InputStream inputStream() {
    return in;
  }

  /**
   * Closes the stream: cancels the call unless the audio was read to its end, and releases the
   * connection. Idempotent and thread-safe; never throws.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!finished) {
      exchange.cancel();
    }
    releaseIfClosed();
  }

  private int read(byte[] buffer, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    readLock.lock();
    try {
      if (finished) {
        return -1;
      }
      if (failure != null) {
        throw failure;
      }
      if (closed) {
        throw fail(closedException(null));
      }
      if (exchange.cancelled()) {
        throw fail(exchange.failure(new InterruptedIOException("Canceled")));
      }
      if (length == 0) {
        return 0;
      }
      int n;
      try {
        n = body.read(buffer, offset, length);
      } catch (IOException e) {
        throw fail(closed ? closedException(e) : exchange.failure(e));
      }
      if (n < 0) {
        finished = true;
        release();
      }
      return n;
    } finally {
      readLock.unlock();
      releaseIfClosed();
    }
  }

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
    String provider = exchange.errors().provider();
    return new ProviderException(
        ErrorKind.NETWORK,
        provider,
        exchange.model(),
        "The audio stream from provider '" + provider + "' was closed by the caller",
        cause == null ? null : exchange.errors().redactor().scrub(cause));
  }

  /** The input stream handed out; its reads go through the lock above. */
  private final class Reading extends InputStream {
    @Override
    public int read() {
      byte[] one = new byte[1];
      int n;
      do {
        n = OpenAiAudioStream.this.read(one, 0, 1);
      } while (n == 0);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      return OpenAiAudioStream.this.read(buffer, offset, length);
    }

    @Override
    public void close() {
      OpenAiAudioStream.this.close();
    }
  }
}
