package dev.llmgateway.langchain4j;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.llmgateway.model.RequestContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j request parameters that also carry the gateway attribution of one request (tenant,
 * team, feature, user, tags). A request's context wins over the one the model was built with.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *     .messages(UserMessage.from("Hello"))
 *     .parameters(GatewayChatRequestParameters.builder()
 *         .context(RequestContext.tenant("acme").team("support"))
 *         .build())
 *     .build();
 *
 * // in an AI service, per call:
 * AiServices.builder(Assistant.class).chatModel(model)
 *     .chatRequestTransformer(request -> request.toBuilder()
 *         .parameters(request.parameters().overrideWith(GatewayChatRequestParameters.builder()
 *             .context(RequestContext.tenant(currentTenant())).build()))
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Merging ({@link #overrideWith}, {@link #defaultedBy}) keeps the context: the overriding
 * parameters' context when they have one, else this one's. Immutable.
 */
public final class GatewayChatRequestParameters extends DefaultChatRequestParameters {
  private final @Nullable RequestContext context;

  private GatewayChatRequestParameters(Builder builder) {
    super(builder);
    this.context = builder.context;
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The attribution of the request.
   *
   * @return the context, or {@code null} for the model's
   */
  public @Nullable RequestContext context() {
    return context;
  }

  /**
   * These parameters with another's values where it has them, its context included.
   *
   * @param that the overriding parameters
   * @return the merged parameters, with the context
   */
  @Override
  public ChatRequestParameters overrideWith(ChatRequestParameters that) {
    Builder b = builder().overrideWith(this).overrideWith(that);
    b.context = contextOf(that) != null ? contextOf(that) : context;
    return b.build();
  }

  /**
   * These parameters, with another's values where these have none, its context included.
   *
   * @param that the default parameters
   * @return the merged parameters, with the context
   */
  @Override
  public ChatRequestParameters defaultedBy(ChatRequestParameters that) {
    Builder b = builder().overrideWith(that).overrideWith(this);
    b.context = context != null ? context : contextOf(that);
    return b.build();
  }

  private static @Nullable RequestContext contextOf(ChatRequestParameters p) {
    return p instanceof GatewayChatRequestParameters g ? g.context : null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GatewayChatRequestParameters other
        && super.equals(other)
        && Objects.equals(context, other.context);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), context);
  }

  @Override
  public String toString() {
    return "GatewayChatRequestParameters{" + super.toString() + ", context=" + context + "}";
  }

  /** Builds {@link GatewayChatRequestParameters}. */
  public static final class Builder extends DefaultChatRequestParameters.Builder<Builder> {
    private @Nullable RequestContext context;

    private Builder() {}

    /**
     * The attribution of the request. Defaults to none: the model's.
     *
     * @param context the attribution
     * @return this builder
     */
    public Builder context(RequestContext context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Builds the parameters.
     *
     * @return the parameters
     */
    @Override
    public GatewayChatRequestParameters build() {
      return new GatewayChatRequestParameters(this);
    }
  }
}
