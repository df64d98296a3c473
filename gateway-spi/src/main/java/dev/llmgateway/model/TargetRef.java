package dev.llmgateway.model;

/**
 * A concrete place a call can go: a configured provider and one of its models.
 *
 * @param provider the provider's configured name (such as {@code openai} or {@code claude})
 * @param model the provider's model id (such as {@code gpt-4o-mini})
 */
public record TargetRef(String provider, String model) {
  /**
   * Validates the reference.
   *
   * @param provider the provider's configured name (such as {@code openai} or {@code claude})
   * @param model the provider's model id (such as {@code gpt-4o-mini})
   * @throws dev.llmgateway.error.InvalidRequestException if either part is blank
   */
  public TargetRef {
    Checks.notBlank(provider, "target.provider");
    Checks.notBlank(model, "target.model");
  }

  /** Returns {@code provider/model}. */
  @Override
  public String toString() {
    return provider + "/" + model;
  }
}
