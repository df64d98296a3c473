package dev.llmgateway.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.TargetRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderFailureTest {
  private static final String SAID =
      "Provider 'openai' (model 'gpt-4o') answered HTTP 429 (insufficient_quota): You exceeded"
          + " your current quota";

  @Test
  void retryableDefaultsToTheKindsAndTheProviderMayOverrideIt() {
    ProviderException plain =
        new ProviderException(ErrorKind.RATE_LIMITED, "openai", "gpt-4o", "429", null);
    ProviderException doNotRetry =
        ProviderException.builder(ErrorKind.RATE_LIMITED, "openai")
            .model("gpt-4o")
            .httpStatus(429)
            .retryAfter(Duration.ofSeconds(3))
            .providerCode("insufficient_quota")
            .retryable(false)
            .message(SAID)
            .build();
    ProviderException retryAnyway =
        ProviderException.builder(ErrorKind.INVALID_REQUEST, "claude")
            .retryable(true)
            .message("409")
            .build();

    assertThat(plain.retryable()).isTrue();
    assertThat(doNotRetry.retryable()).isFalse();
    assertThat(doNotRetry.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(doNotRetry.kind().nextKey()).isTrue();
    assertThat(doNotRetry.httpStatus()).hasValue(429);
    assertThat(doNotRetry.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(doNotRetry.providerCode()).contains("insufficient_quota");
    assertThat(doNotRetry.model()).contains("gpt-4o");
    assertThat(doNotRetry).hasMessage(SAID);
    assertThat(retryAnyway.retryable()).isTrue();
    assertThat(
            ProviderException.builder(ErrorKind.TIMEOUT, "x").message("slow").build().retryable())
        .isTrue();
  }

  @Test
  void builderNamesWhatIsMissing() {
    assertThatThrownBy(() -> ProviderException.builder(ErrorKind.NETWORK, "bedrock").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'bedrock'")
        .hasMessageContaining("no message");
    assertThatThrownBy(() -> ProviderException.builder(null, "bedrock"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProviderException.builder(ErrorKind.NETWORK, "x").httpStatus(-1))
        .hasMessageContaining("-1");
  }

  @Test
  void aBareProviderFailureGivesItsOwnKindAndMessage() {
    ProviderException e =
        new ProviderException(ErrorKind.CONTENT_FILTERED, "openai", "gpt-4o", SAID, null);

    assertThat(e.providerFailure()).containsSame(e);
    assertThat(e.errorKind()).contains(ErrorKind.CONTENT_FILTERED);
    assertThat(e.providerMessage()).contains(SAID);
  }

  @Test
  void allTargetsFailedGivesTheLastFailureAndListsEveryReasonOnOneLine() {
    ProviderException first =
        new ProviderException(
            ErrorKind.UNAVAILABLE,
            "openai",
            "gpt-4o",
            "Provider 'openai' answered HTTP 503:\n  <html>\n<body>Service\tUnavailable</body>",
            null);
    ProviderException second =
        new ProviderException(ErrorKind.RATE_LIMITED, "claude", "haiku", SAID, null);
    List<Attempt> attempts =
        List.of(
            new Attempt(
                new TargetRef("openai", "gpt-4o"),
                "k1",
                ErrorKind.UNAVAILABLE,
                first.getMessage(),
                Duration.ZERO),
            new Attempt(
                new TargetRef("claude", "haiku"),
                "k2",
                ErrorKind.RATE_LIMITED,
                second.getMessage(),
                Duration.ZERO));

    AllTargetsFailedException e =
        new AllTargetsFailedException("fast", attempts, List.of(first, second));

    assertThat(e.providerFailure()).containsSame(second);
    assertThat(e.errorKind()).contains(ErrorKind.RATE_LIMITED);
    assertThat(e.providerMessage()).contains(SAID);
    assertThat(e.getMessage())
        .isEqualTo(
            "All 2 attempt(s) for 'fast' failed: [openai/gpt-4o#k1: UNAVAILABLE: Provider 'openai'"
                + " answered HTTP 503: <html> <body>Service Unavailable</body>]"
                + " [claude/haiku#k2: RATE_LIMITED: "
                + SAID
                + "]")
        .doesNotContain("\n");
  }

  @Test
  void aLongReasonIsCutInTheMessageButKeptWholeInTheAttempt() {
    String reason = "x".repeat(AllTargetsFailedException.MAX_REASON_CHARS + 50);
    ProviderException failure =
        new ProviderException(ErrorKind.UNAVAILABLE, "openai", "gpt-4o", reason, null);
    Attempt attempt =
        new Attempt(
            new TargetRef("openai", "gpt-4o"), null, ErrorKind.UNAVAILABLE, reason, Duration.ZERO);

    AllTargetsFailedException e =
        new AllTargetsFailedException("gpt-4o", List.of(attempt), List.of(failure));

    assertThat(e.getMessage())
        .endsWith(
            ": UNAVAILABLE: " + "x".repeat(AllTargetsFailedException.MAX_REASON_CHARS) + "...]");
    assertThat(e.attempts().get(0).error()).isEqualTo(reason);
  }

  @Test
  void localRefusalsHaveNoProviderFailure() {
    GatewayException budget =
        new BudgetExceededException("team=a", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO);
    GatewayException invalid = new InvalidRequestException("temperature", "must be <= 2");

    assertThat(budget.providerFailure()).isEmpty();
    assertThat(budget.errorKind()).isEmpty();
    assertThat(invalid.providerMessage()).isEmpty();
  }
}
