package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.ChunkStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.MockResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every error shape, through both the plain and the streamed path. */
class OpenAiErrorsTest extends OpenAiTestSupport {

  enum Path {
    PLAIN,
    STREAM
  }

  private ProviderException fail(Path path) {
    ChatRequest request = ChatRequest.builder().model("gpt-4o").user("hi").build();
    return catchThrowableOfType(
        ProviderException.class,
        () -> {
          if (path == Path.PLAIN) {
            provider.chat(request, call());
          } else {
            try (ChunkStream stream = provider.stream(request, call())) {
              while (stream.next() != null) {
                // drain
              }
            }
          }
        });
  }

  private static MockResponse error(int code, String type, String errorCode, String message) {
    String codeJson = errorCode == null ? "null" : "\"" + errorCode + "\"";
    return json(
        code,
        "{\n  \"error\": {\n    \"message\": \""
            + message
            + "\",\n    \"type\": \""
            + type
            + "\",\n    \"param\": null,\n    \"code\": "
            + codeJson
            + "\n  }\n}\n");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsRateLimitWithRetryAfterMs(Path path) {
    server.enqueue(
        error(
                429,
                "requests",
                "rate_limit_exceeded",
                "Rate limit reached for gpt-4o in organization org-test on requests per min (RPM):"
                    + " Limit 500, Used 500, Requested 1.")
            .newBuilder()
            .setHeader("retry-after-ms", "1200")
            .setHeader("Retry-After", "2")
            .setHeader("x-ratelimit-reset-requests", "120ms")
            .setHeader("x-ratelimit-reset-tokens", "30s")
            .build());
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.httpStatus()).hasValue(429);
    assertThat(e.providerCode()).hasValue("rate_limit_exceeded");
    assertThat(e.retryAfter()).hasValue(Duration.ofMillis(1200));
    assertThat(e.provider()).isEqualTo("openai-main");
    assertThat(e.model()).hasValue("gpt-4o");
    assertThat(e.getMessage())
        .startsWith(
            "Provider 'openai-main' (model 'gpt-4o') answered HTTP 429 (rate_limit_exceeded):"
                + " Rate limit reached");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsRateLimitWithRetryAfterHttpDate(Path path) {
    server.enqueue(
        error(429, "tokens", "rate_limit_exceeded", "Rate limit reached")
            .newBuilder()
            .setHeader("Retry-After", "Sat, 01 Mar 2025 12:00:45 GMT")
            .build());
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(45));
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsInsufficientQuotaToPermission(Path path) {
    server.enqueue(
        error(
            429,
            "insufficient_quota",
            "insufficient_quota",
            "You exceeded your current quota, please check your plan and billing details."));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION);
    assertThat(e.httpStatus()).hasValue(429);
    assertThat(e.providerCode()).hasValue("insufficient_quota");
    assertThat(e.retryAfter()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsInvalidApiKeyToAuthenticationWithoutLeakingTheKey(Path path) {
    server.enqueue(
        error(
            401,
            "invalid_request_error",
            "invalid_api_key",
            "Incorrect API key provided: "
                + API_KEY
                + ". You can find your API key at"
                + " https://platform.openai.com/account/api-keys."));
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
    assertThat(e.providerCode()).hasValue("invalid_api_key");
    assertThat(e.getMessage()).contains("Incorrect API key provided: [redacted].");
    assertThat(e.getMessage()).doesNotContain(API_KEY);
    assertThat(e.toString()).doesNotContain(API_KEY);
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .contains("--> POST")
        .contains("Authorization: [redacted]")
        .contains("<-- 401")
        .doesNotContain(API_KEY);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsForbiddenToPermission(Path path) {
    server.enqueue(
        error(
            403,
            "request_forbidden",
            "unsupported_country_region_territory",
            "Country, region, or territory not supported"));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION);
    assertThat(e.httpStatus()).hasValue(403);
    assertThat(e.providerCode()).hasValue("unsupported_country_region_territory");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsModelNotFound(Path path) {
    server.enqueue(
        error(
            404,
            "invalid_request_error",
            "model_not_found",
            "The model `gpt-5-turbo` does not exist or you do not have access to it."));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(e.httpStatus()).hasValue(404);
    assertThat(e.providerCode()).hasValue("model_not_found");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsContextLengthExceededByCode(Path path) {
    server.enqueue(
        error(
            400,
            "invalid_request_error",
            "context_length_exceeded",
            "This model's maximum context length is 128000 tokens. However, your messages"
                + " resulted in 130412 tokens. Please reduce the length of the messages."));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.providerCode()).hasValue("context_length_exceeded");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsContextLengthExceededByMessage(Path path) {
    server.enqueue(
        error(
            400,
            "invalid_request_error",
            null,
            "This model's maximum context length is 16385 tokens, however you requested 17000"
                + " tokens."));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
    assertThat(e.providerCode()).hasValue("invalid_request_error");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsContentPolicyViolationToContentFiltered(Path path) {
    server.enqueue(
        error(
            400,
            "invalid_request_error",
            "content_policy_violation",
            "Your request was rejected as a result of our safety system."));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
    assertThat(e.providerCode()).hasValue("content_policy_violation");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsContentFilterCodeToContentFiltered(Path path) {
    server.enqueue(
        error(
            400,
            "invalid_request_error",
            "content_filter",
            "The response was filtered due to the prompt triggering content management policy."));
    assertThat(fail(path).kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsOtherBadRequestsToInvalidRequest(Path path) {
    server.enqueue(
        error(
            400,
            "invalid_request_error",
            "unsupported_parameter",
            "Unsupported parameter: 'max_tokens' is not supported with this model."
                + " Use 'max_completion_tokens' instead."));
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.providerCode()).hasValue("unsupported_parameter");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsServerErrorsToUnavailable(Path path) {
    for (int status : new int[] {500, 502, 503}) {
      server.enqueue(
          error(
              status,
              "server_error",
              null,
              "The server had an error while processing your request. Sorry about that!"));
      ProviderException e = fail(path);
      assertThat(e.kind()).as("HTTP %d", status).isEqualTo(ErrorKind.UNAVAILABLE);
      assertThat(e.httpStatus()).hasValue(status);
      assertThat(e.providerCode()).hasValue("server_error");
    }
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsOverloadedToUnavailable(Path path) {
    server.enqueue(
        error(503, "server_error", null, "That model is currently overloaded with other requests.")
            .newBuilder()
            .setHeader("Retry-After", "1")
            .build());
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(1));
    assertThat(e.getMessage()).contains("currently overloaded");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsAnHtmlPageFromAProxy(Path path) {
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .setHeader("Content-Type", "text/html")
            .body(
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                    + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>"
                    + "\r\n</body>\r\n</html>\r\n")
            .build());
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.providerCode()).isEmpty();
    assertThat(e.getMessage()).contains("HTTP 502: <html> <head><title>502 Bad Gateway");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mapsAnEmptyErrorBody(Path path) {
    server.enqueue(new MockResponse.Builder().code(504).build());
    ProviderException e = fail(path);
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.getMessage())
        .isEqualTo("Provider 'openai-main' (model 'gpt-4o') answered HTTP 504");
  }
}
