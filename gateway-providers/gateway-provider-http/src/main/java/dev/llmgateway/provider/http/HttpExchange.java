package dev.llmgateway.provider.http;

import dev.llmgateway.error.ProviderException;
import dev.llmgateway.spi.ProviderCall;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP call whose successful response headers have arrived and whose body is still to be read,
 * as {@link HttpTransport#open} returns it. The call's deadline keeps running while the body is
 * read, so reading can never hang past it.
 *
 * <p>{@link #cancel()} is thread-safe and makes a read blocked in another thread fail at once;
 * {@link #close()} releases the connection and must be called by the thread that reads (or when
 * nobody reads).
 */
public final class HttpExchange implements AutoCloseable {
  private final Call call;
  private final Response response;
  private final ProviderCall providerCall;
  private final @Nullable String model;
  private final HttpErrorMapper errors;
  private final long startNanos;
  private final AtomicBoolean closed = new AtomicBoolean();

  HttpExchange(
      Call call,
      Response response,
      ProviderCall providerCall,
      @Nullable String model,
      HttpErrorMapper errors,
      long startNanos) {
    this.call = call;
    this.response = response;
    this.providerCall = providerCall;
    this.model = model;
    this.errors = errors;
    this.startNanos = startNanos;
  }

  /**
   * The response, with a successful status; read its body on one thread.
   *
   * @return the response
   */
  public Response response() {
    return response;
  }

  /**
   * The model the call was addressed to.
   *
   * @return the model, or {@code null} if not known
   */
  public @Nullable String model() {
    return model;
  }

  /**
   * The provider's error mapper, scoped to this exchange's request: it scrubs the credentials the
   * request carried from every message.
   *
   * @return the mapper
   */
  public HttpErrorMapper errors() {
    return errors;
  }

  /**
   * Maps a failure while reading the body: {@code TIMEOUT} once the call's deadline has passed,
   * {@code NETWORK} saying so when the caller cancelled, {@code NETWORK} otherwise.
   *
   * @param e the failure
   * @return the exception to throw
   */
  public ProviderException failure(IOException e) {
    return HttpTransport.mapFailure(errors, e, providerCall, model, startNanos);
  }

  /**
   * Whether the caller gave up on the call: its {@link ProviderCall#cancellation()} was cancelled.
   * Bytes already buffered could still be read after that; a reader checks this first so that a
   * cancelled call fails at once, whatever happened to be buffered.
   *
   * @return {@code true} once the call's cancellation was signalled
   */
  public boolean cancelled() {
    return providerCall.cancellation().isCancelled();
  }

  /** Cancels the call; a read blocked in another thread fails promptly. Thread-safe. */
  public void cancel() {
    call.cancel();
  }

  /** Releases the connection. Idempotent; never throws. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      response.close();
    }
  }
}
