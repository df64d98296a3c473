package dev.llmgateway.provider.http;

import org.jspecify.annotations.Nullable;

/**
 * What a provider said in an error body, as an {@link ErrorDialect} parsed it.
 *
 * @param message the provider's human-readable message, or {@code null}
 * @param type the provider's error type (such as {@code invalid_request_error}), or {@code null}
 * @param code the provider's error code (such as {@code context_length_exceeded}), or {@code null}
 */
public record ErrorBody(@Nullable String message, @Nullable String type, @Nullable String code) {

  /**
   * The most specific identifier the provider gave: the code, else the type.
   *
   * @return the code or type, or {@code null} if neither was given
   */
  public @Nullable String providerCode() {
    return code != null ? code : type;
  }
}
