package dev.llmgateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every error shape, through both the plain and the streamed path. */
class AnthropicErrorsTest extends AnthropicTestSupport {
  private static final ChatRequest REQUEST =
      ChatRequest.builder().model("claude-sonnet-4-5").user("hi").build();

  enum Path {
    PLAIN,
    STREAM
  }

  private ProviderException fail(Path path) {
    return catchThrowableOfType(
        ProviderException.class,
        () -> {
          if (path == Path.PLAIN) {
            provider.chat(REQUEST, call());
          } else {
            try (ChunkStream stream = provider.stream(REQUEST, call())) {
              while (stream.next() != null) {
                // drain
              }
            }
          }
        });
  }

  private static MockResponse error(int status, String type, String message) {
    return json(
        status,
        "{\"type\":\"error\",\"error\":{\"type\":\""
            + type
            + "\",\"message\":\""
            + message
            + "\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsOverloadedToUnavailable(Path path) {
    server.enqueue(error(529, "overloaded_error", "Overloaded"));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.httpStatus()).hasValue(529);
    assertThat(e.providerCode()).hasValue("overloaded_error");
    assertThat(e.provider()).isEqualTo("claude-main");
    assertThat(e.model()).hasValue("claude-sonnet-4-5");
    assertThat(e.getMessage())
        .isEqualTo(
            "Provider 'claude-main' (model 'claude-sonnet-4-5') answered HTTP 529"
                + " (overloaded_error): Overloaded");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsRateLimitAndHonoursRetryAfter(Path path) {
    server.enqueue(
        error(
                429,
                "rate_limit_error",
                "This request would exceed the rate limit for your organization of 50 requests"
                    + " per minute.")
            .newBuilder()
            .setHeader("retry-after", "12")
            .setHeader("anthropic-ratelimit-requests-remaining", "0")
            .build());
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.providerCode()).hasValue("rate_limit_error");
    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(12));
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void prefersRetryAfterMs(Path path) {
    server.enqueue(
        error(429, "rate_limit_error", "Rate limited")
            .newBuilder()
            .setHeader("retry-after", "2")
            .setHeader("retry-after-ms", "1250")
            .build());
    assertThat(fail(path).retryAfter()).hasValue(Duration.ofMillis(1250));
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsPromptIsTooLongToContextLengthExceeded(Path path) {
    server.enqueue(
        error(400, "invalid_request_error", "prompt is too long: 215310 tokens > 200000 maximum"));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(e.providerCode()).hasValue("invalid_request_error");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsOtherInvalidRequestsToInvalidRequest(Path path) {
    server.enqueue(
        error(
            400,
            "invalid_request_error",
            "messages: roles must alternate between \\\"user\\\" and \\\"assistant\\\""));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).contains("roles must alternate");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsRequestTooLargeToInvalidRequest(Path path) {
    server.enqueue(error(413, "request_too_large", "Request exceeds the maximum allowed size"));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.httpStatus()).hasValue(413);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsAuthenticationErrorWithoutLeakingTheKey(Path path) {
    server.enqueue(error(401, "authentication_error", "invalid x-api-key: " + API_KEY));
    PrintStream original = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    ProviderException e;
    try {
      e = fail(path);
    } finally {
      System.setErr(original);
    }
    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(e.httpStatus()).hasValue(401);
    assertThat(e.getMessage()).contains("invalid x-api-key: [redacted]");
    assertThat(e.getMessage()).doesNotContain(API_KEY);
    assertThat(e.toString()).doesNotContain(API_KEY);
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .contains("--> POST")
        .contains("x-api-key: [redacted]")
        .contains("<-- 401")
        .doesNotContain(API_KEY);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsPermissionErrorToPermission(Path path) {
    server.enqueue(
        error(403, "permission_error", "Your API key does not have permission to use this model"));
    assertThat(fail(path).kind()).isEqualTo(ErrorKind.PERMISSION);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsBillingErrorToPermission(Path path) {
    server.enqueue(error(402, "billing_error", "Your credit balance is too low"));
    assertThat(fail(path).kind()).isEqualTo(ErrorKind.PERMISSION);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsNotFoundErrorToNotFound(Path path) {
    server.enqueue(error(404, "not_found_error", "model: claude-sonnet-9"));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(e.providerCode()).hasValue("not_found_error");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsApiErrorToUnavailable(Path path) {
    server.enqueue(error(500, "api_error", "Internal server error"));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.httpStatus()).hasValue(500);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsAnHtmlPageFromAProxyByStatus(Path path) {
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .setHeader("Content-Type", "text/html")
            .body("<html><head><title>502 Bad Gateway</title></head></html>")
            .build());
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.providerCode()).isEmpty();
  }

  @Test
  void reportsMalformedJsonInASuccessfulBody() {
    server.enqueue(json(200, "{\"id\":\"msg_01\",\"content\":[{\"type\":\"text\",\"text\":\"Hel"));
    assertThatThrownBy(() -> provider.chat(REQUEST, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
              assertThat(e.getMessage()).contains("not valid JSON");
            });
  }

  @Test
  void reportsAMessageWithoutContent() {
    server.enqueue(json(200, "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\"}"));
    assertThatThrownBy(() -> provider.chat(REQUEST, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
              assertThat(e.getMessage()).contains("no content");
            });
  }

  @Test
  void reportsAnUnreadableKeyAsAuthenticationWithoutCallingTheServer() {
    ProviderKey missing =
        new ProviderKey("env-key", Secret.env("ANTHROPIC_TEST_UNSET_VARIABLE", name -> null), 1);
    assertThatThrownBy(
            () -> provider.chat(REQUEST, ProviderCall.of(missing, Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
              assertThat(e.getMessage()).contains("key 'env-key'");
            });
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void timesOutWhenTheServerDoesNotAnswer() {
    server.enqueue(json(200, "{}").newBuilder().headersDelay(5, TimeUnit.SECONDS).build());
    long start = System.nanoTime();
    assertThatThrownBy(() -> provider.chat(REQUEST, call(Duration.ofMillis(300))))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }
}
