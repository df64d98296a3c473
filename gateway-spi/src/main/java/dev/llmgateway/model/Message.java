package dev.llmgateway.model;

import dev.llmgateway.error.InvalidRequestException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One turn of a conversation.
 *
 * <pre>{@code
 * List<Message> history = List.of(
 *     Message.system("Answer briefly."),
 *     Message.user("What's the weather in Paris?"),
 *     Message.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))),
 *     Message.toolResult("call_1", "{\"celsius\":21}"));
 * }</pre>
 *
 * @param role who wrote it
 * @param content the content parts (text and images); may be empty for an assistant turn that only
 *     calls tools
 * @param toolCalls the tools an assistant turn called; empty for other roles
 * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers; else {@code
 *     null}
 * @param name an optional participant name, or {@code null}
 * @param reasoning the reasoning blocks of an assistant turn, as the provider returned them (see
 *     {@link ReasoningBlock}); empty for other roles
 * @param cacheControl a prompt-cache marker: the conversation up to and including this message is a
 *     prefix to cache (see {@link CacheControl}), or {@code null}
 */
public record Message(
    Role role,
    List<ContentPart> content,
    List<ToolCall> toolCalls,
    @Nullable String toolCallId,
    @Nullable String name,
    List<ReasoningBlock> reasoning,
    @Nullable CacheControl cacheControl) {

  /**
   * Validates and copies the message.
   *
   * @param role who wrote it
   * @param content the content parts (text and images); may be empty for an assistant turn that
   *     only calls tools
   * @param toolCalls the tools an assistant turn called; empty for other roles
   * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers; else {@code
   *     null}
   * @param name an optional participant name, or {@code null}
   * @param reasoning the reasoning blocks of an assistant turn; empty for other roles
   * @param cacheControl a prompt-cache marker ending a cacheable prefix, or {@code null}
   * @throws InvalidRequestException if the role and the other components do not fit together
   */
  public Message {
    Checks.notNull(role, "message.role");
    content = Checks.list(content, "message.content");
    toolCalls = Checks.list(toolCalls, "message.toolCalls");
    reasoning = Checks.list(reasoning, "message.reasoning");
    if (!reasoning.isEmpty() && role != Role.ASSISTANT) {
      throw new InvalidRequestException(
          "message.reasoning", "only assistant messages carry reasoning, role was " + role);
    }
    if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
      throw new InvalidRequestException(
          "message.toolCalls", "only assistant messages carry tool calls, role was " + role);
    }
    if (role == Role.TOOL) {
      Checks.notBlank(toolCallId, "message.toolCallId");
    } else if (toolCallId != null) {
      throw new InvalidRequestException(
          "message.toolCallId", "only tool messages carry a tool call id, role was " + role);
    }
    if (role != Role.USER) {
      for (ContentPart part : content) {
        if (part instanceof ContentPart.Image) {
          throw new InvalidRequestException(
              "message.content", "only user messages may contain images, role was " + role);
        }
      }
    }
    if (content.isEmpty() && toolCalls.isEmpty()) {
      throw new InvalidRequestException("message.content", "must not be empty");
    }
  }

  /**
   * A message without reasoning blocks and without a cache marker.
   *
   * @param role who wrote it
   * @param content the content parts (text and images); may be empty for an assistant turn that
   *     only calls tools
   * @param toolCalls the tools an assistant turn called; empty for other roles
   * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers; else {@code
   *     null}
   * @param name an optional participant name, or {@code null}
   * @throws InvalidRequestException if the role and the other components do not fit together
   */
  public Message(
      Role role,
      List<ContentPart> content,
      List<ToolCall> toolCalls,
      @Nullable String toolCallId,
      @Nullable String name) {
    this(role, content, toolCalls, toolCallId, name, List.of(), null);
  }

  /**
   * A copy that marks the end of a cacheable prefix with the provider's default lifetime: the
   * conversation up to and including this message (the system prompt, say) is cached by providers
   * that take markers (Anthropic, Bedrock).
   *
   * @return the copy
   */
  public Message cacheable() {
    return cacheable(CacheControl.EPHEMERAL);
  }

  /**
   * A copy with a prompt-cache marker.
   *
   * @param cacheControl the marker, or {@code null} to remove it
   * @return the copy
   */
  public Message cacheable(@Nullable CacheControl cacheControl) {
    return new Message(role, content, toolCalls, toolCallId, name, reasoning, cacheControl);
  }

  /**
   * A copy with reasoning blocks, for an assistant turn sent back to the provider.
   *
   * @param reasoning the blocks, in the order the provider returned them
   * @return the copy
   * @throws InvalidRequestException if this is not an assistant message and blocks are given
   */
  public Message withReasoning(List<ReasoningBlock> reasoning) {
    return new Message(role, content, toolCalls, toolCallId, name, reasoning, cacheControl);
  }

  /**
   * A system message.
   *
   * @param text the instructions
   * @return the message
   * @throws InvalidRequestException if {@code text} is null
   */
  public static Message system(String text) {
    return new Message(Role.SYSTEM, List.of(ContentPart.text(text)), List.of(), null, null);
  }

  /**
   * A user message with text.
   *
   * @param text the user's text
   * @return the message
   * @throws InvalidRequestException if {@code text} is null
   */
  public static Message user(String text) {
    return new Message(Role.USER, List.of(ContentPart.text(text)), List.of(), null, null);
  }

  /**
   * A user message with several parts, such as text and images.
   *
   * @param parts the parts, in order
   * @return the message
   * @throws InvalidRequestException if there are no parts or one is null
   */
  public static Message user(ContentPart... parts) {
    return new Message(Role.USER, List.of(parts), List.of(), null, null);
  }

  /**
   * An assistant message with text.
   *
   * @param text what the assistant said
   * @return the message
   * @throws InvalidRequestException if {@code text} is null
   */
  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(ContentPart.text(text)), List.of(), null, null);
  }

  /**
   * An assistant message that called tools.
   *
   * @param text what the assistant said besides the calls, possibly empty
   * @param toolCalls the calls
   * @return the message
   * @throws InvalidRequestException if a call is null
   */
  public static Message assistant(String text, List<ToolCall> toolCalls) {
    List<ContentPart> parts = text.isEmpty() ? List.of() : List.of(ContentPart.text(text));
    return new Message(Role.ASSISTANT, parts, toolCalls, null, null);
  }

  /**
   * The result of a tool call.
   *
   * @param toolCallId the id of the call this answers
   * @param result the result, usually JSON text
   * @return the message
   * @throws InvalidRequestException if the id is blank
   */
  public static Message toolResult(String toolCallId, String result) {
    return new Message(Role.TOOL, List.of(ContentPart.text(result)), List.of(), toolCallId, null);
  }

  /**
   * The text of all text parts, concatenated.
   *
   * @return the text, empty if there is none
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
   * Whether any part is an image.
   *
   * @return {@code true} if the message contains an image
   */
  public boolean hasImages() {
    // Indexed: asked of every message of every routed call, without an iterator.
    for (int i = 0; i < content.size(); i++) {
      if (content.get(i) instanceof ContentPart.Image) {
        return true;
      }
    }
    return false;
  }
}
