package dev.llmgateway.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.StreamHandler;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.RequestContext;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A LangChain4j {@link StreamingChatModel} whose calls stream through a {@link GatewayClient}
 * ({@link GatewayClient#streamAsync}): the gateway may still fall back to the next target until the
 * first content chunk reached the handler. The model name is a gateway alias (or {@code
 * provider/model}), so LangChain4j code gets the gateway's routing, fallbacks, key pools, budgets,
 * quotas, cache and cost records without other changes.
 *
 * <pre>{@code
 * StreamingChatModel model = GatewayStreamingChatModel.builder()
 *     .gateway(gateway)
 *     .model("smart")
 *     .context(() -> RequestContext.tenant(currentTenant()))
 *     .build();
 * Assistant assistant = AiServices.builder(Assistant.class).streamingChatModel(model).tools(tools).build();
 * }</pre>
 *
 * <p>Messages (system, user with text and images, AI with tool calls, tool results), tools and the
 * tool choice, temperature, top-p, max output tokens, stop sequences and JSON mode (with or without
 * a schema) are mapped; a request's model name, when set, replaces the alias. Text deltas reach
 * {@link StreamingChatResponseHandler#onPartialResponse(String)} on the client's executor; the
 * complete answer carries the text, tool execution requests, token usage and finish reason. Gateway
 * exceptions ({@code BudgetExceededException}, {@code AllTargetsFailedException}...) reach the
 * caller as they are.
 *
 * <p>Thread-safe; as long-lived as the client, which it does not close.
 */
public final class GatewayStreamingChatModel implements StreamingChatModel {
  private final Settings settings;

  private GatewayStreamingChatModel(Settings settings) {
    this.settings = settings;
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
   * Streams the request through the gateway. Returns at once; the handler is called on the client's
   * executor: {@code onPartialResponse} per text delta, then {@code onCompleteResponse} or {@code
   * onError} (with the gateway's exception, such as {@code AllTargetsFailedException}).
   *
   * @param request the LangChain4j request
   * @param handler receives the deltas and the end
   */
  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    Objects.requireNonNull(handler, "handler");
    dev.llmgateway.model.ChatRequest gatewayRequest;
    try {
      gatewayRequest = Requests.toGateway(request, settings.model(), settings.callContext());
    } catch (RuntimeException e) {
      handler.onError(e);
      return;
    }
    settings
        .gateway()
        .streamAsync(
            gatewayRequest,
            new StreamHandler() {
              @Override
              public void onChunk(ChatChunk chunk) {
                if (!chunk.text().isEmpty()) {
                  handler.onPartialResponse(chunk.text());
                }
              }

              @Override
              public void onComplete(dev.llmgateway.model.ChatResponse response) {
                handler.onCompleteResponse(Requests.fromGateway(response));
              }

              @Override
              public void onError(Throwable error) {
                handler.onError(error);
              }
            });
  }

  /**
   * The defaults: the model name is the alias.
   *
   * @return parameters with the alias as the model name
   */
  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return ChatRequestParameters.builder().modelName(settings.model()).build();
  }

  /**
   * {@link ModelProvider#OTHER}: the gateway picks the provider per call.
   *
   * @return {@code OTHER}
   */
  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /**
   * JSON Schema response formats, which the gateway maps onto each provider.
   *
   * @return {@code RESPONSE_FORMAT_JSON_SCHEMA}
   */
  @Override
  public Set<Capability> supportedCapabilities() {
    return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
  }

  @Override
  public String toString() {
    return "GatewayStreamingChatModel{model=" + settings.model() + "}";
  }

  /** Builds a {@link GatewayStreamingChatModel}. */
  public static final class Builder {
    private final Settings.Parts parts = new Settings.Parts();

    private Builder() {}

    /**
     * The client the calls go through. Required.
     *
     * @param gateway the client
     * @return this builder
     */
    public Builder gateway(GatewayClient gateway) {
      parts.gateway = Objects.requireNonNull(gateway, "gateway");
      return this;
    }

    /**
     * The gateway alias (or {@code provider/model}) of requests that name no model. Required.
     *
     * @param model the alias
     * @return this builder
     */
    public Builder model(String model) {
      parts.model = model;
      return this;
    }

    /**
     * The attribution of every call (tenant, team, feature, user, tags). Defaults to {@link
     * RequestContext#EMPTY}.
     *
     * @param context the attribution
     * @return this builder
     */
    public Builder context(RequestContext context) {
      Objects.requireNonNull(context, "context");
      parts.context = () -> context;
      return this;
    }

    /**
     * The attribution of each call, asked on the calling thread when the call starts (from a
     * thread-local, a request scope, a security context). Defaults to {@link RequestContext#EMPTY}.
     *
     * @param context gives the attribution; {@code null} from it means none
     * @return this builder
     */
    public Builder context(Supplier<RequestContext> context) {
      parts.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalArgumentException if the gateway or the model is missing
     */
    public GatewayStreamingChatModel build() {
      return new GatewayStreamingChatModel(parts.build());
    }
  }
}
