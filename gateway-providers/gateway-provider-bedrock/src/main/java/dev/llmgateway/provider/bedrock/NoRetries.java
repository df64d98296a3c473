package dev.llmgateway.provider.bedrock;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * The SDK's retry strategy for the Bedrock client: one attempt, since the gateway retries, rotates
 * keys and falls back itself. Unlike the SDK's own {@code AwsRetryStrategy.doNotRetry()}, it does
 * not log each failure at DEBUG with the failure's message, which quotes what the server said (and
 * so whatever it echoed back); the gateway reports failures itself, scrubbed. Thread-safe and
 * stateless.
 */
final class NoRetries implements RetryStrategy {
  static final NoRetries INSTANCE = new NoRetries();

  private static final RetryToken TOKEN = new RetryToken() {};

  private NoRetries() {}

  @Override
  public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
    return AcquireInitialTokenResponse.create(TOKEN, Duration.ZERO);
  }

  @Override
  public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
    throw new TokenAcquisitionFailedException(
        "The gateway does not let the SDK retry", request.token(), request.failure());
  }

  @Override
  public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
    return RecordSuccessResponse.create(request.token());
  }

  @Override
  public int maxAttempts() {
    return 1;
  }

  @Override
  public boolean useClientDefaults() {
    return false;
  }

  /** A builder of the SDK's own one-attempt strategy, the nearest the SDK can build. */
  @Override
  public Builder<?, ?> toBuilder() {
    return AwsRetryStrategy.doNotRetry().toBuilder();
  }

  @Override
  public String toString() {
    return "NoRetries";
  }
}
