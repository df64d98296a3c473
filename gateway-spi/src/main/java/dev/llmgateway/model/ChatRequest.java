package dev.llmgateway.model;

import dev.llmgateway.error.InvalidRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A chat call, normalized across providers. Immutable; build one with {@link #builder()} and derive
 * variants with {@link #toBuilder()}.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *     .model("fast")                         // an alias, or provider/model
 *     .system("Answer in one sentence.")
 *     .user("What is a circuit breaker?")
 *     .maxTokens(200)
 *     .context(RequestContext.tenant("acme").team("support").feature("faq"))
 *     .build();
 * }</pre>
 *
 * <p>The constructor checks every field on its own (ranges, nulls, tool names); the client checks
 * what depends on its configuration (size limits, known aliases) before calling anyone.
 *
 * @param model an alias, a {@code provider/model} pair, or a model name a rule maps to a provider
 * @param messages the conversation, at least one message
 * @param temperature sampling temperature 0..2, or {@code null} for the provider's default
 * @param topP nucleus sampling 0..1 (exclusive of 0), or {@code null}
 * @param maxTokens the most output tokens, at least 1, or {@code null} for the default
 * @param stop stop sequences
 * @param seed a sampling seed for providers that support one, or {@code null}
 * @param tools the tools the model may call
 * @param toolChoice whether and which tool must be called, or {@code null} for the provider's
 *     default
 * @param responseFormat the shape of the answer
 * @param endUser an end-user id forwarded to providers for abuse monitoring, or {@code null}
 * @param context attribution: tenant, team, feature, user, tags
 * @param cachePolicy how the response cache may treat this request
 * @param options per-call options such as the deadline
 * @param extraParams provider parameters passed through untouched into the request body
 * @param reasoning the reasoning effort or thinking budget, or {@code null} for the model's default
 * @param cacheTools a prompt-cache marker after the tool definitions, or {@code null}
 * @param promptCacheKey a key that groups requests sharing a long prefix, sent to OpenAI as {@code
 *     prompt_cache_key} (it improves their cache hit rate), or {@code null}
 * @param previousResponseId the id of a stored OpenAI Responses answer this call continues
 *     (Responses endpoint only), or {@code null}; such a call must reach the provider account that
 *     stored it
 * @param store whether the OpenAI Responses endpoint may store the answer for a later {@code
 *     previousResponseId}; {@code false} (stateless) by default
 */
public record ChatRequest(
    String model,
    List<Message> messages,
    @Nullable Double temperature,
    @Nullable Double topP,
    @Nullable Integer maxTokens,
    List<String> stop,
    @Nullable Long seed,
    List<ToolDefinition> tools,
    @Nullable ToolChoice toolChoice,
    ResponseFormat responseFormat,
    @Nullable String endUser,
    RequestContext context,
    CachePolicy cachePolicy,
    CallOptions options,
    Map<String, @Nullable Object> extraParams,
    @Nullable Reasoning reasoning,
    @Nullable CacheControl cacheTools,
    @Nullable String promptCacheKey,
    @Nullable String previousResponseId,
    boolean store) {

  /** The highest temperature any supported provider accepts. */
  public static final double MAX_TEMPERATURE = 2.0;

  /** The most prompt-cache markers one request may carry: {@value}, Anthropic's and Bedrock's. */
  public static final int MAX_CACHE_MARKERS = 4;

  /**
   * Validates and copies the request.
   *
   * @param model an alias, a {@code provider/model} pair, or a model name a rule maps to a provider
   * @param messages the conversation, at least one message
   * @param temperature sampling temperature 0..2, or {@code null} for the provider's default
   * @param topP nucleus sampling 0..1 (exclusive of 0), or {@code null}
   * @param maxTokens the most output tokens, at least 1, or {@code null} for the default
   * @param stop stop sequences
   * @param seed a sampling seed for providers that support one, or {@code null}
   * @param tools the tools the model may call
   * @param toolChoice whether and which tool must be called, or {@code null} for the provider's
   *     default
   * @param responseFormat the shape of the answer
   * @param endUser an end-user id forwarded to providers for abuse monitoring, or {@code null}
   * @param context attribution: tenant, team, feature, user, tags
   * @param cachePolicy how the response cache may treat this request
   * @param options per-call options such as the deadline
   * @param extraParams provider parameters passed through untouched into the request body
   * @param reasoning the reasoning effort or thinking budget, or {@code null} for the model's
   *     default
   * @param cacheTools a prompt-cache marker after the tool definitions, or {@code null}
   * @param promptCacheKey a key that groups requests sharing a long prefix, or {@code null}
   * @param previousResponseId the id of a stored OpenAI Responses answer this call continues, or
   *     {@code null}
   * @param store whether the OpenAI Responses endpoint may store the answer
   * @throws InvalidRequestException naming the first invalid field
   */
  public ChatRequest {
    Checks.notBlank(model, "model");
    messages = Checks.list(messages, "messages");
    if (messages.isEmpty()) {
      throw new InvalidRequestException("messages", "must contain at least one message");
    }
    if (temperature != null
        && (temperature.isNaN() || temperature < 0 || temperature > MAX_TEMPERATURE)) {
      throw new InvalidRequestException(
          "temperature", "must be between 0 and " + MAX_TEMPERATURE + ", was " + temperature);
    }
    if (topP != null && (topP.isNaN() || topP <= 0 || topP > 1)) {
      throw new InvalidRequestException("topP", "must be in (0, 1], was " + topP);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw new InvalidRequestException("maxTokens", "must be at least 1, was " + maxTokens);
    }
    stop = Checks.list(stop, "stop");
    for (int i = 0; i < stop.size(); i++) {
      if (stop.get(i).isEmpty()) {
        throw new InvalidRequestException("stop[" + i + "]", "must not be empty");
      }
    }
    tools = Checks.list(tools, "tools");
    Set<String> names = new HashSet<>();
    for (ToolDefinition tool : tools) {
      if (!names.add(tool.name())) {
        throw new InvalidRequestException("tools", "duplicate tool name '" + tool.name() + "'");
      }
    }
    if (toolChoice != null
        && toolChoice.mode() == ToolChoice.Mode.NAMED
        && !names.contains(toolChoice.toolName())) {
      throw new InvalidRequestException(
          "toolChoice",
          "names tool '" + toolChoice.toolName() + "' which is not among the tools " + names);
    }
    if (toolChoice != null && toolChoice.mode() == ToolChoice.Mode.REQUIRED && tools.isEmpty()) {
      throw new InvalidRequestException("toolChoice", "is REQUIRED but no tools are given");
    }
    Checks.notNull(responseFormat, "responseFormat");
    Checks.notNull(context, "context");
    Checks.notNull(cachePolicy, "cachePolicy");
    Checks.notNull(options, "options");
    extraParams = Checks.jsonObject(extraParams, "extraParams");
    if (reasoning != null
        && reasoning.budgetTokens() != null
        && maxTokens != null
        && reasoning.budgetTokens() >= maxTokens) {
      throw new InvalidRequestException(
          "reasoning.budgetTokens",
          "must be less than maxTokens ("
              + maxTokens
              + "), since thinking tokens are output tokens, was "
              + reasoning.budgetTokens());
    }
    if (cacheTools != null && tools.isEmpty()) {
      throw new InvalidRequestException("cacheTools", "marks the tools, but no tools are given");
    }
    int markers = cacheTools == null ? 0 : 1;
    for (Message m : messages) {
      if (m.cacheControl() != null) {
        markers++;
      }
    }
    if (markers > MAX_CACHE_MARKERS) {
      throw new InvalidRequestException(
          "messages.cacheControl",
          "at most "
              + MAX_CACHE_MARKERS
              + " cache markers (messages and tools together) are allowed, found "
              + markers);
    }
    if (promptCacheKey != null) {
      Checks.notBlank(promptCacheKey, "promptCacheKey");
    }
    if (previousResponseId != null) {
      Checks.notBlank(previousResponseId, "previousResponseId");
    }
  }

  /**
   * A request without reasoning settings, cache markers on the tools, prompt cache key or Responses
   * state (the components before they were added).
   *
   * @param model an alias, a {@code provider/model} pair, or a model name a rule maps to a provider
   * @param messages the conversation, at least one message
   * @param temperature sampling temperature 0..2, or {@code null} for the provider's default
   * @param topP nucleus sampling 0..1 (exclusive of 0), or {@code null}
   * @param maxTokens the most output tokens, at least 1, or {@code null} for the default
   * @param stop stop sequences
   * @param seed a sampling seed for providers that support one, or {@code null}
   * @param tools the tools the model may call
   * @param toolChoice whether and which tool must be called, or {@code null} for the provider's
   *     default
   * @param responseFormat the shape of the answer
   * @param endUser an end-user id forwarded to providers for abuse monitoring, or {@code null}
   * @param context attribution: tenant, team, feature, user, tags
   * @param cachePolicy how the response cache may treat this request
   * @param options per-call options such as the deadline
   * @param extraParams provider parameters passed through untouched into the request body
   * @throws InvalidRequestException naming the first invalid field
   */
  public ChatRequest(
      String model,
      List<Message> messages,
      @Nullable Double temperature,
      @Nullable Double topP,
      @Nullable Integer maxTokens,
      List<String> stop,
      @Nullable Long seed,
      List<ToolDefinition> tools,
      @Nullable ToolChoice toolChoice,
      ResponseFormat responseFormat,
      @Nullable String endUser,
      RequestContext context,
      CachePolicy cachePolicy,
      CallOptions options,
      Map<String, @Nullable Object> extraParams) {
    this(
        model,
        messages,
        temperature,
        topP,
        maxTokens,
        stop,
        seed,
        tools,
        toolChoice,
        responseFormat,
        endUser,
        context,
        cachePolicy,
        options,
        extraParams,
        null,
        null,
        null,
        null,
        false);
  }

  /**
   * A new builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this request's values.
   *
   * @return a builder to derive a variant from
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A copy addressed to another model; used by the router to send a request to a concrete target.
   *
   * @param model the new model
   * @return the copy, or {@code this} if the model is unchanged
   * @throws InvalidRequestException if {@code model} is blank
   */
  public ChatRequest withModel(String model) {
    if (this.model.equals(model)) {
      return this;
    }
    return new ChatRequest(
        model,
        messages,
        temperature,
        topP,
        maxTokens,
        stop,
        seed,
        tools,
        toolChoice,
        responseFormat,
        endUser,
        context,
        cachePolicy,
        options,
        extraParams,
        reasoning,
        cacheTools,
        promptCacheKey,
        previousResponseId,
        store);
  }

  /**
   * Whether any message or the tools carry a prompt-cache marker.
   *
   * @return {@code true} if the request marks a cacheable prefix
   */
  public boolean hasCacheMarkers() {
    if (cacheTools != null) {
      return true;
    }
    for (Message m : messages) {
      if (m.cacheControl() != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether any message contains an image.
   *
   * @return {@code true} if the request needs a vision-capable model
   */
  public boolean hasImages() {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).hasImages()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Builds a {@link ChatRequest}. Not thread-safe. Each setter replaces the previous value; the
   * message methods append. {@link #build()} validates.
   */
  public static final class Builder {
    private @Nullable String model;
    private final List<Message> messages = new ArrayList<>();
    private @Nullable Double temperature;
    private @Nullable Double topP;
    private @Nullable Integer maxTokens;
    private List<String> stop = List.of();
    private @Nullable Long seed;
    private final List<ToolDefinition> tools = new ArrayList<>();
    private @Nullable ToolChoice toolChoice;
    private ResponseFormat responseFormat = ResponseFormat.TEXT;
    private @Nullable String endUser;
    private RequestContext context = RequestContext.EMPTY;
    private CachePolicy cachePolicy = CachePolicy.DEFAULT;
    private CallOptions options = CallOptions.DEFAULT;
    private final Map<String, @Nullable Object> extraParams = new LinkedHashMap<>();
    private @Nullable Reasoning reasoning;
    private @Nullable CacheControl cacheTools;
    private @Nullable String promptCacheKey;
    private @Nullable String previousResponseId;
    private boolean store;

    private Builder() {}

    private Builder(ChatRequest r) {
      model = r.model;
      messages.addAll(r.messages);
      temperature = r.temperature;
      topP = r.topP;
      maxTokens = r.maxTokens;
      stop = r.stop;
      seed = r.seed;
      tools.addAll(r.tools);
      toolChoice = r.toolChoice;
      responseFormat = r.responseFormat;
      endUser = r.endUser;
      context = r.context;
      cachePolicy = r.cachePolicy;
      options = r.options;
      extraParams.putAll(r.extraParams);
      reasoning = r.reasoning;
      cacheTools = r.cacheTools;
      promptCacheKey = r.promptCacheKey;
      previousResponseId = r.previousResponseId;
      store = r.store;
    }

    /**
     * Sets the model: an alias, {@code provider/model}, or a model name. Required.
     *
     * @param model the model
     * @return this builder
     */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /**
     * Appends a system message.
     *
     * @param text the instructions
     * @return this builder
     */
    public Builder system(String text) {
      return message(Message.system(text));
    }

    /**
     * Appends a user message.
     *
     * @param text the user's text
     * @return this builder
     */
    public Builder user(String text) {
      return message(Message.user(text));
    }

    /**
     * Appends an assistant message (for multi-turn history).
     *
     * @param text what the assistant said
     * @return this builder
     */
    public Builder assistant(String text) {
      return message(Message.assistant(text));
    }

    /**
     * Appends a message.
     *
     * @param message the message
     * @return this builder
     */
    public Builder message(Message message) {
      messages.add(Checks.notNull(message, "messages[" + messages.size() + "]"));
      return this;
    }

    /**
     * Replaces all messages.
     *
     * @param messages the conversation
     * @return this builder
     */
    public Builder messages(List<Message> messages) {
      this.messages.clear();
      this.messages.addAll(Checks.list(messages, "messages"));
      return this;
    }

    /**
     * Sets the sampling temperature, 0..2. Defaults to the provider's default.
     *
     * @param temperature the temperature
     * @return this builder
     */
    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets nucleus sampling, in (0, 1]. Defaults to the provider's default.
     *
     * @param topP the probability mass
     * @return this builder
     */
    public Builder topP(double topP) {
      this.topP = topP;
      return this;
    }

    /**
     * Sets the most output tokens, at least 1. Defaults to the provider's or model's default.
     *
     * @param maxTokens the limit
     * @return this builder
     */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sets the stop sequences. Defaults to none.
     *
     * @param stop the sequences
     * @return this builder
     * @throws InvalidRequestException naming {@code stop} if the array is null, or {@code stop[i]}
     *     if a sequence is null
     */
    public Builder stop(String... stop) {
      this.stop = Checks.list(Arrays.asList(Checks.notNull(stop, "stop")), "stop");
      return this;
    }

    /**
     * Sets the sampling seed. Defaults to none.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Adds a tool the model may call.
     *
     * @param tool the tool
     * @return this builder
     */
    public Builder tool(ToolDefinition tool) {
      tools.add(Checks.notNull(tool, "tools[" + tools.size() + "]"));
      return this;
    }

    /**
     * Replaces all tools.
     *
     * @param tools the tools
     * @return this builder
     */
    public Builder tools(List<ToolDefinition> tools) {
      this.tools.clear();
      this.tools.addAll(Checks.list(tools, "tools"));
      return this;
    }

    /**
     * Sets whether and which tool must be called. Defaults to the provider's default.
     *
     * @param toolChoice the choice, or {@code null} for the default
     * @return this builder
     */
    public Builder toolChoice(@Nullable ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    /**
     * Sets the shape of the answer. Defaults to {@link ResponseFormat#TEXT}.
     *
     * @param responseFormat the format
     * @return this builder
     */
    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = responseFormat;
      return this;
    }

    /**
     * Sets the end-user id forwarded to providers. Defaults to none.
     *
     * @param endUser the id
     * @return this builder
     */
    public Builder endUser(@Nullable String endUser) {
      this.endUser = endUser;
      return this;
    }

    /**
     * Sets the attribution context. Defaults to {@link RequestContext#EMPTY}.
     *
     * @param context the context
     * @return this builder
     */
    public Builder context(RequestContext context) {
      this.context = context;
      return this;
    }

    /**
     * Sets the cache policy. Defaults to {@link CachePolicy#DEFAULT}.
     *
     * @param cachePolicy the policy
     * @return this builder
     */
    public Builder cachePolicy(CachePolicy cachePolicy) {
      this.cachePolicy = cachePolicy;
      return this;
    }

    /**
     * Sets the per-call options. Defaults to {@link CallOptions#DEFAULT}.
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(CallOptions options) {
      this.options = options;
      return this;
    }

    /**
     * Sets the end-to-end deadline of this call, keeping the other options. Defaults to the
     * client's default timeout.
     *
     * @param timeout the deadline, positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.options = new CallOptions(timeout, options.maxAttempts(), options.headers());
      return this;
    }

    /**
     * Adds a provider parameter passed through untouched into the request body.
     *
     * @param name the JSON field name
     * @param value a JSON-like value
     * @return this builder
     */
    public Builder extraParam(String name, @Nullable Object value) {
      extraParams.put(Checks.notBlank(name, "extraParams.name"), value);
      return this;
    }

    /**
     * Asks a reasoning model for an effort, without the thinking text. Defaults to the model's own
     * default.
     *
     * @param effort the effort
     * @return this builder
     * @throws InvalidRequestException if {@code effort} is null
     */
    public Builder reasoning(ReasoningEffort effort) {
      this.reasoning = Reasoning.effort(effort);
      return this;
    }

    /**
     * Sets the reasoning settings: an effort or a thinking budget, and whether the thinking text
     * comes back. Defaults to the model's own default.
     *
     * @param reasoning the settings, or {@code null} for the model's default
     * @return this builder
     */
    public Builder reasoning(@Nullable Reasoning reasoning) {
      this.reasoning = reasoning;
      return this;
    }

    /**
     * Marks the tool definitions as the end of a cacheable prefix, with the provider's default
     * lifetime. Defaults to no marker.
     *
     * @return this builder
     */
    public Builder cacheTools() {
      return cacheTools(CacheControl.EPHEMERAL);
    }

    /**
     * Sets the prompt-cache marker after the tool definitions. Defaults to none.
     *
     * @param cacheTools the marker, or {@code null} for none
     * @return this builder
     */
    public Builder cacheTools(@Nullable CacheControl cacheTools) {
      this.cacheTools = cacheTools;
      return this;
    }

    /**
     * Sets the key that groups requests sharing a long prompt prefix (OpenAI's {@code
     * prompt_cache_key}). Defaults to none.
     *
     * @param promptCacheKey the key, or {@code null} for none
     * @return this builder
     */
    public Builder promptCacheKey(@Nullable String promptCacheKey) {
      this.promptCacheKey = promptCacheKey;
      return this;
    }

    /**
     * Continues a stored OpenAI Responses answer ({@code previous_response_id}): the messages are
     * then only the new turns. The call must reach the provider account that stored the answer.
     * Defaults to none.
     *
     * @param previousResponseId the stored answer's id, or {@code null} for none
     * @return this builder
     */
    public Builder previousResponseId(@Nullable String previousResponseId) {
      this.previousResponseId = previousResponseId;
      return this;
    }

    /**
     * Lets the OpenAI Responses endpoint store the answer ({@code store: true}), so that a later
     * call can continue it with {@link #previousResponseId}. Defaults to {@code false}: stateless.
     *
     * @param store whether the provider may store the answer
     * @return this builder
     */
    public Builder store(boolean store) {
      this.store = store;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the validated request
     * @throws InvalidRequestException naming the first invalid field
     */
    public ChatRequest build() {
      return new ChatRequest(
          Checks.notBlank(model, "model"),
          messages,
          temperature,
          topP,
          maxTokens,
          stop,
          seed,
          tools,
          toolChoice,
          responseFormat,
          endUser,
          context,
          cachePolicy,
          options,
          extraParams,
          reasoning,
          cacheTools,
          promptCacheKey,
          previousResponseId,
          store);
    }
  }
}
