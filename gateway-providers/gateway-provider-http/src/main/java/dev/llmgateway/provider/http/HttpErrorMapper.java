package dev.llmgateway.provider.http;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.spi.Redactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import okhttp3.Headers;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Turns failed HTTP exchanges into {@link ProviderException}s: the status picks the {@link
 * ErrorKind}, the provider's {@link ErrorDialect} reads the body and may refine it, and the {@code
 * retry-after-ms} / {@code Retry-After} headers give the back-off hint. An {@code x-should-retry:
 * true|false} header (OpenAI, Anthropic) decides {@link ProviderException#retryable()}; without it
 * the kind's default applies.
 *
 * <p>Status to kind: 400 and 422 {@code INVALID_REQUEST}; 401 {@code AUTHENTICATION}; 403 {@code
 * PERMISSION}; 404 {@code NOT_FOUND}; 408 {@code TIMEOUT}; 409 {@code UNAVAILABLE} (a conflict that
 * the official SDKs retry); 413 {@code INVALID_REQUEST}; 429 {@code RATE_LIMITED}; every 5xx and
 * 529 {@code UNAVAILABLE}; other 4xx {@code INVALID_REQUEST}; anything else {@code
 * MALFORMED_RESPONSE}. A 400 or 413 whose message speaks of the context window (such as "maximum
 * context length" or "prompt is too long") becomes {@code CONTEXT_LENGTH_EXCEEDED}; the dialect has
 * the last word.
 *
 * <p>Messages name the provider, the model, the status and what the provider said, truncated to
 * {@value #MAX_MESSAGE_CHARS} characters. Every piece of provider text (bodies, error messages,
 * types and codes, parser and I/O exception messages) goes through the mapper's {@link Redactor}
 * before it becomes part of a message, and is scrubbed before it is cut; causes that may hold
 * provider data are replaced by scrubbed copies. The redactor knows the secrets the provider was
 * configured with and, for a mapper {@linkplain #forRequest scoped to a request}, the credentials
 * that request carries.
 *
 * <p>Thread-safe and immutable: one mapper per provider instance, and one scoped copy per call.
 */
public final class HttpErrorMapper {
  /** The longest provider message kept in an exception message. */
  public static final int MAX_MESSAGE_CHARS = 500;

  /** The most bytes of an error body that are read. */
  public static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

  /** The most characters of provider text that are scrubbed and read (bodies, messages). */
  static final int MAX_SCANNED_CHARS = (int) MAX_ERROR_BODY_BYTES;

  private static final int MAX_SNIPPET_CHARS = 200;
  private static final int MAX_CODE_CHARS = 200;

  private final String provider;
  private final Clock clock;
  private final ErrorDialect dialect;
  private final Redactor base;

  /** The credential headers of the request this mapper is scoped to, or {@code null}. */
  private final @Nullable Headers credentials;

  /** {@link #base} with {@link #credentials}' secrets, built on first use (an error path). */
  private volatile @Nullable Redactor scoped;

  /**
   * Creates a mapper that knows no secret of its own; scope it with {@link #forRequest} or {@link
   * #withSecrets}.
   *
   * @param provider the provider instance's configured name, used in exceptions
   * @param clock the clock that {@code Retry-After} dates are measured against
   * @param dialect the provider's error format
   */
  public HttpErrorMapper(String provider, Clock clock, ErrorDialect dialect) {
    this(provider, clock, dialect, Redactor.NONE);
  }

  /**
   * Creates a mapper that scrubs the given secrets from every message.
   *
   * @param provider the provider instance's configured name, used in exceptions
   * @param clock the clock that {@code Retry-After} dates are measured against
   * @param dialect the provider's error format
   * @param redactor the provider's configured secrets, such as {@link Redactor#forKeys} of its keys
   */
  public HttpErrorMapper(String provider, Clock clock, ErrorDialect dialect, Redactor redactor) {
    this(provider, clock, dialect, redactor, null);
  }

  private HttpErrorMapper(
      String provider,
      Clock clock,
      ErrorDialect dialect,
      Redactor base,
      @Nullable Headers credentials) {
    this.provider = provider;
    this.clock = clock;
    this.dialect = dialect;
    this.base = base;
    this.credentials = credentials;
    this.scoped = credentials == null ? base : null;
  }

  /**
   * A copy that also scrubs the credentials a request carries ({@link Redaction#secretsOf}): the
   * mapper for everything that happens to that request. Cheap: the headers are read only when an
   * error is mapped, so the success path pays for no redaction.
   *
   * @param request the request as sent, with its credential headers
   * @return the scoped mapper
   */
  public HttpErrorMapper forRequest(Request request) {
    return new HttpErrorMapper(provider, clock, dialect, redactor(), request.headers());
  }

  /**
   * A copy that also scrubs the given secrets.
   *
   * @param secrets further secret values, such as an access token derived from a key
   * @return the scoped mapper, or this one if nothing was added
   */
  public HttpErrorMapper withSecrets(Collection<String> secrets) {
    Redactor current = redactor();
    Redactor wider = current.and(secrets);
    return wider == current ? this : new HttpErrorMapper(provider, clock, dialect, wider);
  }

  /**
   * The redactor every piece of provider text goes through.
   *
   * @return the redactor
   */
  public Redactor redactor() {
    Redactor r = scoped;
    if (r == null) {
      // A benign race: two threads may both build it; the results are equal and immutable.
      r = base.and(Redaction.secretsOf(java.util.Objects.requireNonNull(credentials)));
      scoped = r;
    }
    return r;
  }

  /** The clock that time-based headers are measured against. */
  Clock clock() {
    return clock;
  }

  /**
   * The provider instance's configured name.
   *
   * @return the name used in exceptions
   */
  public String provider() {
    return provider;
  }

  /**
   * Maps a response with an unsuccessful status, reading at most {@value #MAX_ERROR_BODY_BYTES}
   * bytes of its body and closing it. Credentials the request carried are scrubbed from the
   * message, as are this mapper's secrets.
   *
   * @param response the response; closed by this method
   * @param model the model that was called, or {@code null}
   * @return the exception to throw
   */
  public ProviderException fromResponse(Response response, @Nullable String model) {
    String body;
    try (response) {
      body = readBounded(response);
    }
    return withSecrets(Redaction.secretsOf(response.request().headers()))
        .fromStatus(response.code(), response.headers(), body, model);
  }

  /**
   * Maps an unsuccessful HTTP status with its headers and body.
   *
   * @param httpStatus the status
   * @param headers the response headers, for {@code Retry-After}
   * @param body the body text, possibly empty or not JSON; scrubbed before anything reads it, and
   *     only its first {@value #MAX_ERROR_BODY_BYTES} characters are read
   * @param model the model that was called, or {@code null}
   * @return the exception to throw
   */
  public ProviderException fromStatus(
      int httpStatus, Headers headers, String body, @Nullable String model) {
    body = redactor().scrub(body, MAX_SCANNED_CHARS);
    ErrorBody parsed = parse(body);
    Duration retryAfter = retryAfter(headers, clock);
    if (parsed == null || parsed.message() == null) {
      String snippet = snippet(body);
      ErrorKind kind = contextLengthHint(httpStatus, kindForStatus(httpStatus), snippet);
      if (parsed != null) {
        kind = dialect.refine(httpStatus, kind, parsed);
      }
      String code = parsed == null ? null : parsed.providerCode();
      return exception(kind, httpStatus, retryAfter, shouldRetry(headers), code, model, snippet);
    }
    return fromErrorBody(httpStatus, parsed, retryAfter, shouldRetry(headers), model);
  }

  /**
   * Maps an error the provider reported in a body it already parsed, such as an error event inside
   * a stream.
   *
   * @param httpStatus the HTTP status, or {@code 0} for an error inside a successful stream (the
   *     kind then defaults to {@code UNAVAILABLE} unless the dialect refines it)
   * @param body what the provider said; its message, type and code are scrubbed before the dialect
   *     or the message sees them
   * @param retryAfter the back-off hint, or {@code null}
   * @param model the model that was called, or {@code null}
   * @return the exception to throw
   */
  public ProviderException fromErrorBody(
      int httpStatus, ErrorBody body, @Nullable Duration retryAfter, @Nullable String model) {
    return fromErrorBody(httpStatus, body, retryAfter, null, model);
  }

  private ProviderException fromErrorBody(
      int httpStatus,
      ErrorBody body,
      @Nullable Duration retryAfter,
      @Nullable Boolean retryable,
      @Nullable String model) {
    ErrorBody clean =
        new ErrorBody(
            scrub(body.message(), MAX_SCANNED_CHARS),
            scrub(body.type(), MAX_CODE_CHARS),
            scrub(body.code(), MAX_CODE_CHARS));
    String message = clean.message() == null ? "" : clean.message();
    ErrorKind kind = contextLengthHint(httpStatus, kindForStatus(httpStatus), message);
    kind = dialect.refine(httpStatus, kind, clean);
    return exception(kind, httpStatus, retryAfter, retryable, clean.providerCode(), model, message);
  }

  /**
   * Maps an I/O failure of a call.
   *
   * @param e the failure
   * @param model the model that was called, or {@code null}
   * @param cancelled whether the caller cancelled the call (then the kind is {@code NETWORK} and
   *     the message says so)
   * @param deadlinePassed whether the call's deadline has passed (then the kind is {@code TIMEOUT})
   * @param timeout the call's deadline, for the message
   * @return the exception to throw
   */
  public ProviderException fromIOException(
      IOException e,
      @Nullable String model,
      boolean cancelled,
      boolean deadlinePassed,
      Duration timeout) {
    String target = describe(model);
    boolean timedOut = deadlinePassed || isTimeout(e);
    // An I/O message may quote what the server sent (a status line, a URL): scrub it like a body.
    Throwable cause = redactor().scrub(e);
    if (cancelled) {
      return new ProviderException(
          ErrorKind.NETWORK,
          provider,
          model,
          target + ": the call was cancelled by the caller",
          cause);
    }
    String said = redactor().scrub(String.valueOf(e), MAX_MESSAGE_CHARS);
    if (timedOut) {
      return new ProviderException(
          ErrorKind.TIMEOUT,
          provider,
          model,
          target + ": no complete answer within " + timeout.toMillis() + " ms (" + said + ")",
          cause);
    }
    return new ProviderException(
        ErrorKind.NETWORK, provider, model, target + ": connection failed (" + said + ")", cause);
  }

  /**
   * An answer that is not a valid response: unparseable JSON, missing fields, a stream cut short.
   * {@code what} is scrubbed and cut to {@value #MAX_MESSAGE_CHARS} characters, since it may quote
   * a parser's message; the cause is never kept itself but as a {@linkplain Redactor#scrubbedCopy
   * scrubbed copy}, since a parser's exception holds the whole input it parsed.
   *
   * @param model the model that was called, or {@code null}
   * @param what what was wrong, without prompt text
   * @param cause the parse failure, or {@code null}
   * @return the exception to throw
   */
  public ProviderException malformed(
      @Nullable String model, String what, @Nullable Throwable cause) {
    return new ProviderException(
        ErrorKind.MALFORMED_RESPONSE,
        provider,
        model,
        describe(model) + ": " + redactor().scrub(what, MAX_MESSAGE_CHARS),
        cause == null ? null : redactor().scrubbedCopy(cause));
  }

  /**
   * The kind an HTTP status means on its own.
   *
   * @param httpStatus the status, or {@code 0} for an error inside a successful stream
   * @return the kind
   */
  public static ErrorKind kindForStatus(int httpStatus) {
    return switch (httpStatus) {
      case 0 -> ErrorKind.UNAVAILABLE;
      case 400, 413, 422 -> ErrorKind.INVALID_REQUEST;
      case 401 -> ErrorKind.AUTHENTICATION;
      case 403 -> ErrorKind.PERMISSION;
      case 404 -> ErrorKind.NOT_FOUND;
      case 408 -> ErrorKind.TIMEOUT;
      case 409 -> ErrorKind.UNAVAILABLE;
      case 429 -> ErrorKind.RATE_LIMITED;
      default -> {
        if (httpStatus >= 500 && httpStatus <= 599) {
          yield ErrorKind.UNAVAILABLE;
        }
        yield httpStatus >= 400 && httpStatus <= 499
            ? ErrorKind.INVALID_REQUEST
            : ErrorKind.MALFORMED_RESPONSE;
      }
    };
  }

  /**
   * Whether a provider message says that the prompt does not fit the model's context window.
   *
   * @param message the message
   * @return {@code true} for context-window messages
   */
  public static boolean mentionsContextLength(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("context length")
        || m.contains("context_length")
        || m.contains("context window")
        || m.contains("maximum context")
        || m.contains("prompt is too long");
  }

  /**
   * The back-off a response asks for: {@code retry-after-ms} (milliseconds, preferred), else {@code
   * Retry-After} as delta-seconds (fractions allowed) or as an HTTP date, measured against the
   * clock. A date in the past means zero.
   *
   * @param headers the response headers
   * @param clock the clock for HTTP dates
   * @return the wait, or {@code null} if no header gives a valid one
   */
  public static @Nullable Duration retryAfter(Headers headers, Clock clock) {
    String millis = headers.get("retry-after-ms");
    if (millis != null) {
      Duration d = nonNegativeNumber(millis.trim(), 1_000_000L);
      if (d != null) {
        return d;
      }
    }
    String value = headers.get("Retry-After");
    if (value == null) {
      return null;
    }
    value = value.trim();
    Duration seconds = nonNegativeNumber(value, 1_000_000_000L);
    if (seconds != null) {
      return seconds;
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Parses digits with an optional fraction, scaled to nanoseconds; null if not such a number. */
  private static @Nullable Duration nonNegativeNumber(String value, long nanosPerUnit) {
    if (value.isEmpty() || value.length() > 20) {
      return null;
    }
    int dots = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return null;
      }
    }
    if (dots > 1 || value.equals(".")) {
      return null;
    }
    double units = Double.parseDouble(value);
    return Duration.ofNanos(Math.round(Math.min(units * nanosPerUnit, (double) Long.MAX_VALUE)));
  }

  private static boolean isTimeout(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException
          || (t instanceof InterruptedIOException && "timeout".equals(t.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  private static ErrorKind contextLengthHint(int httpStatus, ErrorKind kind, String message) {
    if ((httpStatus == 400 || httpStatus == 413) && mentionsContextLength(message)) {
      return ErrorKind.CONTEXT_LENGTH_EXCEEDED;
    }
    return kind;
  }

  private @Nullable ErrorBody parse(String body) {
    if (body.isEmpty()) {
      return null;
    }
    try {
      return dialect.parse(body);
    } catch (RuntimeException e) {
      return null; // a dialect must not turn an error into another error
    }
  }

  private @Nullable String scrub(@Nullable String text, int maxChars) {
    return text == null ? null : redactor().scrub(text, maxChars);
  }

  /** Builds the exception; {@code code} and {@code said} are already scrubbed. */
  private ProviderException exception(
      ErrorKind kind,
      int httpStatus,
      @Nullable Duration retryAfter,
      @Nullable Boolean retryable,
      @Nullable String code,
      @Nullable String model,
      String said) {
    StringBuilder sb = new StringBuilder(describe(model));
    if (httpStatus != 0) {
      sb.append(" answered HTTP ").append(httpStatus);
    } else {
      sb.append(" reported an error");
    }
    if (code != null) {
      sb.append(" (").append(code).append(')');
    }
    if (!said.isEmpty()) {
      sb.append(": ").append(truncate(said, MAX_MESSAGE_CHARS));
    }
    ProviderException.Builder b =
        ProviderException.builder(kind, provider)
            .model(model)
            .httpStatus(httpStatus)
            .retryAfter(retryAfter)
            .providerCode(code)
            .message(sb.toString());
    if (retryable != null) {
      b.retryable(retryable);
    }
    return b.build();
  }

  /**
   * What the provider's {@code x-should-retry} header says, as OpenAI and Anthropic send it (their
   * official SDKs obey it before anything else): {@code true} or {@code false}, else {@code null}.
   *
   * @param headers the response headers
   * @return whether the provider asks for a retry, or {@code null} if it does not say
   */
  public static @Nullable Boolean shouldRetry(Headers headers) {
    String value = headers.get("x-should-retry");
    if (value == null) {
      return null;
    }
    value = value.trim();
    if (value.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    return value.equalsIgnoreCase("false") ? Boolean.FALSE : null;
  }

  private String describe(@Nullable String model) {
    return model == null
        ? "Provider '" + provider + "'"
        : "Provider '" + provider + "' (model '" + model + "')";
  }

  private static String snippet(String body) {
    StringBuilder sb = new StringBuilder(Math.min(body.length(), MAX_SNIPPET_CHARS + 1));
    boolean space = false;
    for (int i = 0; i < body.length() && sb.length() <= MAX_SNIPPET_CHARS; i++) {
      char c = body.charAt(i);
      if (Character.isWhitespace(c)) {
        space = sb.length() > 0;
      } else {
        if (space) {
          sb.append(' ');
          space = false;
        }
        sb.append(c);
      }
    }
    return truncate(sb.toString(), MAX_SNIPPET_CHARS);
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  private static String readBounded(Response response) {
    try {
      BufferedSource source = response.body().source();
      source.request(MAX_ERROR_BODY_BYTES);
      long size = Math.min(source.getBuffer().size(), MAX_ERROR_BODY_BYTES);
      return source.getBuffer().readUtf8(size);
    } catch (IOException e) {
      return ""; // the status alone still says what happened
    }
  }
}
