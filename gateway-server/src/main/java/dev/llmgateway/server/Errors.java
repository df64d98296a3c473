package dev.llmgateway.server;

import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.error.CapacityUnavailableException;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.GatewayException;
import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.error.QuotaExceededException;
import dev.llmgateway.error.TenantPolicyException;
import dev.llmgateway.model.Attempt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Maps the library's exceptions to HTTP answers (see the table in {@code docs/server.md}). Only the
 * library's messages are shown, which name fields, aliases and providers but never keys.
 */
final class Errors {
  private Errors() {}

  static ApiError of(Throwable e, Clock clock) {
    if (e instanceof ApiError api) {
      return api;
    }
    if (e instanceof InvalidRequestException inv) {
      return ApiError.invalid(inv.field(), inv.getMessage());
    }
    if (e instanceof TenantPolicyException tp) {
      return new ApiError(
          403, "permission_error", "model_not_allowed", "model", tp.getMessage(), null);
    }
    if (e instanceof NoRouteException nr) {
      return new ApiError(
          404, "invalid_request_error", "model_not_found", "model", nr.getMessage(), null);
    }
    if (e instanceof QuotaExceededException q) {
      return new ApiError(
          429,
          "rate_limit_error",
          "rate_limit_exceeded",
          null,
          q.getMessage(),
          seconds(q.retryAt(), clock));
    }
    if (e instanceof BudgetExceededException b) {
      return new ApiError(429, "insufficient_quota", "budget_exceeded", null, b.getMessage(), null);
    }
    if (e instanceof CapacityUnavailableException c) {
      Instant at = c.availableAt();
      return new ApiError(
          503,
          "server_error",
          "capacity_unavailable",
          null,
          c.getMessage(),
          at == null ? null : seconds(at, clock));
    }
    if (e instanceof ProviderException p) {
      return provider(p.kind(), p.getMessage(), p.retryAfter().orElse(null));
    }
    if (e instanceof AllTargetsFailedException all) {
      return allFailed(all);
    }
    if (e instanceof CancellationException) {
      return new ApiError(499, "server_error", "cancelled", null, "The call was cancelled", null);
    }
    if (e instanceof ConfigurationException || e instanceof GatewayException) {
      return new ApiError(500, "server_error", null, null, e.getMessage(), null);
    }
    return new ApiError(500, "server_error", null, null, "Internal server error", null);
  }

  private static ApiError allFailed(AllTargetsFailedException all) {
    List<Attempt> attempts = all.attempts();
    ErrorKind last = null;
    boolean allLimited = !attempts.isEmpty();
    for (Attempt a : attempts) {
      if (a.errorKind() != null) {
        last = a.errorKind();
      }
      allLimited &= a.errorKind() == ErrorKind.RATE_LIMITED;
    }
    if (allLimited) {
      return new ApiError(
          429, "rate_limit_error", "rate_limit_exceeded", null, all.getMessage(), null);
    }
    return provider(last == null ? ErrorKind.UNAVAILABLE : last, all.getMessage(), null);
  }

  private static ApiError provider(ErrorKind kind, String message, @Nullable Duration retryAfter) {
    switch (kind) {
      case INVALID_REQUEST:
        return new ApiError(400, "invalid_request_error", null, null, message, null);
      case CONTEXT_LENGTH_EXCEEDED:
        return new ApiError(
            400, "invalid_request_error", "context_length_exceeded", "messages", message, null);
      case CONTENT_FILTERED:
        return new ApiError(400, "invalid_request_error", "content_filter", null, message, null);
      case NOT_FOUND:
        return new ApiError(
            404, "invalid_request_error", "model_not_found", "model", message, null);
      case RATE_LIMITED:
        return new ApiError(
            429,
            "rate_limit_error",
            "rate_limit_exceeded",
            null,
            message,
            retryAfter == null ? null : Math.max(1, ceilSeconds(retryAfter)));
      case TIMEOUT:
        return new ApiError(504, "server_error", "timeout", null, message, null);
      case UNAVAILABLE:
        return new ApiError(503, "server_error", "upstream_unavailable", null, message, null);
      default:
        // AUTHENTICATION, PERMISSION, NETWORK, MALFORMED_RESPONSE: the gateway's upstream failed.
        return new ApiError(502, "server_error", "upstream_error", null, message, null);
    }
  }

  private static long seconds(Instant at, Clock clock) {
    return Math.max(1, ceilSeconds(Duration.between(clock.instant(), at)));
  }

  private static long ceilSeconds(Duration d) {
    long s = d.getSeconds();
    return d.getNano() > 0 ? s + 1 : s;
  }
}
