package dev.llmgateway.provider.bedrock;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Maps what the AWS SDK throws to {@link ProviderException}s.
 *
 * <table>
 *   <caption>Bedrock errors</caption>
 *   <tr><th>Bedrock error</th><th>kind</th></tr>
 *   <tr><td>ThrottlingException, ServiceQuotaExceededException</td><td>RATE_LIMITED</td></tr>
 *   <tr><td>ValidationException about input length, "too long" or the context window</td>
 *       <td>CONTEXT_LENGTH_EXCEEDED</td></tr>
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
 * <p>Messages name the provider, the model, the error type and Bedrock's message, with the call's
 * credentials scrubbed out.
 */
final class BedrockErrors {
  private final String provider;

  BedrockErrors(String provider) {
    this.provider = provider;
  }

  String provider() {
    return provider;
  }

  /** Maps any failure of an SDK call. */
  ProviderException map(
      Throwable failure,
      String model,
      boolean cancelled,
      boolean deadlinePassed,
      Duration timeout,
      List<String> secrets) {
    Throwable t = unwrap(failure);
    if (t instanceof ProviderException e) {
      return e;
    }
    if (cancelled || t instanceof CancellationException) {
      return new ProviderException(
          ErrorKind.NETWORK, provider, model, describe(model) + ": the call was cancelled", t);
    }
    if (t instanceof AwsServiceException e) {
      return service(e, model, secrets);
    }
    t = redacted(t, secrets);
    if (deadlinePassed || isTimeout(t)) {
      return timeout(model, timeout, t);
    }
    String detail = scrub(String.valueOf(t.getMessage()), secrets);
    if (t instanceof SdkClientException && isUnreadable(t)) {
      return new ProviderException(
          ErrorKind.MALFORMED_RESPONSE,
          provider,
          model,
          describe(model) + ": unreadable answer (" + detail + ")",
          t);
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
        t);
  }

  ProviderException timeout(String model, Duration timeout, @Nullable Throwable cause) {
    return new ProviderException(
        ErrorKind.TIMEOUT,
        provider,
        model,
        describe(model) + ": no complete answer within " + timeout.toMillis() + " ms",
        cause);
  }

  ProviderException malformed(String model, String what, @Nullable Throwable cause) {
    return new ProviderException(
        ErrorKind.MALFORMED_RESPONSE, provider, model, describe(model) + ": " + what, cause);
  }

  ProviderException closed(String model) {
    return new ProviderException(
        ErrorKind.NETWORK,
        provider,
        model,
        "The stream from provider '" + provider + "' was closed by the caller",
        null);
  }

  private ProviderException service(AwsServiceException e, String model, List<String> secrets) {
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    String message = details == null ? null : details.errorMessage();
    if (message == null) {
      message = e.getMessage();
    }
    message = scrub(String.valueOf(message), secrets);
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
        redacted(e, secrets));
  }

  /**
   * The failure itself when no message in its chain holds a secret, else a copy of the chain with
   * the secrets scrubbed: a server that quotes the key back must not put it into our stack traces.
   */
  static Throwable redacted(Throwable t, List<String> secrets) {
    if (!mentionsSecret(t, secrets)) {
      return t;
    }
    Throwable cause = t.getCause();
    RedactedException copy =
        new RedactedException(
            t.getClass().getName() + ": " + scrub(String.valueOf(t.getMessage()), secrets),
            cause == null || cause == t ? null : redacted(cause, secrets));
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  private static boolean mentionsSecret(Throwable t, List<String> secrets) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = String.valueOf(c.getMessage());
      for (String secret : secrets) {
        if (!secret.isEmpty() && m.contains(secret)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Stands in for an SDK exception whose message quoted a secret. */
  static final class RedactedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RedactedException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  static ErrorKind kind(@Nullable String code, int status, String message) {
    if (code != null) {
      switch (code) {
        case "ThrottlingException":
        case "ServiceQuotaExceededException":
        case "TooManyRequestsException":
          return ErrorKind.RATE_LIMITED;
        case "ValidationException":
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

  /** Replaces each of {@code secrets} in {@code text} by {@code ***}. */
  static String scrub(String text, List<String> secrets) {
    String out = text;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }

  String describe(String model) {
    return "Provider '" + provider + "' model '" + model + "'";
  }
}
