package dev.llmgateway.provider.openai;

import static dev.llmgateway.provider.openai.StreamedValues.once;
import static dev.llmgateway.provider.openai.StreamedValues.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ReasoningDelta;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.provider.openai.StreamedValues.TreeNeeded;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads one streamed Chat Completions chunk ({@code chat.completion.chunk}, or {@code
 * text_completion} for the legacy Completions endpoint) in one pass of Jackson's streaming parser,
 * without building a tree: the hot path of {@link OpenAiChunkStream}. It gives exactly the chunk
 * the stream's tree reader gives, and leaves every event it cannot read that way to that reader (it
 * returns {@code null}): invalid JSON, a root that is not an object, content after the root, a
 * non-null {@code error} member, a repeated member it reads, a first choice or a tool call that is
 * not an object, a negative tool call index, a decimal number where text is read, and events longer
 * than Jackson's longest string. The tree reader then throws or answers as it always did.
 *
 * <p>It changes no state: the caller notes a refusal from the chunk's {@link ChatChunk#refusal()}
 * and a finish from its {@link ChatChunk#finishReason()}, both non-null exactly when the tree
 * reader notes them.
 */
final class ChatChunkParser {
  private final JsonParser p;
  private final boolean textCompletion;
  private @Nullable String id;
  private @Nullable String model;
  private String text = "";
  private @Nullable String refusal;
  private @Nullable String reasoningContent;
  private @Nullable String reasoning;
  private List<ToolCallDelta> toolCalls = List.of();
  private @Nullable String finish;
  private @Nullable Usage usage;
  private @Nullable Usage groqUsage;
  // The name and arguments of the last function object read.
  private @Nullable String functionName;
  private @Nullable String functionArguments;

  private ChatChunkParser(JsonParser p, boolean textCompletion) {
    this.p = p;
    this.textCompletion = textCompletion;
  }

  /**
   * Reads one chunk event's data.
   *
   * @param data the event's data, stripped, neither empty nor {@code [DONE]}
   * @param textCompletion whether the text is {@code choices[0].text} (legacy Completions) rather
   *     than {@code choices[0].delta}
   * @param refusalSeen whether an earlier chunk of the stream carried a refusal
   * @return the chunk, or {@code null} when the tree reader must read this event
   */
  static @Nullable ChatChunk read(String data, boolean textCompletion, boolean refusalSeen) {
    // The tree checks the length of every string, this parser only of those it reads.
    if (data.length() > Json.mapper().getFactory().streamReadConstraints().getMaxStringLength()) {
      return null;
    }
    try (JsonParser parser = Json.mapper().createParser(data)) {
      ChatChunkParser chunk = new ChatChunkParser(parser, textCompletion);
      chunk.root();
      return chunk.chunk(refusalSeen);
    } catch (IOException | TreeNeeded e) {
      return null;
    }
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
          usage = usageObject(value);
        }
        case "x_groq" -> {
          seen = once(seen, 16);
          groq(value);
        }
        case "error" -> {
          if (value != JsonToken.VALUE_NULL) {
            throw TreeNeeded.INSTANCE; // an error event, or at least a look for one
          }
        }
        default -> p.skipChildren();
      }
    }
    // The tree reader ignores what follows the root; whatever it is, it decides.
    if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
      throw TreeNeeded.INSTANCE;
    }
  }

  /** A usage object as the tree reader reads it, {@code null} for any other value. */
  private @Nullable Usage usageObject(JsonToken value) throws IOException, TreeNeeded {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    return StreamedValues.usage(p, value);
  }

  /** Groq's {@code x_groq}, whose {@code usage} counts when the root has no usage object. */
  private void groq(JsonToken value) throws IOException, TreeNeeded {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken member = p.nextToken();
      if (name.equals("usage")) {
        seen = once(seen, 1);
        groqUsage = usageObject(member);
      } else {
        p.skipChildren();
      }
    }
  }

  private void choices(JsonToken value) throws IOException, TreeNeeded {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren(); // the tree reader reads no choice from anything but an array
      return;
    }
    JsonToken first = p.nextToken();
    if (first == JsonToken.END_ARRAY) {
      return; // the usage-only last chunk
    }
    if (first != JsonToken.START_OBJECT) {
      throw TreeNeeded.INSTANCE;
    }
    choice();
    skipRest();
  }

  private void choice() throws IOException, TreeNeeded {
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("finish_reason")) {
        seen = once(seen, 1);
        finish = text(p, value);
      } else if (textCompletion && name.equals("text")) {
        seen = once(seen, 2);
        String content = text(p, value);
        text = content != null ? content : "";
      } else if (!textCompletion && name.equals("delta")) {
        seen = once(seen, 2);
        if (value == JsonToken.START_OBJECT) {
          delta();
        } else {
          p.skipChildren(); // no delta: no text, refusal, tool calls or reasoning
        }
      } else {
        p.skipChildren();
      }
    }
  }

  private void delta() throws IOException, TreeNeeded {
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "content" -> {
          seen = once(seen, 1);
          String content = text(p, value);
          text = content != null ? content : "";
        }
        case "refusal" -> {
          seen = once(seen, 2);
          refusal = text(p, value);
        }
        case "tool_calls" -> {
          seen = once(seen, 4);
          toolCalls(value);
        }
        case "reasoning_content" -> {
          seen = once(seen, 8);
          reasoningContent = text(p, value);
        }
        case "reasoning" -> {
          seen = once(seen, 16);
          reasoning = text(p, value);
        }
        default -> p.skipChildren();
      }
    }
  }

  private void toolCalls(JsonToken value) throws IOException, TreeNeeded {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren(); // the tree reader reads no calls from anything but an array
      return;
    }
    List<ToolCallDelta> calls = null;
    int position = 0;
    for (JsonToken call = p.nextToken(); call != JsonToken.END_ARRAY; call = p.nextToken()) {
      if (call != JsonToken.START_OBJECT) {
        throw TreeNeeded.INSTANCE;
      }
      if (calls == null) {
        calls = new ArrayList<>(1);
      }
      calls.add(toolCall(position++));
    }
    toolCalls = calls == null ? List.of() : calls;
  }

  private ToolCallDelta toolCall(int position) throws IOException, TreeNeeded {
    int seen = 0;
    int index = position;
    String callId = null;
    functionName = null;
    functionArguments = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "index" -> {
          seen = once(seen, 1);
          index = index(value, position);
        }
        case "id" -> {
          seen = once(seen, 2);
          callId = text(p, value);
        }
        case "function" -> {
          seen = once(seen, 4);
          if (value == JsonToken.START_OBJECT) {
            function();
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    String arguments = functionArguments;
    return new ToolCallDelta(index, callId, functionName, arguments == null ? "" : arguments);
  }

  /** The index if it is an int (an {@code IntNode} in the tree), else the call's position. */
  private int index(JsonToken value, int position) throws IOException, TreeNeeded {
    if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
      p.skipChildren();
      return position;
    }
    int index = p.getIntValue();
    if (index < 0) {
      throw TreeNeeded.INSTANCE; // ToolCallDelta rejects it; the tree reader throws that
    }
    return index;
  }

  private void function() throws IOException, TreeNeeded {
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("name")) {
        seen = once(seen, 1);
        functionName = text(p, value);
      } else if (name.equals("arguments")) {
        seen = once(seen, 2);
        functionArguments = text(p, value);
      } else {
        p.skipChildren();
      }
    }
  }

  /** Skips the array elements after the first, up to the array's end. */
  private void skipRest() throws IOException, TreeNeeded {
    for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
      if (token == null) {
        throw TreeNeeded.INSTANCE;
      }
      p.skipChildren();
    }
  }

  private ChatChunk chunk(boolean refusalSeenBefore) {
    String refused = refusal == null || refusal.isEmpty() ? null : refusal;
    FinishReason finishReason = null;
    if (finish != null) {
      finishReason =
          refusalSeenBefore || refused != null
              ? FinishReason.CONTENT_FILTER
              : ChatResponseReader.finishReason(finish);
    }
    String thought =
        reasoningContent != null && !reasoningContent.isEmpty() ? reasoningContent : reasoning;
    return new ChatChunk(
        id,
        model,
        text,
        toolCalls,
        finishReason,
        usage != null ? usage : groqUsage,
        refused,
        thought == null || thought.isEmpty() ? null : ReasoningDelta.text(0, thought));
  }
}
