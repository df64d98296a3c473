package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A MockWebServer per test and a provider pointed at it. */
abstract class OpenAiTestSupport {
  static final String API_KEY = "test-key-123";
  static final ProviderKey KEY = ProviderKey.of("primary", Secret.of(API_KEY));
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

  /**
   * The usage of an OpenAI body whose usage has both detail objects: every count but cache writes,
   * which OpenAI's wire has no field for.
   */
  static Usage openAiUsage(long prompt, long completion, long cached, long reasoning) {
    return new Usage(
        prompt,
        completion,
        cached,
        0,
        reasoning,
        EnumSet.complementOf(EnumSet.of(Usage.Count.CACHE_WRITE_INPUT)));
  }

  final MockWebServer server = new MockWebServer();
  final CountDownLatch release = new CountDownLatch(1);
  Provider provider;

  @BeforeEach
  void startServer() throws IOException {
    server.start();
    provider =
        new OpenAiProviderFactory()
            .create(
                ProviderSettings.builder("openai-main", "openai")
                    .baseUrl(server.url("/v1").toString())
                    .key(KEY)
                    .header("OpenAI-Organization", "org-test")
                    .clock(CLOCK)
                    .build());
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    provider.close();
    server.close();
  }

  static ProviderCall call() {
    return call(Duration.ofSeconds(10));
  }

  static ProviderCall call(Duration timeout) {
    return new ProviderCall(
        KEY, timeout, new Cancellation(), Map.of("X-Request-Id", "req-42"), "req-42");
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse sse(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body(body)
        .build();
  }

  static JsonNode tree(String json) {
    try {
      return Json.read(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RecordedRequest takeRequest() {
    try {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).as("a request reached the server").isNotNull();
      return request;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Asserts the common wire shape of a request and that its JSON body equals the expected one. */
  RecordedRequest assertRequest(String path, String accept, String expectedJson) {
    RecordedRequest request = takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getHeaders().get("Accept")).isEqualTo(accept);
    assertThat(request.getHeaders().get("OpenAI-Organization")).isEqualTo("org-test");
    assertThat(request.getHeaders().get("X-Request-Id")).isEqualTo("req-42");
    assertThat(tree(request.getBody().utf8())).isEqualTo(tree(expectedJson));
    return request;
  }
}
