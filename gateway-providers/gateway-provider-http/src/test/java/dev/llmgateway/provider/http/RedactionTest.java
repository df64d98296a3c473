package dev.llmgateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void redactsCredentialHeadersWhateverTheirCase() {
    Headers headers =
        Headers.of(
            "authorization", "Bearer test-key-123",
            "X-API-KEY", "test-key-456",
            "Api-Key", "test-key-789",
            "Content-Type", "application/json");
    assertThat(Redaction.headers(headers))
        .isEqualTo(
            "[authorization: [redacted], X-API-KEY: [redacted], Api-Key: [redacted],"
                + " Content-Type: application/json]")
        .doesNotContain("test-key");
  }

  @Test
  void knowsWhichHeadersAreSensitive() {
    assertThat(Redaction.isSensitiveHeader("AUTHORIZATION")).isTrue();
    assertThat(Redaction.isSensitiveHeader("x-api-key")).isTrue();
    assertThat(Redaction.isSensitiveHeader("api-key")).isTrue();
    assertThat(Redaction.isSensitiveHeader("OpenAI-Organization")).isFalse();
  }

  @Test
  void redactsCredentialQueryParameters() {
    HttpUrl url = HttpUrl.get("https://example.com/v1/models?key=test-key-123&alt=sse");
    assertThat(Redaction.url(url))
        .isEqualTo("https://example.com/v1/models?key=%5Bredacted%5D&alt=sse")
        .doesNotContain("test-key-123");
    assertThat(Redaction.url(HttpUrl.get("https://example.com/v1?alt=sse")))
        .isEqualTo("https://example.com/v1?alt=sse");
  }

  @Test
  void findsSecretsInRequestHeadersAndScrubsThem() {
    List<String> secrets =
        Redaction.secretsOf(Headers.of("Authorization", "Bearer test-key-123", "Accept", "x"));
    assertThat(secrets).containsExactly("test-key-123");
    assertThat(Redaction.scrub("key test-key-123 is bad", secrets))
        .isEqualTo("key [redacted] is bad");
    assertThat(Redaction.secretsOf(Headers.of("x-api-key", " sk-ant-123456 ")))
        .containsExactly("sk-ant-123456");
    assertThat(
            Redaction.redactorOf(Headers.of("api-key", "azure-key-1234")).scrub("azure-key-1234"))
        .isEqualTo("[redacted]");
  }

  @Test
  void leavesVeryShortValuesAlone() {
    assertThat(Redaction.scrub("a b c", List.of("b"))).isEqualTo("a b c");
  }
}
