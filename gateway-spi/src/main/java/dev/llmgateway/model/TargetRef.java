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

  /**
   * Equal when both parts are: written out rather than generated, because routing looks targets up
   * in maps several times per call and the generated form goes through method handles.
   *
   * @param o the other object
   * @return whether it is a target reference with the same provider and model
   */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof TargetRef r && provider.equals(r.provider) && model.equals(r.model));
  }

  /**
   * Combines the parts' (cached) string hashes.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return 31 * provider.hashCode() + model.hashCode();
  }

  /** Returns {@code provider/model}. */
  @Override
  public String toString() {
    return provider + "/" + model;
  }
}
