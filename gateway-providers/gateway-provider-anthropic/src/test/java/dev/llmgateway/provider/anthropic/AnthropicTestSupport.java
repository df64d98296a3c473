package dev.llmgateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ChunkStream;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A MockWebServer per test and an Anthropic provider pointed at it. */
abstract class AnthropicTestSupport {
  /**
   * The usage of an Anthropic body that reports input, output, cache read and cache write counts
   * (its wire has no reasoning count), normalized: the cache counts are parts of the input.
   */
  static Usage anthropicUsage(long input, long output, long cacheRead, long cacheWrite) {
    return new Usage(
        input,
        output,
        cacheRead,
        cacheWrite,
        0,
        EnumSet.complementOf(EnumSet.of(Usage.Count.REASONING)));
  }

  static final String API_KEY = "test-key-123";
  static final ProviderKey KEY = ProviderKey.of("primary", Secret.of(API_KEY));
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

  final MockWebServer server = new MockWebServer();
  final CountDownLatch release = new CountDownLatch(1);
  Provider provider;

  @BeforeEach
  void startServer() throws IOException {
    server.start();
    provider = provider(ProviderSettings.builder("claude-main", "anthropic"));
  }

  /** A provider pointed at the test server, with the test key, header and clock. */
  Provider provider(ProviderSettings.Builder settings) {
    return new AnthropicProviderFactory()
        .create(
            settings
                .baseUrl(server.url("/").toString())
                .key(KEY)
                .header("anthropic-beta", "test-beta-2025-01-01")
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
        .setHeader("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy")
        .body(body)
        .build();
  }

  static MockResponse sse(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body(body)
        .build();
  }

  /** One named server-sent event, as Anthropic writes them. */
  static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  static JsonNode tree(String json) {
    try {
      return Json.read(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<ChatChunk> drain(ChunkStream stream) {
    List<ChatChunk> chunks = new ArrayList<>();
    for (ChatChunk chunk; (chunk = stream.next()) != null; ) {
      chunks.add(chunk);
    }
    return chunks;
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
  RecordedRequest assertRequest(String accept, String expectedJson) {
    RecordedRequest request = takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(request.getHeaders().get("x-api-key")).isEqualTo(API_KEY);
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.getHeaders().get("anthropic-beta")).isEqualTo("test-beta-2025-01-01");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getHeaders().get("Accept")).isEqualTo(accept);
    assertThat(request.getHeaders().get("X-Request-Id")).isEqualTo("req-42");
    assertThat(tree(request.getBody().utf8())).isEqualTo(tree(expectedJson));
    return request;
  }

  /** The body of the next request as a JSON tree. */
  JsonNode requestBody() {
    return tree(takeRequest().getBody().utf8());
  }
}
