package dev.llmgateway.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a chat call, normalized across providers.
 *
 * <p>A refusal is exposed as such, whichever provider refused: {@link #refusal()} holds the model's
 * refusal message (OpenAI's {@code message.refusal}, Anthropic's {@code stop_details} of a {@code
 * stop_reason: "refusal"}), never mixed into {@link #text()}, and the finish reason is {@link
 * FinishReason#CONTENT_FILTER}. Text the model produced before it refused (an Anthropic stream cut
 * by its classifier) stays in {@link #text()}.
 *
 * <pre>{@code
 * ChatResponse answer = gateway.chat(request);
 * if (answer.refused()) {
 *   show("The model declined: " + answer.refusal());
 * } else {
 *   show(answer.text());
 * }
 * }</pre>
 *
 * @param id the provider's response id
 * @param provider the configured name of the provider that answered
 * @param model the concrete model that answered (as the provider reported it)
 * @param content the answer's content parts
 * @param toolCalls the tool calls the model asked for, whole
 * @param finishReason why the model stopped
 * @param usage the token counts
 * @param cost what the call cost
 * @param route how the call was served
 * @param refusal the model's refusal message, empty when the provider gives none; {@code null} when
 *     the model did not refuse
 * @param reasoning the model's reasoning blocks, in the order the provider returned them: the
 *     thinking text when the provider returns it (see {@link Reasoning#includeThoughts()}) and what
 *     is needed to send the turn back ({@link #toMessage()}); empty for a model that did not reason
 *     visibly
 */
public record ChatResponse(
    String id,
    String provider,
    String model,
    List<ContentPart> content,
    List<ToolCall> toolCalls,
    FinishReason finishReason,
    Usage usage,
    Cost cost,
    Route route,
    @Nullable String refusal,
    List<ReasoningBlock> reasoning) {

  /**
   * Validates and copies the response.
   *
   * @param id the provider's response id
   * @param provider the configured name of the provider that answered
   * @param model the concrete model that answered (as the provider reported it)
   * @param content the answer's content parts
   * @param toolCalls the tool calls the model asked for, whole
   * @param finishReason why the model stopped
   * @param usage the token counts
   * @param cost what the call cost
   * @param route how the call was served
   * @param refusal the model's refusal message, empty when the provider gives none; {@code null}
   *     when the model did not refuse
   * @param reasoning the model's reasoning blocks, in the order the provider returned them
   * @throws IllegalArgumentException if a component other than the refusal is null
   */
  public ChatResponse {
    if (id == null
        || provider == null
        || model == null
        || content == null
        || toolCalls == null
        || finishReason == null
        || usage == null
        || cost == null
        || route == null
        || reasoning == null) {
      throw new IllegalArgumentException("ChatResponse components must not be null");
    }
    content = List.copyOf(content);
    toolCalls = List.copyOf(toolCalls);
    reasoning = List.copyOf(reasoning);
  }

  /**
   * A response without reasoning blocks.
   *
   * @param id the provider's response id
   * @param provider the configured name of the provider that answered
   * @param model the concrete model that answered (as the provider reported it)
   * @param content the answer's content parts
   * @param toolCalls the tool calls the model asked for, whole
   * @param finishReason why the model stopped
   * @param usage the token counts
   * @param cost what the call cost
   * @param route how the call was served
   * @param refusal the model's refusal message, empty when the provider gives none; {@code null}
   *     when the model did not refuse
   * @throws IllegalArgumentException if a component other than the refusal is null
   */
  public ChatResponse(
      String id,
      String provider,
      String model,
      List<ContentPart> content,
      List<ToolCall> toolCalls,
      FinishReason finishReason,
      Usage usage,
      Cost cost,
      Route route,
      @Nullable String refusal) {
    this(
        id,
        provider,
        model,
        content,
        toolCalls,
        finishReason,
        usage,
        cost,
        route,
        refusal,
        List.of());
  }

  /**
   * A response without a refusal.
   *
   * @param id the provider's response id
   * @param provider the configured name of the provider that answered
   * @param model the concrete model that answered (as the provider reported it)
   * @param content the answer's content parts
   * @param toolCalls the tool calls the model asked for, whole
   * @param finishReason why the model stopped
   * @param usage the token counts
   * @param cost what the call cost
   * @param route how the call was served
   * @throws IllegalArgumentException if a component is null
   */
  public ChatResponse(
      String id,
      String provider,
      String model,
      List<ContentPart> content,
      List<ToolCall> toolCalls,
      FinishReason finishReason,
      Usage usage,
      Cost cost,
      Route route) {
    this(id, provider, model, content, toolCalls, finishReason, usage, cost, route, null);
  }

  /**
   * A response as a provider returns it: cost unknown and a direct route, both filled in by the
   * client.
   *
   * @param id the provider's response id
   * @param provider the configured provider name
   * @param model the concrete model
   * @param text the answer text
   * @param toolCalls the tool calls
   * @param finishReason why the model stopped
   * @param usage the token counts
   * @return the response
   */
  public static ChatResponse of(
      String id,
      String provider,
      String model,
      String text,
      List<ToolCall> toolCalls,
      FinishReason finishReason,
      Usage usage) {
    List<ContentPart> content = text.isEmpty() ? List.of() : List.of(ContentPart.text(text));
    return new ChatResponse(
        id,
        provider,
        model,
        content,
        toolCalls,
        finishReason,
        usage,
        Cost.UNKNOWN,
        Route.direct(new TargetRef(provider, model)));
  }

  /**
   * The text of all text parts, concatenated.
   *
   * @return the answer text, empty if the model only called tools
   */
  public String text() {
    if (content.size() == 1 && content.get(0) instanceof ContentPart.Text t) {
      return t.text();
    }
    StringBuilder sb = new StringBuilder();
    for (ContentPart part : content) {
      if (part instanceof ContentPart.Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /**
   * A copy with the client's routing result and cost.
   *
   * @param route how the call was served
   * @param cost what it cost
   * @return the copy
   */
  public ChatResponse withRoute(Route route, Cost cost) {
    return new ChatResponse(
        id,
        provider,
        model,
        content,
        toolCalls,
        finishReason,
        usage,
        cost,
        route,
        refusal,
        reasoning);
  }

  /**
   * A copy that carries the model's refusal, with finish reason {@link
   * FinishReason#CONTENT_FILTER}.
   *
   * @param refusal the refusal message, empty when the provider gives none
   * @return the copy
   * @throws IllegalArgumentException if the refusal is null
   */
  public ChatResponse withRefusal(String refusal) {
    if (refusal == null) {
      throw new IllegalArgumentException("refusal must not be null");
    }
    return new ChatResponse(
        id,
        provider,
        model,
        content,
        toolCalls,
        FinishReason.CONTENT_FILTER,
        usage,
        cost,
        route,
        refusal,
        reasoning);
  }

  /**
   * Whether the model refused to answer; {@link #refusal()} then holds its message.
   *
   * @return {@code true} if the response carries a refusal
   */
  public boolean refused() {
    return refusal != null;
  }

  /**
   * A copy attributed to another provider name (used when a provider's configured name differs from
   * the one it reported).
   *
   * @param provider the configured provider name
   * @return the copy
   */
  public ChatResponse withProvider(String provider) {
    return new ChatResponse(
        id,
        provider,
        model,
        content,
        toolCalls,
        finishReason,
        usage,
        cost,
        route,
        refusal,
        reasoning);
  }

  /**
   * A copy that carries reasoning blocks.
   *
   * @param reasoning the blocks, in the order the provider returned them
   * @return the copy
   * @throws IllegalArgumentException if {@code reasoning} is null
   */
  public ChatResponse withReasoning(List<ReasoningBlock> reasoning) {
    return new ChatResponse(
        id,
        provider,
        model,
        content,
        toolCalls,
        finishReason,
        usage,
        cost,
        route,
        refusal,
        reasoning);
  }

  /**
   * The text of all reasoning blocks, concatenated: the model's thinking (a summary on most
   * providers) when the provider returned it. Never part of {@link #text()}.
   *
   * @return the reasoning text, empty if there is none
   */
  public String reasoningText() {
    StringBuilder sb = new StringBuilder();
    for (ReasoningBlock block : reasoning) {
      sb.append(block.text());
    }
    return sb.toString();
  }

  /**
   * This answer as the assistant turn of a conversation to send back: its text (or, for a refusal
   * without text, the refusal), its tool calls and its reasoning blocks, which providers that
   * verify thinking (Anthropic, Bedrock, OpenAI Responses) receive back unmodified.
   *
   * <pre>{@code
   * ChatResponse first = gateway.chat(request);
   * ChatRequest next = request.toBuilder()
   *     .message(first.toMessage())
   *     .message(Message.toolResult(first.firstToolCall().id(), "{\"celsius\":21}"))
   *     .build();
   * }</pre>
   *
   * @return the assistant message
   */
  public Message toMessage() {
    String text = text();
    if (text.isEmpty() && refusal != null) {
      text = refusal;
    }
    List<ContentPart> parts =
        text.isEmpty() && !toolCalls.isEmpty() ? List.of() : List.of(ContentPart.text(text));
    return new Message(Role.ASSISTANT, parts, toolCalls, null, null, reasoning, null);
  }

  /**
   * The first tool call, if any.
   *
   * @return the first tool call, or {@code null}
   */
  public @Nullable ToolCall firstToolCall() {
    return toolCalls.isEmpty() ? null : toolCalls.get(0);
  }
}
