package dev.llmgateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.spi.Redactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpErrorMapperTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

  /** A tiny JSON-less dialect: "code|message" bodies. */
  private static final ErrorDialect PIPE =
      new ErrorDialect() {
        @Override
        public @Nullable ErrorBody parse(String body) {
          int bar = body.indexOf('|');
          return bar < 0
              ? null
              : new ErrorBody(body.substring(bar + 1), null, body.substring(0, bar));
        }

        @Override
        public ErrorKind refine(int status, ErrorKind kind, ErrorBody body) {
          return "overloaded".equals(body.code()) ? ErrorKind.UNAVAILABLE : kind;
        }
      };

  private final HttpErrorMapper mapper = new HttpErrorMapper("acme", CLOCK, PIPE);

  @ParameterizedTest
  @CsvSource({
    "400, INVALID_REQUEST",
    "401, AUTHENTICATION",
    "403, PERMISSION",
    "404, NOT_FOUND",
    "408, TIMEOUT",
    "409, UNAVAILABLE",
    "413, INVALID_REQUEST",
    "418, INVALID_REQUEST",
    "422, INVALID_REQUEST",
    "429, RATE_LIMITED",
    "500, UNAVAILABLE",
    "502, UNAVAILABLE",
    "503, UNAVAILABLE",
    "504, UNAVAILABLE",
    "529, UNAVAILABLE",
    "599, UNAVAILABLE",
    "302, MALFORMED_RESPONSE",
    "0, UNAVAILABLE"
  })
  void mapsStatusToKind(int status, ErrorKind kind) {
    assertThat(HttpErrorMapper.kindForStatus(status)).isEqualTo(kind);
    if (status != 0) {
      ProviderException e = mapper.fromStatus(status, Headers.of(), "", "m-1");
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.httpStatus()).hasValue(status);
      assertThat(e.provider()).isEqualTo("acme");
      assertThat(e.model()).hasValue("m-1");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "400, 'This model''s maximum context length is 128000 tokens.'",
    "413, 'prompt is too long: 210000 tokens > 200000 maximum'",
    "400, 'Input exceeds the context window of this model'"
  })
  void mapsContextLengthMessagesToContextLengthExceeded(int status, String message) {
    ProviderException e = mapper.fromStatus(status, Headers.of(), "x|" + message, "m");
    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(e.providerCode()).hasValue("x");
    assertThat(e.getMessage()).contains(message);
  }

  @Test
  void lets413WithoutContextHintStayInvalidRequest() {
    assertThat(mapper.fromStatus(413, Headers.of(), "request_too_large|too big", "m").kind())
        .isEqualTo(ErrorKind.INVALID_REQUEST);
  }

  @Test
  void letsTheDialectRefineTheKind() {
    ProviderException e = mapper.fromStatus(400, Headers.of(), "overloaded|busy", "m");
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.providerCode()).hasValue("overloaded");
    assertThat(e.getMessage())
        .isEqualTo("Provider 'acme' (model 'm') answered HTTP 400 (overloaded): busy");
  }

  @Test
  void survivesADialectThatThrows() {
    HttpErrorMapper broken =
        new HttpErrorMapper(
            "acme",
            CLOCK,
            body -> {
              throw new IllegalStateException("bug");
            });
    assertThat(broken.fromStatus(503, Headers.of(), "{}", null).kind())
        .isEqualTo(ErrorKind.UNAVAILABLE);
  }

  @Test
  void putsATruncatedSnippetOfNonJsonBodiesIntoTheMessage() {
    String html =
        "<html>\n  <head><title>502 Bad Gateway</title></head>\n  <body>"
            + "x".repeat(5000)
            + "</body></html>";
    ProviderException e = mapper.fromStatus(502, Headers.of(), html, "m");
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.providerCode()).isEmpty();
    assertThat(e.getMessage())
        .startsWith(
            "Provider 'acme' (model 'm') answered HTTP 502: <html> <head><title>502 Bad Gateway")
        .endsWith("...")
        .hasSizeLessThan(300);
  }

  @Test
  void prefersRetryAfterMs() {
    Headers headers = Headers.of("retry-after-ms", "1500.5", "Retry-After", "20");
    assertThat(HttpErrorMapper.retryAfter(headers, CLOCK))
        .isEqualTo(Duration.ofNanos(1_500_500_000L));
  }

  @ParameterizedTest
  @CsvSource({"20, PT20S", "0, PT0S", "1.5, PT1.5S", "' 7 ', PT7S", "0.25, PT0.25S"})
  void parsesRetryAfterSeconds(String value, Duration expected) {
    assertThat(HttpErrorMapper.retryAfter(Headers.of("Retry-After", value), CLOCK))
        .isEqualTo(expected);
  }

  @Test
  void parsesRetryAfterHttpDateAgainstTheClock() {
    Headers headers = Headers.of("Retry-After", "Sat, 01 Mar 2025 12:00:30 GMT");
    assertThat(HttpErrorMapper.retryAfter(headers, CLOCK)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void treatsPastRetryAfterDateAsZero() {
    Headers headers = Headers.of("Retry-After", "Sat, 01 Mar 2025 11:59:00 GMT");
    assertThat(HttpErrorMapper.retryAfter(headers, CLOCK)).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @CsvSource({"-1", "soon", "1e3", "NaN", "1.2.3", "."})
  void ignoresInvalidRetryAfter(String value) {
    assertThat(HttpErrorMapper.retryAfter(Headers.of("Retry-After", value), CLOCK)).isNull();
  }

  @Test
  void fallsBackToRetryAfterWhenRetryAfterMsIsInvalid() {
    Headers headers = Headers.of("retry-after-ms", "abc", "Retry-After", "3");
    assertThat(HttpErrorMapper.retryAfter(headers, CLOCK)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void mapsRateLimitWithRetryAfter() {
    ProviderException e =
        mapper.fromStatus(429, Headers.of("Retry-After", "2"), "rate_limit|slow down", "m");
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(2));
  }

  @Test
  void scrubsRequestCredentialsFromResponseMessages() {
    Request request =
        new Request.Builder()
            .url("http://localhost/v1/x")
            .header("Authorization", "Bearer test-key-123")
            .header("X-Api-Key", "other-secret-456")
            .build();
    Response response =
        new Response.Builder()
            .request(request)
            .protocol(Protocol.HTTP_1_1)
            .code(401)
            .message("Unauthorized")
            .body(
                ResponseBody.create(
                    "bad|key test-key-123 and other-secret-456 rejected",
                    MediaType.get("text/plain")))
            .build();
    ProviderException e = mapper.fromResponse(response, "m");
    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(e.getMessage())
        .doesNotContain("test-key-123")
        .doesNotContain("other-secret-456")
        .contains("key [redacted] and [redacted] rejected");
    assertThat(e.toString()).doesNotContain("test-key-123");
  }

  private static final String KEY = "fakekey-Q7vX2mLp9RtZ4wKc8NbH";

  private final HttpErrorMapper scoped =
      mapper.forRequest(
          new Request.Builder()
              .url("http://localhost/v1/x")
              .header("Authorization", "Bearer " + KEY)
              .build());

  @Test
  void scrubsAnErrorBodyBeforeCuttingItSoAKeyAtTheCutCannotSlipThrough() {
    // The key starts 12 characters before the 500-character cut of the provider's message.
    String said = "x".repeat(488) + KEY + " and more";
    ProviderException e = scoped.fromStatus(400, Headers.of(), "bad|" + said, "m");
    assertThat(e.getMessage()).contains("x".repeat(488) + "[redacted]").doesNotContain("fakekey-");
    // The same for the 200-character snippet of a body the dialect cannot read.
    ProviderException html =
        scoped.fromStatus(502, Headers.of(), "<p>" + "y".repeat(185) + KEY + "</p>", "m");
    assertThat(html.getMessage()).contains("[redacted]").doesNotContain("fakekey-");
  }

  @Test
  void scrubsWhatAProviderSaidInsideAStreamOrA200Body() {
    ProviderException e =
        scoped.fromErrorBody(
            0,
            new ErrorBody("Incorrect key " + KEY, "auth " + KEY, KEY.substring(2, 14)),
            null,
            "m");
    assertThat(e.getMessage()).contains("Incorrect key [redacted]").doesNotContain("Q7vX2mLp");
    assertThat(e.providerCode()).hasValue("[redacted]");
  }

  @Test
  void scrubsCredentialsTheTextMarksEvenWithoutKnowingThem() {
    ProviderException e =
        mapper.fromStatus(
            401, Headers.of(), "bad|sent x-api-key: abc123def456 and Bearer zyx987wvu654", "m");
    assertThat(e.getMessage())
        .contains("x-api-key: [redacted]")
        .contains("Bearer [redacted]")
        .doesNotContain("abc123def456")
        .doesNotContain("zyx987wvu654");
  }

  @Test
  void replacesAParserCauseByAScrubbedCopy() {
    IOException parse = new IOException("Unrecognized token '" + KEY + "': was expecting JSON");
    ProviderException e = scoped.malformed("m", "not JSON: " + parse.getMessage(), parse);
    assertThat(e.getMessage()).doesNotContain("Q7vX2mLp").contains("[redacted]");
    assertThat(e.getCause()).isNotSameAs(parse);
    assertThat(e.getCause().toString())
        .isEqualTo("java.io.IOException: Unrecognized token '[redacted]': was expecting JSON");
  }

  @Test
  void keepsACleanIoFailureAndScrubsOneThatQuotesTheKey() {
    IOException clean = new IOException("Connection reset");
    assertThat(scoped.fromIOException(clean, "m", false, false, Duration.ofSeconds(1)).getCause())
        .isSameAs(clean);
    IOException dirty = new IOException("unexpected status line: Bearer " + KEY);
    ProviderException e = scoped.fromIOException(dirty, "m", false, false, Duration.ofSeconds(1));
    assertThat(e.getMessage()).doesNotContain("Q7vX2mLp");
    assertThat(e.getCause()).isNotSameAs(dirty);
    assertThat(e.getCause().getMessage()).isEqualTo("unexpected status line: Bearer [redacted]");
  }

  @Test
  void knowsTheSecretsItWasGivenAndScopesWithoutChangingTheProviderMapper() {
    HttpErrorMapper configured =
        new HttpErrorMapper("acme", CLOCK, PIPE, Redactor.of(List.of(KEY)));
    assertThat(configured.fromStatus(401, Headers.of(), "bad|" + KEY, "m").getMessage())
        .doesNotContain("Q7vX2mLp");
    assertThat(mapper.fromStatus(401, Headers.of(), "bad|" + KEY, "m").getMessage())
        .as("the unscoped mapper knows no key")
        .contains(KEY);
    assertThat(mapper.withSecrets(List.of())).isSameAs(mapper);
  }

  @Test
  void mapsErrorBodiesReportedInsideStreams() {
    ProviderException e =
        mapper.fromErrorBody(0, new ErrorBody("boom", "server_error", null), null, "m");
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.providerCode()).hasValue("server_error");
    assertThat(e.getMessage())
        .isEqualTo("Provider 'acme' (model 'm') reported an error (server_error): boom");
  }

  @Test
  void mapsSocketTimeoutToTimeout() {
    ProviderException e =
        mapper.fromIOException(
            new SocketTimeoutException("Read timed out"), "m", false, false, Duration.ofSeconds(1));
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e.httpStatus()).isEmpty();
  }

  @Test
  void mapsOkHttpCallTimeoutToTimeout() {
    InterruptedIOException timeout = new InterruptedIOException("timeout");
    timeout.initCause(new IOException("Canceled"));
    assertThat(mapper.fromIOException(timeout, "m", false, false, Duration.ofSeconds(1)).kind())
        .isEqualTo(ErrorKind.TIMEOUT);
  }

  @Test
  void mapsAnyFailureAfterTheDeadlineToTimeout() {
    assertThat(
            mapper
                .fromIOException(
                    new IOException("Canceled"), "m", false, true, Duration.ofMillis(300))
                .getMessage())
        .contains("no complete answer within 300 ms");
  }

  @Test
  void mapsCancellationToNetworkSayingSo() {
    ProviderException e =
        mapper.fromIOException(
            new IOException("Canceled"), "m", true, false, Duration.ofSeconds(1));
    assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
    assertThat(e.getMessage()).contains("cancelled by the caller");
  }

  @Test
  void mapsOtherIoFailuresToNetwork() {
    ProviderException e =
        mapper.fromIOException(
            new java.net.ConnectException("Connection refused"),
            null,
            false,
            false,
            Duration.ofSeconds(1));
    assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
    assertThat(e.getMessage()).startsWith("Provider 'acme': connection failed");
  }
}
