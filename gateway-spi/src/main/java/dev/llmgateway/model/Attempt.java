package dev.llmgateway.model;

import dev.llmgateway.error.ErrorKind;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One provider attempt made while serving a call.
 *
 * @param target where the attempt went
 * @param keyId the id of the key used (never the key itself), or {@code null}
 * @param errorKind why it failed, or {@code null} if it succeeded
 * @param error a short description of the failure (no secrets), or {@code null} on success
 * @param latency how long the attempt took
 */
public record Attempt(
    TargetRef target,
    @Nullable String keyId,
    @Nullable ErrorKind errorKind,
    @Nullable String error,
    Duration latency) {

  /**
   * Validates the attempt.
   *
   * @param target where the attempt went
   * @param keyId the id of the key used (never the key itself), or {@code null}
   * @param errorKind why it failed, or {@code null} if it succeeded
   * @param error a short description of the failure (no secrets), or {@code null} on success
   * @param latency how long the attempt took
   * @throws IllegalArgumentException if target or latency is null
   */
  public Attempt {
    if (target == null || latency == null) {
      throw new IllegalArgumentException("target and latency must not be null");
    }
  }

  /**
   * Whether the attempt succeeded.
   *
   * @return {@code true} if it produced the answer
   */
  public boolean succeeded() {
    return errorKind == null && error == null;
  }
}
