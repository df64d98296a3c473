package dev.llmgateway.internal.pipeline;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import java.util.HashMap;
import java.util.Map;

/**
 * Stage 1, validate: checks what the model records cannot check on their own (sizes, references
 * between messages) and fails with {@link InvalidRequestException} naming the field before any
 * provider is called.
 */
public final class ValidateStage implements Interceptor {
  /** The most messages one chat request may carry. */
  static final int MAX_MESSAGES = 10_000;

  /** The most characters of text (message text and tool-call arguments) one request may carry. */
  static final long MAX_TOTAL_CHARACTERS = 8_000_000;

  /** The most tools one chat request may offer. */
  static final int MAX_TOOLS = 512;

  /** The most stop sequences one chat request may give. */
  static final int MAX_STOP_SEQUENCES = 16;

  /** The most input texts one embedding request may carry. */
  static final int MAX_EMBEDDING_INPUTS = 2_048;

  @Override
  public GatewayResponse intercept(Chain chain) {
    GatewayRequest request = chain.request();
    validate(request);
    return chain.proceed(request);
  }

  /** Validates a request of any kind, as a call does (also for {@code explain}). */
  public static void validate(GatewayRequest request) {
    if (request instanceof GatewayRequest.Chat chat) {
      validate(chat.request());
    } else if (request instanceof GatewayRequest.Embed embed) {
      validate(embed.request());
    }
  }

  public static void validate(ChatRequest r) {
    if (r.messages().size() > MAX_MESSAGES) {
      throw new InvalidRequestException(
          "messages", "has " + r.messages().size() + " messages; at most " + MAX_MESSAGES);
    }
    if (r.tools().size() > MAX_TOOLS) {
      throw new InvalidRequestException(
          "tools", "has " + r.tools().size() + " tools; at most " + MAX_TOOLS);
    }
    if (r.stop().size() > MAX_STOP_SEQUENCES) {
      throw new InvalidRequestException(
          "stop", "has " + r.stop().size() + " stop sequences; at most " + MAX_STOP_SEQUENCES);
    }
    long chars = 0;
    Map<String, String> toolCallIds = new HashMap<>();
    for (int i = 0; i < r.messages().size(); i++) {
      Message m = r.messages().get(i);
      for (ContentPart part : m.content()) {
        if (part instanceof ContentPart.Text t) {
          chars += t.text().length();
        }
      }
      for (int j = 0; j < m.toolCalls().size(); j++) {
        ToolCall call = m.toolCalls().get(j);
        chars += call.argumentsJson().length();
        if (call.id().isBlank()) {
          throw new InvalidRequestException(
              "messages[" + i + "].toolCalls[" + j + "].id", "must not be blank");
        }
        String earlier = toolCallIds.putIfAbsent(call.id(), "messages[" + i + "]");
        if (earlier != null) {
          throw new InvalidRequestException(
              "messages[" + i + "].toolCalls[" + j + "].id",
              "tool call id '" + call.id() + "' was already used in " + earlier);
        }
      }
      if (m.role() == Role.TOOL && !toolCallIds.containsKey(m.toolCallId())) {
        throw new InvalidRequestException(
            "messages[" + i + "].toolCallId",
            "refers to tool call id '"
                + m.toolCallId()
                + "', which no earlier assistant message called; known ids: "
                + toolCallIds.keySet());
      }
    }
    if (chars > MAX_TOTAL_CHARACTERS) {
      throw new InvalidRequestException(
          "messages", "have " + chars + " characters in total; at most " + MAX_TOTAL_CHARACTERS);
    }
  }

  public static void validate(EmbeddingRequest r) {
    if (r.inputs().size() > MAX_EMBEDDING_INPUTS) {
      throw new InvalidRequestException(
          "inputs", "has " + r.inputs().size() + " texts; at most " + MAX_EMBEDDING_INPUTS);
    }
    long chars = 0;
    for (String input : r.inputs()) {
      chars += input.length();
    }
    if (chars > MAX_TOTAL_CHARACTERS) {
      throw new InvalidRequestException(
          "inputs", "have " + chars + " characters in total; at most " + MAX_TOTAL_CHARACTERS);
    }
  }
}
