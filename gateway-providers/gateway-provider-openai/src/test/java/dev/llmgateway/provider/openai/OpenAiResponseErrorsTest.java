package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiResponseErrorsTest extends OpenAiTestSupport {
  private static final ChatRequest REQUEST =
      ChatRequest.builder().model("gpt-4o").user("hi").build();

  @Test
  void reportsMalformedJsonInASuccessfulBody() {
    server.enqueue(json(200, "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,"));
    assertThatThrownBy(() -> provider.chat(REQUEST, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
              assertThat(e.getMessage()).contains("not valid JSON");
            });
  }

  @Test
  void reportsAResponseWithoutChoices() {
    server.enqueue(
        json(
            200,
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741569952,"
                + "\"model\":\"gpt-4o-2024-08-06\",\"usage\":{\"prompt_tokens\":1,"
                + "\"completion_tokens\":0,\"total_tokens\":1}}"));
    assertThatThrownBy(() -> provider.chat(REQUEST, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
              assertThat(e.getMessage()).contains("no choices");
            });
  }

  @Test
  void reportsAnEmptyChoicesArray() {
    server.enqueue(json(200, "{\"id\":\"chatcmpl-1\",\"choices\":[]}"));
    assertThatThrownBy(() -> provider.chat(REQUEST, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE));
  }

  @Test
  void reportsAnUnreadableKeyAsAuthenticationWithoutCallingTheServer() {
    ProviderKey missing =
        new ProviderKey("env-key", Secret.env("OPENAI_TEST_UNSET_VARIABLE", name -> null), 1);
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
    server.enqueue(
        json(200, "{}")
            .newBuilder()
            .headersDelay(5, java.util.concurrent.TimeUnit.SECONDS)
            .build());
    long start = System.nanoTime();
    assertThatThrownBy(() -> provider.chat(REQUEST, call(Duration.ofMillis(300))))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }
}
