package dev.llmgateway.provider.http;

import dev.llmgateway.error.ProviderException;
import dev.llmgateway.spi.ProviderCall;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a provider's HTTP calls the way the gateway needs them: with the attempt's deadline on
 * the whole call (connect, headers and every byte of the body), with the caller's cancellation
 * wired to {@link Call#cancel()}, with the attempt's extra headers, with failures mapped to {@link
 * ProviderException}, and logged at DEBUG without credentials or bodies.
 *
 * <pre>{@code
 * HttpTransport http = new HttpTransport(HttpClients.forSettings(settings),
 *     new HttpErrorMapper(settings.name(), settings.clock(), dialect));
 * byte[] body = http.execute(request, call, "gpt-4o-mini");           // whole body
 * try (HttpExchange exchange = http.open(streamRequest, call, model)) { // a stream
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe: one transport per provider instance.
 */
public final class HttpTransport {
  private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

  private final OkHttpClient client;
  private final HttpErrorMapper errors;

  /**
   * Creates a transport.
   *
   * @param client the client, usually from {@link HttpClients#forSettings}
   * @param errors the provider's error mapper
   */
  public HttpTransport(OkHttpClient client, HttpErrorMapper errors) {
    this.client = client;
    this.errors = errors;
  }

  /**
   * The provider's error mapper, not scoped to any request; use {@link HttpErrorMapper#forRequest}
   * (or {@link HttpExchange#errors()}) for a call's errors.
   *
   * @return the mapper
   */
  public HttpErrorMapper errors() {
    return errors;
  }

  /**
   * Sends a request and returns once a successful response's headers arrived; the body is read from
   * the returned exchange, still under the call's deadline.
   *
   * <p>The attempt's {@link ProviderCall#headers()} are added, replacing headers of the same name
   * except credential headers ({@link Redaction#isSensitiveHeader}), which the provider owns.
   *
   * @param request the request, with the provider's own headers
   * @param call the attempt: deadline, cancellation and extra headers
   * @param model the model the call is addressed to, for messages, or {@code null}
   * @return the open exchange; the caller closes it
   * @throws ProviderException if the call fails or the status is not successful (2xx)
   */
  public HttpExchange open(Request request, ProviderCall call, @Nullable String model) {
    Request sent = withCallHeaders(request, call.headers());
    // Everything that goes wrong with this request is told through a mapper that knows its
    // credentials, so that a server echoing them back cannot put them into a message.
    HttpErrorMapper errors = this.errors.forRequest(sent);
    Call httpCall = client.newCall(sent);
    WatchdogPacer.INSTANCE.beforeCall();
    httpCall.timeout().timeout(call.timeout().toNanos(), TimeUnit.NANOSECONDS);
    long start = System.nanoTime();
    call.cancellation().onCancel(httpCall::cancel);
    if (log.isDebugEnabled()) {
      log.debug(
          "--> {} {} {} (provider {}, request id {})",
          sent.method(),
          Redaction.url(sent.url()),
          Redaction.headers(sent.headers()),
          errors.provider(),
          call.requestId());
    }
    Response response;
    try {
      response = httpCall.execute();
    } catch (IOException e) {
      ProviderException failure = mapFailure(errors, e, call, model, start);
      if (log.isDebugEnabled()) {
        log.debug(
            "<-- failed {} {}: {}", sent.method(), Redaction.url(sent.url()), failure.getMessage());
      }
      throw failure;
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "<-- {} {} {} ({} ms)",
          response.code(),
          sent.method(),
          Redaction.url(sent.url()),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
    // Before the status check: a 429 tells the key pool as much as a success does.
    RateLimitHeaders.report(response.headers(), errors.clock(), call.rateLimitObserver());
    if (!response.isSuccessful()) {
      throw errors.fromResponse(response, model);
    }
    return new HttpExchange(httpCall, response, call, model, errors, start);
  }

  /**
   * Sends a request and reads the whole successful body.
   *
   * @param request the request, with the provider's own headers
   * @param call the attempt: deadline, cancellation and extra headers
   * @param model the model the call is addressed to, for messages, or {@code null}
   * @return the body bytes
   * @throws ProviderException if the call fails, the status is not successful, or reading the body
   *     fails
   */
  public byte[] execute(Request request, ProviderCall call, @Nullable String model) {
    try (HttpExchange exchange = open(request, call, model)) {
      try {
        return exchange.response().body().bytes();
      } catch (IOException e) {
        throw exchange.failure(e);
      }
    }
  }

  /**
   * Sends a request and reads the whole successful body into a buffer, whose segments come from
   * (and, once the buffer is read or cleared, go back to) Okio's pool: no array of the body's size
   * per call, as {@link #execute} needs.
   *
   * @param request the request, with the provider's own headers
   * @param call the attempt: deadline, cancellation and extra headers
   * @param model the model the call is addressed to, for messages, or {@code null}
   * @return the body; the caller reads or clears it
   * @throws ProviderException if the call fails, the status is not successful, or reading the body
   *     fails
   */
  public Buffer executeBuffered(Request request, ProviderCall call, @Nullable String model) {
    try (HttpExchange exchange = open(request, call, model)) {
      Buffer body = new Buffer();
      try {
        exchange.response().body().source().readAll(body);
        return body;
      } catch (IOException e) {
        body.clear();
        throw exchange.failure(e);
      }
    }
  }

  static ProviderException mapFailure(
      HttpErrorMapper errors,
      IOException e,
      ProviderCall call,
      @Nullable String model,
      long startNanos) {
    boolean cancelled = call.cancellation().isCancelled();
    boolean deadlinePassed = System.nanoTime() - startNanos >= call.timeout().toNanos();
    return errors.fromIOException(e, model, cancelled, deadlinePassed, call.timeout());
  }

  private static Request withCallHeaders(Request request, Map<String, String> headers) {
    if (headers.isEmpty()) {
      return request;
    }
    Request.Builder builder = request.newBuilder();
    headers.forEach(
        (name, value) -> {
          if (!Redaction.isSensitiveHeader(name)) {
            builder.header(name, value);
          }
        });
    return builder.build();
  }
}
