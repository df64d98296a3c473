package dev.llmgateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.TargetRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorKindTest {

  @Test
  void callerErrorsNeitherRetryNorFallBack() {
    assertThat(ErrorKind.INVALID_REQUEST.retryable()).isFalse();
    assertThat(ErrorKind.INVALID_REQUEST.fallback()).isFalse();
    assertThat(ErrorKind.CONTENT_FILTERED.fallback()).isFalse();
  }

  @Test
  void keyProblemsMoveToTheNextKey() {
    assertThat(ErrorKind.RATE_LIMITED.nextKey()).isTrue();
    assertThat(ErrorKind.AUTHENTICATION.nextKey()).isTrue();
    assertThat(ErrorKind.PERMISSION.nextKey()).isTrue();
    assertThat(ErrorKind.UNAVAILABLE.nextKey()).isFalse();
  }

  @Test
  void outagesRetryAndFallBack() {
    for (ErrorKind kind :
        List.of(
            ErrorKind.UNAVAILABLE, ErrorKind.TIMEOUT, ErrorKind.NETWORK, ErrorKind.RATE_LIMITED)) {
      assertThat(kind.retryable()).as(kind.name()).isTrue();
      assertThat(kind.fallback()).as(kind.name()).isTrue();
    }
    assertThat(ErrorKind.CONTEXT_LENGTH_EXCEEDED.fallback()).isTrue();
    assertThat(ErrorKind.CONTEXT_LENGTH_EXCEEDED.retryable()).isFalse();
  }

  @Test
  void allTargetsFailedCarriesEveryAttemptAndSuppressesEarlierCauses() {
    ProviderException first =
        new ProviderException(ErrorKind.UNAVAILABLE, "openai", "gpt-4o", "503", null);
    ProviderException second =
        new ProviderException(ErrorKind.RATE_LIMITED, "claude", "haiku", "429", null);
    List<Attempt> attempts =
        List.of(
            new Attempt(
                new TargetRef("openai", "gpt-4o"),
                "k1",
                ErrorKind.UNAVAILABLE,
                "503",
                Duration.ZERO),
            new Attempt(
                new TargetRef("claude", "haiku"),
                null,
                ErrorKind.RATE_LIMITED,
                "429",
                Duration.ZERO));

    AllTargetsFailedException e =
        new AllTargetsFailedException("fast", attempts, List.of(first, second));

    assertThat(e.getCause()).isSameAs(second);
    assertThat(e.getSuppressed()).containsExactly(first);
    assertThat(e.attempts()).hasSize(2);
    assertThat(e.lastKind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.getMessage())
        .isEqualTo(
            "All 2 attempt(s) for 'fast' failed: [openai/gpt-4o#k1: UNAVAILABLE: 503]"
                + " [claude/haiku: RATE_LIMITED: 429]");
  }
}
