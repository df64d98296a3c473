package dev.llmgateway.provider.bedrock;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.spi.Redactor;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps what the AWS SDK throws to {@link ProviderException}s.
 *
 * <table>
 *   <caption>Bedrock errors</caption>
 *   <tr><th>Bedrock error</th><th>kind</th></tr>
 *   <tr><td>ThrottlingException, ServiceQuotaExceededException</td><td>RATE_LIMITED</td></tr>
 *   <tr><td>ValidationException about input length, "too long" or the context window</td>
 *       <td>CONTEXT_LENGTH_EXCEEDED</td></tr>
 *   <tr><td>ValidationException saying the content filters blocked it (image models)</td>
 *       <td>CONTENT_FILTERED</td></tr>
 *   <tr><td>other ValidationException</td><td>INVALID_REQUEST</td></tr>
 *   <tr><td>ModelNotReadyException, ServiceUnavailableException, InternalServerException,
 *       ModelStreamErrorException, ModelErrorException</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>ModelTimeoutException</td><td>TIMEOUT</td></tr>
 *   <tr><td>AccessDeniedException</td><td>PERMISSION</td></tr>
 *   <tr><td>ResourceNotFoundException</td><td>NOT_FOUND</td></tr>
 *   <tr><td>UnrecognizedClientException, ExpiredToken..., InvalidSignatureException</td>
 *       <td>AUTHENTICATION</td></tr>
 *   <tr><td>others</td><td>by HTTP status</td></tr>
 *   <tr><td>SDK client and I/O errors</td><td>TIMEOUT when the deadline passed or the SDK timed
 *       out, MALFORMED_RESPONSE when the answer could not be read, else NETWORK</td></tr>
 * </table>
 *
 * <p>Messages name the provider, the model, the error type and Bedrock's message. Every piece of
 * text that came from Bedrock or the SDK (messages, error codes, exception messages) goes through
 * the {@link Redactor} of the call, which knows the provider's configured keys and the call's
 * credentials, and is scrubbed before it is cut. SDK exceptions are never kept as causes
 * themselves: a service exception holds the raw response and a client exception may wrap a parser
 * that holds the body, so the cause is a {@linkplain Redactor#scrubbedCopy scrubbed copy}.
 *
 * <p>Immutable and thread-safe: one instance per provider, and one {@linkplain #forCall scoped}
 * copy per call.
 */
final class BedrockErrors {
  /** The longest Bedrock message kept in an exception message. */
  static final int MAX_MESSAGE_CHARS = 500;

  private static final int MAX_CODE_CHARS = 200;

  private final String provider;
  private final Redactor redactor;

  BedrockErrors(String provider, Redactor redactor) {
    this.provider = provider;
    this.redactor = redactor;
  }

  String provider() {
    return provider;
  }

  Redactor redactor() {
    return redactor;
  }

  /** A copy that also scrubs the parts of the call's credentials. */
  BedrockErrors forCall(@Nullable AwsCredentials credentials) {
    Redactor scoped = redactor.and(AwsKeys.secrets(credentials));
    return scoped == redactor ? this : new BedrockErrors(provider, scoped);
  }

  /** Maps any failure of an SDK call. */
  ProviderException map(
      Throwable failure,
      String model,
      boolean cancelled,
      boolean deadlinePassed,
      Duration timeout) {
    Throwable t = unwrap(failure);
    if (t instanceof ProviderException e) {
      return e;
    }
    if (cancelled || t instanceof CancellationException) {
      return new ProviderException(
          ErrorKind.NETWORK,
          provider,
          model,
          describe(model) + ": the call was cancelled",
          safeCause(t));
    }
    if (t instanceof AwsServiceException e) {
      return service(e, model);
    }
    if (deadlinePassed || isTimeout(t)) {
      return timeout(model, timeout, t);
    }
    String detail = redactor.scrub(String.valueOf(t.getMessage()), MAX_MESSAGE_CHARS);
    if (t instanceof SdkClientException && isUnreadable(t)) {
      return new ProviderException(
          ErrorKind.MALFORMED_RESPONSE,
          provider,
          model,
          describe(model) + ": unreadable answer (" + detail + ")",
          redactor.scrubbedCopy(t));
    }
    return new ProviderException(
        ErrorKind.NETWORK,
        provider,
        model,
        describe(model)
            + ": connection failed ("
            + t.getClass().getSimpleName()
            + ": "
            + detail
            + ")",
        safeCause(t));
  }

  ProviderException timeout(String model, Duration timeout, @Nullable Throwable cause) {
    return new ProviderException(
        ErrorKind.TIMEOUT,
        provider,
        model,
        describe(model) + ": no complete answer within " + timeout.toMillis() + " ms",
        cause == null ? null : safeCause(cause));
  }

  /**
   * A failure fit to keep as a cause: an SDK exception (which may hold the raw response, or a
   * parser holding the body) as a scrubbed copy, anything else as itself unless its messages need
   * scrubbing.
   */
  private Throwable safeCause(Throwable t) {
    return t instanceof SdkException ? redactor.scrubbedCopy(t) : redactor.scrub(t);
  }

  /**
   * An answer that could not be read; {@code what} is scrubbed and cut, the cause kept only as a
   * scrubbed copy.
   */
  ProviderException malformed(String model, String what, @Nullable Throwable cause) {
    return new ProviderException(
        ErrorKind.MALFORMED_RESPONSE,
        provider,
        model,
        describe(model) + ": " + redactor.scrub(what, MAX_MESSAGE_CHARS),
        cause == null ? null : redactor.scrubbedCopy(cause));
  }

  ProviderException closed(String model) {
    return new ProviderException(
        ErrorKind.NETWORK,
        provider,
        model,
        "The stream from provider '" + provider + "' was closed by the caller",
        null);
  }

  private ProviderException service(AwsServiceException e, String model) {
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    if (code != null) {
      code = redactor.scrub(code, MAX_CODE_CHARS);
    }
    String message = details == null ? null : details.errorMessage();
    if (message == null) {
      message = e.getMessage();
    }
    message = redactor.scrub(String.valueOf(message), MAX_MESSAGE_CHARS);
    int status = e.statusCode();
    ErrorKind kind = kind(code, status, message);
    Duration retryAfter = null;
    if (details != null && details.sdkHttpResponse() != null) {
      Optional<String> header = details.sdkHttpResponse().firstMatchingHeader("Retry-After");
      retryAfter = header.map(BedrockErrors::seconds).orElse(null);
    }
    return new ProviderException(
        kind,
        provider,
        model,
        status > 0 ? status : 0,
        retryAfter,
        code,
        describe(model) + ": " + (code == null ? "HTTP " + status : code) + ": " + message,
        redactor.scrubbedCopy(e));
  }

  static ErrorKind kind(@Nullable String code, int status, String message) {
    if (code != null) {
      switch (code) {
        case "ThrottlingException":
        case "ServiceQuotaExceededException":
        case "TooManyRequestsException":
          return ErrorKind.RATE_LIMITED;
        case "ValidationException":
          if (isContentFiltered(message)) {
            return ErrorKind.CONTENT_FILTERED;
          }
          return isContextLength(message)
              ? ErrorKind.CONTEXT_LENGTH_EXCEEDED
              : ErrorKind.INVALID_REQUEST;
        case "ModelNotReadyException":
        case "ServiceUnavailableException":
        case "InternalServerException":
        case "ModelStreamErrorException":
        case "ModelErrorException":
          return ErrorKind.UNAVAILABLE;
        case "ModelTimeoutException":
          return ErrorKind.TIMEOUT;
        case "AccessDeniedException":
          return ErrorKind.PERMISSION;
        case "ResourceNotFoundException":
          return ErrorKind.NOT_FOUND;
        case "UnrecognizedClientException":
        case "ExpiredTokenException":
        case "ExpiredToken":
        case "InvalidSignatureException":
        case "IncompleteSignature":
        case "InvalidClientTokenId":
        case "MissingAuthenticationToken":
        case "MissingAuthenticationTokenException":
          return ErrorKind.AUTHENTICATION;
        default:
          break;
      }
    }
    if (status == 401) {
      return ErrorKind.AUTHENTICATION;
    }
    if (status == 403) {
      return ErrorKind.PERMISSION;
    }
    if (status == 404) {
      return ErrorKind.NOT_FOUND;
    }
    if (status == 408) {
      return ErrorKind.TIMEOUT;
    }
    if (status == 429) {
      return ErrorKind.RATE_LIMITED;
    }
    if (status >= 500 || status == 424) {
      return ErrorKind.UNAVAILABLE;
    }
    return status >= 400 ? ErrorKind.INVALID_REQUEST : ErrorKind.MALFORMED_RESPONSE;
  }

  /**
   * Whether a ValidationException message says the content filters blocked the request or its
   * answer, as the image models do ("This request has been blocked by our content filters").
   */
  static boolean isContentFiltered(String message) {
    return message.toLowerCase(Locale.ROOT).contains("content filter");
  }

  /** Whether a ValidationException message says the prompt does not fit the model. */
  static boolean isContextLength(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("input is too long")
        || m.contains("too long")
        || m.contains("input length")
        || m.contains("context length")
        || m.contains("context window")
        || m.contains("maximum context")
        || m.contains("too many input tokens")
        || m.contains("prompt is too long");
  }

  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException
          || c instanceof SocketTimeoutException
          || c instanceof ApiCallTimeoutException
          || c instanceof ApiCallAttemptTimeoutException
          || c instanceof InterruptedIOException
          || c.getClass().getSimpleName().endsWith("TimeoutException")) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  private static boolean isUnreadable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      // The SDK's shaded Jackson reports a body it cannot read as a JsonProcessingException.
      if (c.getClass().getName().endsWith("JsonProcessingException")
          || c.getClass().getName().endsWith("JsonParseException")
          || c.getClass().getName().endsWith("JsonEOFException")) {
        return true;
      }
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("unmarshall") || m.contains("parse") || m.contains("crc")) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable Duration seconds(String value) {
    try {
      long s = Long.parseLong(value.trim());
      return s >= 0 ? Duration.ofSeconds(s) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  String describe(String model) {
    return "Provider '" + provider + "' model '" + model + "'";
  }
}
