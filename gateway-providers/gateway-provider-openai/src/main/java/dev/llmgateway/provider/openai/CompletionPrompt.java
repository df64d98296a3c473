package dev.llmgateway.provider.openai;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.Role;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns a chat request into the single prompt of the legacy Completions endpoint.
 *
 * <p>The flattening format: a conversation of exactly one user message is sent as that message's
 * text, unchanged. Any other conversation becomes one block per message, {@code System: }, {@code
 * User: } or {@code Assistant: } followed by the message's text, blocks separated by a blank line,
 * and a final {@code Assistant:} line that the model completes:
 *
 * <pre>
 * System: Answer in one sentence.
 *
 * User: What is a circuit breaker?
 *
 * Assistant:</pre>
 *
 * <p>The endpoint takes text only: tools, tool choice, a response format, tool calls, tool results
 * and images cannot be expressed, and {@link #unsupportedField} names the first one found.
 */
final class CompletionPrompt {
  private CompletionPrompt() {}

  /**
   * The first part of the request that the Completions endpoint cannot take.
   *
   * @return the field's name (such as {@code tools} or {@code messages[2].content[1]}), or {@code
   *     null} if the request can be sent
   */
  static @Nullable String unsupportedField(ChatRequest request) {
    if (!request.tools().isEmpty()) {
      return "tools";
    }
    if (request.toolChoice() != null) {
      return "toolChoice";
    }
    if (request.responseFormat().type() != ResponseFormat.Type.TEXT) {
      return "responseFormat";
    }
    List<Message> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      if (message.role() == Role.TOOL) {
        return "messages[" + i + "] (a tool result)";
      }
      if (!message.toolCalls().isEmpty()) {
        return "messages[" + i + "].toolCalls";
      }
      List<ContentPart> content = message.content();
      for (int j = 0; j < content.size(); j++) {
        if (!(content.get(j) instanceof ContentPart.Text)) {
          return "messages[" + i + "].content[" + j + "] (an image)";
        }
      }
    }
    return null;
  }

  /** Flattens the messages into one prompt, as the class comment describes. */
  static String flatten(List<Message> messages) {
    if (messages.size() == 1 && messages.get(0).role() == Role.USER) {
      return messages.get(0).text();
    }
    StringBuilder sb = new StringBuilder(256);
    for (Message message : messages) {
      sb.append(label(message.role())).append(": ").append(message.text()).append("\n\n");
    }
    return sb.append("Assistant:").toString();
  }

  private static String label(Role role) {
    return switch (role) {
      case SYSTEM -> "System";
      case USER -> "User";
      case ASSISTANT -> "Assistant";
      case TOOL -> "Tool";
    };
  }
}
