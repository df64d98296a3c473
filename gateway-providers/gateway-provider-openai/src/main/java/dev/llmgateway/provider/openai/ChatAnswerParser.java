package dev.llmgateway.provider.openai;

import static dev.llmgateway.provider.openai.StreamedValues.once;
import static dev.llmgateway.provider.openai.StreamedValues.text;
import static dev.llmgateway.provider.openai.StreamedValues.usage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.provider.openai.StreamedValues.TreeNeeded;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a successful Chat Completions answer in one pass of Jackson's streaming parser, without
 * building a tree: the hot path of {@link ChatResponseReader#chat}. It gives exactly what {@link
 * ChatResponseReader#chatFromTree} gives, and leaves every body it cannot read that way to the tree
 * reader (it returns {@code null}): invalid JSON, a root that is not an object, a non-null {@code
 * error} member, a repeated member it reads, a missing or empty {@code choices}, a first choice
 * without an object {@code message}, a tool call without a (non-blank) function name, a decimal
 * number where text is read, and bodies longer than Jackson's longest string. The tree reader then
 * throws or answers as it always did, so errors stay exactly the same.
 */
final class ChatAnswerParser {
  private final JsonParser p;
  private @Nullable String id;
  private @Nullable String model;
  private FinishReason finish = FinishReason.OTHER;
  private @Nullable String content;
  // Not null when the content is an array of parts: the text parts, joined.
  private @Nullable StringBuilder textParts;
  private @Nullable StringBuilder refusalParts;
  private @Nullable String refusal;
  private @Nullable String reasoningContent;
  private @Nullable String reasoning;
  private @Nullable List<ToolCall> toolCalls;
  private @Nullable ToolCall legacyCall;
  private Usage usage = Usage.NOT_REPORTED;
  // The name and arguments of the last function object read.
  private @Nullable String functionName;
  private @Nullable String functionArguments;

  private ChatAnswerParser(JsonParser p) {
    this.p = p;
  }

  /**
   * Reads a Chat Completions answer body.
   *
   * @param body the whole response body
   * @param provider the provider name for the response
   * @param requestedModel the model asked for, used when the body names none
   * @return the response, or {@code null} when the tree reader must read this body
   * @throws RuntimeException exactly what {@link ChatResponseReader#chatFromTree} throws for a body
   *     this reader reads (a blank model name, say)
   */
  static @Nullable ChatResponse read(byte[] body, String provider, String requestedModel) {
    return read(body, 0, body.length, provider, requestedModel);
  }

  /**
   * Reads a Chat Completions answer body held in part of an array (a segment of Okio's buffer).
   *
   * @param data the array
   * @param offset where the body starts
   * @param length the body's length
   * @param provider the provider name for the response
   * @param requestedModel the model asked for, used when the body names none
   * @return the response, or {@code null} when the tree reader must read this body
   * @throws RuntimeException exactly what {@link ChatResponseReader#chatFromTree} throws for a body
   *     this reader reads (a blank model name, say)
   */
  static @Nullable ChatResponse read(
      byte[] data, int offset, int length, String provider, String requestedModel) {
    // The tree checks the length of every string, this parser only of those it reads.
    if (length > Json.mapper().getFactory().streamReadConstraints().getMaxStringLength()) {
      return null;
    }
    try (JsonParser parser = Json.mapper().createParser(data, offset, length)) {
      return read(parser, provider, requestedModel);
    } catch (IOException e) {
      return null;
    }
  }

  private static @Nullable ChatResponse read(
      JsonParser parser, String provider, String requestedModel) throws IOException {
    ChatAnswerParser answer = new ChatAnswerParser(parser);
    try {
      answer.root();
    } catch (TreeNeeded e) {
      return null;
    }
    return answer.response(provider, requestedModel);
  }

  private void root() throws IOException, TreeNeeded {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw TreeNeeded.INSTANCE;
    }
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "id" -> {
          seen = once(seen, 1);
          id = text(p, value);
        }
        case "model" -> {
          seen = once(seen, 2);
          model = text(p, value);
        }
        case "choices" -> {
          seen = once(seen, 4);
          choices(value);
        }
        case "usage" -> {
          seen = once(seen, 8);
          usage = usage(p, value);
        }
        case "error" -> {
          if (value != JsonToken.VALUE_NULL) {
            throw TreeNeeded.INSTANCE; // an error body, or at least a look for one
          }
        }
        default -> p.skipChildren();
      }
    }
    if ((seen & 4) == 0) {
      throw TreeNeeded.INSTANCE;
    }
  }

  private void choices(JsonToken value) throws IOException, TreeNeeded {
    if (value != JsonToken.START_ARRAY) {
      throw TreeNeeded.INSTANCE;
    }
    JsonToken first = p.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw TreeNeeded.INSTANCE; // no choice, or one without a message
    }
    choice();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      p.skipChildren();
    }
  }

  private void choice() throws IOException, TreeNeeded {
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("message")) {
        seen = once(seen, 1);
        if (value != JsonToken.START_OBJECT) {
          throw TreeNeeded.INSTANCE;
        }
        message();
      } else if (name.equals("finish_reason")) {
        seen = once(seen, 2);
        // Other scalars read as text never name a known reason.
        finish =
            value == JsonToken.VALUE_STRING
                ? ChatResponseReader.finishReason(p.getText())
                : FinishReason.OTHER;
        p.skipChildren();
      } else {
        p.skipChildren();
      }
    }
    if ((seen & 1) == 0) {
      throw TreeNeeded.INSTANCE;
    }
  }

  private void message() throws IOException, TreeNeeded {
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "content" -> {
          seen = once(seen, 1);
          content(value);
        }
        case "refusal" -> {
          seen = once(seen, 2);
          refusal = text(p, value);
        }
        case "reasoning_content" -> {
          seen = once(seen, 4);
          reasoningContent = text(p, value);
        }
        case "reasoning" -> {
          seen = once(seen, 8);
          reasoning = text(p, value);
        }
        case "tool_calls" -> {
          seen = once(seen, 16);
          toolCalls(value);
        }
        case "function_call" -> {
          seen = once(seen, 32);
          legacyCall(value);
        }
        default -> p.skipChildren();
      }
    }
  }

  private void content(JsonToken value) throws IOException, TreeNeeded {
    if (value == JsonToken.VALUE_STRING) {
      content = p.getText();
      return;
    }
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren(); // null, another scalar or an object: no text
      return;
    }
    textParts = new StringBuilder();
    for (JsonToken part = p.nextToken(); part != JsonToken.END_ARRAY; part = p.nextToken()) {
      if (part == JsonToken.START_OBJECT) {
        part();
      } else {
        p.skipChildren();
      }
    }
  }

  private void part() throws IOException, TreeNeeded {
    int seen = 0;
    String type = null;
    String partText = null;
    String piece = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "type" -> {
          seen = once(seen, 1);
          type = text(p, value);
        }
        case "text" -> {
          seen = once(seen, 2);
          partText = text(p, value);
        }
        case "refusal" -> {
          seen = once(seen, 4);
          piece = text(p, value);
        }
        default -> p.skipChildren();
      }
    }
    if (partText != null && textParts != null) {
      textParts.append(partText); // any part's text counts, whatever its type
    }
    if ("refusal".equals(type)) {
      if (refusalParts == null) {
        refusalParts = new StringBuilder();
      }
      refusalParts.append(piece == null ? "" : piece);
    }
  }

  private void toolCalls(JsonToken value) throws IOException, TreeNeeded {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren(); // the tree reader ignores tool calls that are not an array
      return;
    }
    List<ToolCall> calls = new ArrayList<>(2);
    for (JsonToken call = p.nextToken(); call != JsonToken.END_ARRAY; call = p.nextToken()) {
      if (call != JsonToken.START_OBJECT) {
        throw TreeNeeded.INSTANCE; // a call without a function name
      }
      calls.add(toolCall());
    }
    toolCalls = calls;
  }

  private ToolCall toolCall() throws IOException, TreeNeeded {
    int seen = 0;
    String callId = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("id")) {
        seen = once(seen, 1);
        callId = text(p, value);
      } else if (name.equals("function")) {
        seen = once(seen, 2);
        if (value != JsonToken.START_OBJECT) {
          throw TreeNeeded.INSTANCE;
        }
        function();
      } else {
        p.skipChildren();
      }
    }
    String name = functionName;
    // ToolCall rejects a blank name; the tree reader throws that, or "no function name", in order.
    if ((seen & 2) == 0 || name == null || name.isBlank()) {
      throw TreeNeeded.INSTANCE;
    }
    String arguments = functionArguments;
    return new ToolCall(callId == null ? "" : callId, name, arguments == null ? "" : arguments);
  }

  private void legacyCall(JsonToken value) throws IOException, TreeNeeded {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    function();
    String name = functionName;
    if (name != null) {
      if (name.isBlank()) {
        throw TreeNeeded.INSTANCE;
      }
      String arguments = functionArguments;
      legacyCall = new ToolCall("", name, arguments == null ? "" : arguments);
    }
  }

  /** Reads a function object's name and arguments into the function fields. */
  private void function() throws IOException, TreeNeeded {
    int seen = 0;
    functionName = null;
    functionArguments = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("name")) {
        seen = once(seen, 1);
        functionName = text(p, value);
      } else if (name.equals("arguments")) {
        seen = once(seen, 2);
        functionArguments = text(p, value); // arguments sent as an object read as none, as before
      } else {
        p.skipChildren();
      }
    }
  }

  private ChatResponse response(String provider, String requestedModel) {
    String text = content != null ? content : textParts != null ? textParts.toString() : "";
    List<ToolCall> calls = toolCalls;
    if (legacyCall != null) {
      if (calls == null) {
        calls = new ArrayList<>(1);
      }
      calls.add(legacyCall); // after the tool calls, wherever it stands in the message
    }
    ChatResponse response =
        ChatResponse.of(
            id == null ? "" : id,
            provider,
            model == null ? requestedModel : model,
            text,
            calls == null ? List.of() : calls,
            finish,
            usage);
    String thought = nonEmpty(reasoningContent) != null ? reasoningContent : nonEmpty(reasoning);
    if (thought != null) {
      response = response.withReasoning(List.of(ReasoningBlock.text(thought)));
    }
    String refused = nonEmpty(refusal);
    if (refused == null && textParts != null && refusalParts != null) {
      refused = nonEmpty(refusalParts.toString());
    }
    return refused == null ? response : response.withRefusal(refused);
  }

  private static @Nullable String nonEmpty(@Nullable String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
