package dev.llmgateway.model;

import dev.llmgateway.error.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An embedding call: one vector per input text.
 *
 * <pre>{@code
 * EmbeddingRequest request = EmbeddingRequest.of("openai/text-embedding-3-small",
 *     List.of("first text", "second text"));
 * }</pre>
 *
 * @param model an alias, a {@code provider/model} pair, or a model name
 * @param inputs the texts, at least one, none empty
 * @param dimensions the vector size for models that can shorten their output, or {@code null}
 * @param endUser an end-user id forwarded to providers, or {@code null}
 * @param context attribution
 * @param options per-call options
 * @param extraParams provider parameters passed through untouched
 */
public record EmbeddingRequest(
    String model,
    List<String> inputs,
    @Nullable Integer dimensions,
    @Nullable String endUser,
    RequestContext context,
    CallOptions options,
    Map<String, @Nullable Object> extraParams) {

  /**
   * Validates and copies the request.
   *
   * @param model an alias, a {@code provider/model} pair, or a model name
   * @param inputs the texts, at least one, none empty
   * @param dimensions the vector size for models that can shorten their output, or {@code null}
   * @param endUser an end-user id forwarded to providers, or {@code null}
   * @param context attribution
   * @param options per-call options
   * @param extraParams provider parameters passed through untouched
   * @throws InvalidRequestException naming the first invalid field
   */
  public EmbeddingRequest {
    Checks.notBlank(model, "model");
    inputs = Checks.list(inputs, "inputs");
    if (inputs.isEmpty()) {
      throw new InvalidRequestException("inputs", "must contain at least one text");
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).isEmpty()) {
        throw new InvalidRequestException("inputs[" + i + "]", "must not be empty");
      }
    }
    if (dimensions != null && dimensions < 1) {
      throw new InvalidRequestException("dimensions", "must be at least 1, was " + dimensions);
    }
    Checks.notNull(context, "context");
    Checks.notNull(options, "options");
    extraParams = Checks.jsonObject(extraParams, "extraParams");
  }

  /**
   * A request with defaults for everything but the model and the inputs.
   *
   * @param model the model
   * @param inputs the texts
   * @return the request
   * @throws InvalidRequestException naming the first invalid field
   */
  public static EmbeddingRequest of(String model, List<String> inputs) {
    return new EmbeddingRequest(
        model, inputs, null, null, RequestContext.EMPTY, CallOptions.DEFAULT, Map.of());
  }

  /**
   * A copy addressed to another model.
   *
   * @param model the new model
   * @return the copy, or {@code this} if unchanged
   */
  public EmbeddingRequest withModel(String model) {
    return this.model.equals(model)
        ? this
        : new EmbeddingRequest(model, inputs, dimensions, endUser, context, options, extraParams);
  }

  /**
   * A copy with attribution.
   *
   * @param context the context
   * @return the copy
   */
  public EmbeddingRequest withContext(RequestContext context) {
    return new EmbeddingRequest(model, inputs, dimensions, endUser, context, options, extraParams);
  }

  /**
   * A copy with other per-call options.
   *
   * @param options the options
   * @return the copy
   */
  public EmbeddingRequest withOptions(CallOptions options) {
    return new EmbeddingRequest(model, inputs, dimensions, endUser, context, options, extraParams);
  }
}
