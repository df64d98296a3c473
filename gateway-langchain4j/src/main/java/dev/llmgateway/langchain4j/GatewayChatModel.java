package dev.llmgateway.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.RequestContext;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A LangChain4j {@link ChatModel} whose calls go through a {@link GatewayClient}: the model name is
 * a gateway alias (or {@code provider/model}), so LangChain4j code gets the gateway's routing,
 * fallbacks, key pools, budgets, quotas, cache and cost records without other changes.
 *
 * <pre>{@code
 * ChatModel model = GatewayChatModel.builder()
 *     .gateway(gateway)
 *     .model("smart")
 *     .context(() -> RequestContext.tenant(currentTenant()))
 *     .build();
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(tools).build();
 * }</pre>
 *
 * <p>Messages (system, user with text and images, AI with tool calls, tool results), tools and the
 * tool choice, temperature, top-p, max output tokens, stop sequences and JSON mode (with or without
 * a schema) are mapped; a request's model name, when set, replaces the alias. The answer carries
 * the text, tool execution requests, token usage and finish reason. Gateway exceptions ({@code
 * BudgetExceededException}, {@code AllTargetsFailedException}...) reach the caller as they are.
 *
 * <p>Thread-safe; as long-lived as the client, which it does not close.
 */
public final class GatewayChatModel implements ChatModel {
  private final Settings settings;

  private GatewayChatModel(Settings settings) {
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
   * Sends the request through the gateway and waits for the answer.
   *
   * @param request the LangChain4j request
   * @return the answer
   * @throws dev.llmgateway.error.GatewayException as the gateway throws it
   * @throws IllegalArgumentException if the request holds a message or content type the gateway
   *     does not support
   */
  @Override
  public ChatResponse doChat(ChatRequest request) {
    return Requests.fromGateway(
        settings
            .gateway()
            .chat(Requests.toGateway(request, settings.model(), settings.callContext())));
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
    return "GatewayChatModel{model=" + settings.model() + "}";
  }

  /** Builds a {@link GatewayChatModel}. */
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
    public GatewayChatModel build() {
      return new GatewayChatModel(parts.build());
    }
  }
}
