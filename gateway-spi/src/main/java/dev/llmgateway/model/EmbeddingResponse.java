package dev.llmgateway.model;

import java.util.List;

/**
 * The answer to an embedding call.
 *
 * @param provider the configured name of the provider that answered
 * @param model the concrete model
 * @param embeddings one vector per input, in input order
 * @param usage the token counts (input only)
 * @param cost what the call cost
 * @param route how the call was served
 */
public record EmbeddingResponse(
    String provider,
    String model,
    List<Embedding> embeddings,
    Usage usage,
    Cost cost,
    Route route) {

  /**
   * Validates and copies the response.
   *
   * @param provider the configured name of the provider that answered
   * @param model the concrete model
   * @param embeddings one vector per input, in input order
   * @param usage the token counts (input only)
   * @param cost what the call cost
   * @param route how the call was served
   * @throws IllegalArgumentException if a component is null
   */
  public EmbeddingResponse {
    if (provider == null
        || model == null
        || embeddings == null
        || usage == null
        || cost == null
        || route == null) {
      throw new IllegalArgumentException("EmbeddingResponse components must not be null");
    }
    embeddings = List.copyOf(embeddings);
  }

  /**
   * A response as a provider returns it: cost unknown and a direct route.
   *
   * @param provider the configured provider name
   * @param model the concrete model
   * @param embeddings the vectors
   * @param usage the token counts
   * @return the response
   */
  public static EmbeddingResponse of(
      String provider, String model, List<Embedding> embeddings, Usage usage) {
    return new EmbeddingResponse(
        provider,
        model,
        embeddings,
        usage,
        Cost.UNKNOWN,
        Route.direct(new TargetRef(provider, model)));
  }

  /**
   * A copy with the client's routing result and cost.
   *
   * @param route how the call was served
   * @param cost what it cost
   * @return the copy
   */
  public EmbeddingResponse withRoute(Route route, Cost cost) {
    return new EmbeddingResponse(provider, model, embeddings, usage, cost, route);
  }
}
