package dev.llmgateway.springai;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.StreamHandler;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.RequestContext;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.definition.ToolDefinition;
import reactor.core.publisher.Flux;

/**
 * A Spring AI {@link ChatModel} whose calls go through a {@link GatewayClient}: the model name is a
 * gateway alias (or {@code provider/model}), so {@code ChatClient} code gets the gateway's routing,
 * fallbacks, key pools, budgets, quotas, cache and cost records.
 *
 * <pre>{@code
 * ChatModel model = GatewayChatModel.builder().gateway(gateway).model("smart").build();
 * String answer = ChatClient.create(model).prompt().user("Hello").call().content();
 * Flux<String> words = ChatClient.create(model).prompt().user("Hello").stream().content();
 * }</pre>
 *
 * <p>Messages (system, user with text and images, assistant with tool calls, tool responses), the
 * options' model (replacing the alias when set), temperature, top-p, max tokens and stop sequences,
 * a structured-output JSON schema, and tools are mapped. Tools ({@code ChatClient.tools(...)}) are
 * run by a {@link ToolCallingManager} between calls, as Spring AI's own models do; a streamed call
 * does not run tools (its last element carries the tool calls). {@link #stream} runs on the
 * client's executor and may still fall back to the next target until its first text reached the
 * subscriber; cancelling the subscription cancels the call. Each response's metadata holds the
 * gateway's {@code Route} under {@value Mapping#ROUTE} and {@code Cost} under {@value
 * Mapping#COST}; finish reasons are the gateway's names ({@code STOP}, {@code LENGTH}, {@code
 * TOOL_CALLS}, {@code CONTENT_FILTER}, {@code OTHER}).
 *
 * <p>Thread-safe; as long-lived as the client, which it does not close.
 */
public final class GatewayChatModel implements ChatModel {
  /** The metadata key of the gateway's {@code Route}: {@value}. */
  public static final String ROUTE_METADATA = Mapping.ROUTE;

  /** The metadata key of the gateway's {@code Cost}: {@value}. */
  public static final String COST_METADATA = Mapping.COST;

  private final GatewayClient gateway;
  private final String model;
  private final Supplier<RequestContext> context;
  private final ToolCallingManager tools;

  private GatewayChatModel(Builder b) {
    if (b.gateway == null) {
      throw new IllegalArgumentException("gateway must be set");
    }
    if (b.model == null || b.model.isBlank()) {
      throw new IllegalArgumentException("model (the gateway alias) must be set and not blank");
    }
    this.gateway = b.gateway;
    this.model = b.model;
    this.context = b.context;
    this.tools = b.tools != null ? b.tools : ToolCallingManager.builder().build();
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
   * Sends the prompt through the gateway and waits for the answer, running the tools the model asks
   * for in between.
   *
   * @param prompt the prompt
   * @return the answer
   * @throws dev.llmgateway.error.GatewayException as the gateway throws it
   */
  @Override
  public ChatResponse call(Prompt prompt) {
    Prompt current = prompt;
    ChatResponse response = once(current);
    while (response.hasToolCalls() && hasToolCallbacks(current.getOptions())) {
      ToolExecutionResult result = tools.executeToolCalls(current, response);
      if (result.returnDirect()) {
        return ChatResponse.builder()
            .from(response)
            .generations(ToolExecutionResult.buildGenerations(result))
            .build();
      }
      current = new Prompt(result.conversationHistory(), current.getOptions());
      response = once(current);
    }
    return response;
  }

  private ChatResponse once(Prompt prompt) {
    return Mapping.fromGateway(gateway.chat(request(prompt)));
  }

  private dev.llmgateway.model.ChatRequest request(Prompt prompt) {
    List<ToolDefinition> definitions =
        prompt.getOptions() instanceof ToolCallingChatOptions options
            ? tools.resolveToolDefinitions(options)
            : List.of();
    RequestContext c = context.get();
    return Mapping.toGateway(prompt, model, c == null ? RequestContext.EMPTY : c, definitions);
  }

  private static boolean hasToolCallbacks(ChatOptions options) {
    return options instanceof ToolCallingChatOptions t
        && t.getToolCallbacks() != null
        && !t.getToolCallbacks().isEmpty();
  }

  /**
   * Streams the prompt through the gateway: one response per text delta, then a last one with no
   * text that carries the finish reason, usage, tool calls and the route.
   *
   * @param prompt the prompt
   * @return the responses; the call starts on subscription
   */
  @Override
  public Flux<ChatResponse> stream(Prompt prompt) {
    return Flux.create(
        sink -> {
          dev.llmgateway.model.ChatRequest request;
          try {
            request = request(prompt);
          } catch (RuntimeException e) {
            sink.error(e);
            return;
          }
          CompletableFuture<dev.llmgateway.model.ChatResponse> call =
              gateway.streamAsync(
                  request,
                  new StreamHandler() {
                    @Override
                    public void onChunk(ChatChunk chunk) {
                      if (!chunk.text().isEmpty()) {
                        sink.next(Mapping.delta(chunk.text()));
                      }
                    }

                    @Override
                    public void onComplete(dev.llmgateway.model.ChatResponse response) {
                      sink.next(Mapping.last(response));
                      sink.complete();
                    }

                    @Override
                    public void onError(Throwable error) {
                      sink.error(error);
                    }
                  });
          sink.onCancel(() -> call.cancel(true));
        });
  }

  /**
   * The defaults: tool-calling options whose model is the alias, so that {@code ChatClient}'s tools
   * and options apply.
   *
   * @return the default options
   */
  @Override
  public ChatOptions getOptions() {
    return ToolCallingChatOptions.builder().model(model).build();
  }

  @Override
  public String toString() {
    return "GatewayChatModel{model=" + model + "}";
  }

  /** Builds a {@link GatewayChatModel}. */
  public static final class Builder {
    private GatewayClient gateway;
    private String model;
    private Supplier<RequestContext> context = () -> RequestContext.EMPTY;
    private ToolCallingManager tools;

    private Builder() {}

    /**
     * The client the calls go through. Required.
     *
     * @param gateway the client
     * @return this builder
     */
    public Builder gateway(GatewayClient gateway) {
      this.gateway = Objects.requireNonNull(gateway, "gateway");
      return this;
    }

    /**
     * The gateway alias (or {@code provider/model}) of prompts whose options name no model.
     * Required.
     *
     * @param model the alias
     * @return this builder
     */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /**
     * The attribution of every call. Defaults to {@link RequestContext#EMPTY}.
     *
     * @param context the attribution
     * @return this builder
     */
    public Builder context(RequestContext context) {
      Objects.requireNonNull(context, "context");
      this.context = () -> context;
      return this;
    }

    /**
     * The attribution of each call, asked on the calling (or subscribing) thread when the call
     * starts. Defaults to {@link RequestContext#EMPTY}.
     *
     * @param context gives the attribution; {@code null} from it means none
     * @return this builder
     */
    public Builder context(Supplier<RequestContext> context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * What runs the tools the model asks for. Defaults to {@code
     * ToolCallingManager.builder().build()}.
     *
     * @param tools the tool calling manager
     * @return this builder
     */
    public Builder toolCallingManager(ToolCallingManager tools) {
      this.tools = Objects.requireNonNull(tools, "tools");
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalArgumentException if the gateway or the model is missing
     */
    public GatewayChatModel build() {
      return new GatewayChatModel(this);
    }
  }
}
