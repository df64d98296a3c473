package dev.llmgateway.provider.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.model.CacheControl;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.provider.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes Messages API request bodies with Jackson's streaming generator.
 *
 * <p>System messages are lifted into the top-level {@code system} (a string for one text, else an
 * array of text blocks). The other messages become turns of {@code user} and {@code assistant}
 * blocks; tool results are {@code tool_result} blocks of a user turn, and consecutive turns of one
 * role are merged, since Anthropic expects the roles to alternate. A turn of a single text block is
 * written as a string. Fields named in the request's {@code extraParams} are not generated: the
 * extra value is written instead, untouched, except {@code stream}, which only the provider
 * decides.
 *
 * <p>Reasoning becomes {@code thinking} (and {@code output_config}) as {@link ClaudeThinking} says.
 * An assistant turn's reasoning blocks go first in its content: a signed block as {@code thinking}
 * with its {@code signature}, a redacted one as {@code redacted_thinking}; blocks without either
 * cannot be verified by Anthropic and are left out. Prompt-cache markers become {@code
 * cache_control: {"type": "ephemeral"}} (with {@code ttl} when one is set) on the marked system
 * text (the system is then sent as blocks), on the last block of a marked message, and on the last
 * tool when the tools are marked.
 */
final class MessagesRequestWriter {
  /** The system instruction added for {@link ResponseFormat.Type#JSON_OBJECT}. */
  static final String JSON_OBJECT_INSTRUCTION =
      "Respond with a single valid JSON object and nothing else: no prose, no code fences.";

  /** The start of the system instruction added for {@link ResponseFormat.Type#JSON_SCHEMA}. */
  static final String JSON_SCHEMA_INSTRUCTION =
      "Respond with a single valid JSON object and nothing else: no prose, no code fences."
          + " The object must match this JSON Schema";

  private MessagesRequestWriter() {}

  /** One content block of a turn. */
  private sealed interface Block {}

  private record Text(String text) implements Block {}

  private record Image(ContentPart.Image image) implements Block {}

  private record ToolUse(String id, String name, JsonNode input) implements Block {}

  private record ToolResult(String toolUseId, String content) implements Block {}

  private record Thinking(String thinking, String signature) implements Block {}

  private record RedactedThinking(String data) implements Block {}

  /** A system text and its cache marker. */
  private record SystemText(String text, @Nullable CacheControl cache) {}

  /**
   * A turn: a role and its blocks, merged from consecutive messages of that role, and the cache
   * markers of its blocks by position.
   */
  private record Turn(String role, List<Block> blocks, Map<Integer, CacheControl> cache) {}

  static byte[] chat(ChatRequest request, boolean stream, int defaultMaxTokens) throws IOException {
    Map<String, @Nullable Object> extra = request.extraParams();
    List<SystemText> system = new ArrayList<>(1);
    List<Turn> turns = turns(request.messages(), system);
    String instruction = jsonInstruction(request.responseFormat());
    if (instruction != null) {
      system.add(new SystemText(instruction, null));
    }
    ClaudeThinking.Plan thinking = ClaudeThinking.plan(request, defaultMaxTokens);
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      if (!extra.containsKey("model")) {
        g.writeStringField("model", request.model());
      }
      if (!extra.containsKey("max_tokens")) {
        // Anthropic requires max_tokens; the provider's default stands in for a missing limit.
        Integer maxTokens = request.maxTokens();
        g.writeNumberField(
            "max_tokens",
            thinking != null
                ? thinking.maxTokens()
                : maxTokens != null ? maxTokens : defaultMaxTokens);
      }
      if (!system.isEmpty() && !extra.containsKey("system")) {
        writeSystem(g, system);
      }
      if (!extra.containsKey("messages")) {
        g.writeArrayFieldStart("messages");
        for (Turn turn : turns) {
          writeTurn(g, turn);
        }
        g.writeEndArray();
      }
      if (request.temperature() != null && !extra.containsKey("temperature")) {
        g.writeNumberField("temperature", request.temperature());
      }
      if (request.topP() != null && !extra.containsKey("top_p")) {
        g.writeNumberField("top_p", request.topP());
      }
      if (!request.stop().isEmpty() && !extra.containsKey("stop_sequences")) {
        g.writeArrayFieldStart("stop_sequences");
        for (String stop : request.stop()) {
          g.writeString(stop);
        }
        g.writeEndArray();
      }
      if (!request.tools().isEmpty() && !extra.containsKey("tools")) {
        writeTools(g, request.tools(), request.cacheTools());
      }
      if (request.toolChoice() != null && !extra.containsKey("tool_choice")) {
        writeToolChoice(g, request.toolChoice());
      }
      if (thinking != null) {
        thinking.write(g, !extra.containsKey("thinking"), !extra.containsKey("output_config"));
      }
      if (request.endUser() != null && !extra.containsKey("metadata")) {
        g.writeObjectFieldStart("metadata");
        g.writeStringField("user_id", request.endUser());
        g.writeEndObject();
      }
      if (stream) {
        g.writeBooleanField("stream", true);
      }
      for (Map.Entry<String, @Nullable Object> e : extra.entrySet()) {
        if (!e.getKey().equals("stream")) {
          g.writeFieldName(e.getKey());
          g.writeObject(e.getValue());
        }
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /** Splits the conversation into the system texts and the merged user and assistant turns. */
  private static List<Turn> turns(List<Message> messages, List<SystemText> system) {
    List<Turn> turns = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      if (message.role() == Role.SYSTEM) {
        system.add(new SystemText(message.text(), message.cacheControl()));
        continue;
      }
      String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
      Turn turn = turns.isEmpty() ? null : turns.get(turns.size() - 1);
      if (turn == null || !turn.role().equals(role)) {
        turn = new Turn(role, new ArrayList<>(2), new HashMap<>(2));
        turns.add(turn);
      }
      addBlocks(turn.blocks(), message, i);
      if (message.cacheControl() != null && !turn.blocks().isEmpty()) {
        turn.cache().put(turn.blocks().size() - 1, message.cacheControl());
      }
    }
    return turns;
  }

  private static void addBlocks(List<Block> blocks, Message message, int index) {
    if (message.role() == Role.TOOL) {
      blocks.add(new ToolResult(message.toolCallId(), message.text()));
      return;
    }
    for (ReasoningBlock reasoning : message.reasoning()) {
      if (reasoning.redactedData() != null) {
        blocks.add(new RedactedThinking(reasoning.redactedData()));
      } else if (reasoning.signature() != null) {
        blocks.add(new Thinking(reasoning.text(), reasoning.signature()));
      }
    }
    for (ContentPart part : message.content()) {
      if (part instanceof ContentPart.Text text) {
        // Anthropic rejects empty text blocks; an assistant turn that only calls tools has one.
        if (!text.text().isEmpty()) {
          blocks.add(new Text(text.text()));
        }
      } else if (part instanceof ContentPart.Image image) {
        blocks.add(new Image(image));
      }
    }
    List<ToolCall> calls = message.toolCalls();
    for (int i = 0; i < calls.size(); i++) {
      ToolCall call = calls.get(i);
      blocks.add(new ToolUse(call.id(), call.name(), input(call, index, i)));
    }
  }

  /** Anthropic wants tool input as a JSON object; an empty argument text means no arguments. */
  private static JsonNode input(ToolCall call, int message, int index) {
    String arguments = call.argumentsJson().strip();
    if (arguments.isEmpty()) {
      return Json.mapper().createObjectNode();
    }
    JsonNode input;
    try {
      input = Json.read(arguments);
    } catch (IOException e) {
      input = null;
    }
    if (input == null || !input.isObject()) {
      throw new InvalidRequestException(
          "messages[" + message + "].toolCalls[" + index + "].argumentsJson",
          "must be a JSON object for Anthropic's tool_use input, tool '" + call.name() + "'");
    }
    return input;
  }

  private static void writeSystem(JsonGenerator g, List<SystemText> system) throws IOException {
    if (system.size() == 1 && system.get(0).cache() == null) {
      g.writeStringField("system", system.get(0).text());
      return;
    }
    g.writeArrayFieldStart("system");
    for (SystemText text : system) {
      g.writeStartObject();
      g.writeStringField("type", "text");
      g.writeStringField("text", text.text());
      writeCacheControl(g, text.cache());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeCacheControl(JsonGenerator g, @Nullable CacheControl cache)
      throws IOException {
    if (cache == null) {
      return;
    }
    g.writeObjectFieldStart("cache_control");
    g.writeStringField("type", "ephemeral");
    if (cache.ttl() != null) {
      g.writeStringField("ttl", cache.ttl().wireValue());
    }
    g.writeEndObject();
  }

  private static void writeTurn(JsonGenerator g, Turn turn) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", turn.role());
    List<Block> blocks = turn.blocks();
    if (blocks.size() == 1 && blocks.get(0) instanceof Text text && turn.cache().isEmpty()) {
      g.writeStringField("content", text.text());
    } else {
      g.writeArrayFieldStart("content");
      for (int i = 0; i < blocks.size(); i++) {
        writeBlock(g, blocks.get(i), turn.cache().get(i));
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void writeBlock(JsonGenerator g, Block block, @Nullable CacheControl cache)
      throws IOException {
    g.writeStartObject();
    if (block instanceof Thinking thinking) {
      g.writeStringField("type", "thinking");
      g.writeStringField("thinking", thinking.thinking());
      g.writeStringField("signature", thinking.signature());
    } else if (block instanceof RedactedThinking redacted) {
      g.writeStringField("type", "redacted_thinking");
      g.writeStringField("data", redacted.data());
    } else if (block instanceof Text text) {
      g.writeStringField("type", "text");
      g.writeStringField("text", text.text());
    } else if (block instanceof Image image) {
      g.writeStringField("type", "image");
      writeImageSource(g, image.image());
    } else if (block instanceof ToolUse use) {
      g.writeStringField("type", "tool_use");
      g.writeStringField("id", use.id());
      g.writeStringField("name", use.name());
      g.writeFieldName("input");
      g.writeTree(use.input());
    } else if (block instanceof ToolResult result) {
      g.writeStringField("type", "tool_result");
      g.writeStringField("tool_use_id", result.toolUseId());
      g.writeStringField("content", result.content());
    }
    writeCacheControl(g, cache);
    g.writeEndObject();
  }

  /** Inline images and {@code data:} URLs as base64 sources, other URLs as URL sources. */
  private static void writeImageSource(JsonGenerator g, ContentPart.Image image)
      throws IOException {
    String mediaType = image.mediaType();
    String data = image.base64Data();
    String url = image.url();
    if (url != null && url.startsWith("data:")) {
      int marker = url.indexOf(";base64,");
      if (marker > 5) {
        mediaType = url.substring(5, marker);
        data = url.substring(marker + ";base64,".length());
        url = null;
      }
    }
    g.writeObjectFieldStart("source");
    if (url != null) {
      g.writeStringField("type", "url");
      g.writeStringField("url", url);
    } else {
      g.writeStringField("type", "base64");
      g.writeStringField("media_type", mediaType);
      g.writeStringField("data", data);
    }
    g.writeEndObject();
  }

  private static void writeTools(
      JsonGenerator g, List<ToolDefinition> tools, @Nullable CacheControl cache)
      throws IOException {
    g.writeArrayFieldStart("tools");
    for (int i = 0; i < tools.size(); i++) {
      ToolDefinition tool = tools.get(i);
      g.writeStartObject();
      g.writeStringField("name", tool.name());
      if (tool.description() != null) {
        g.writeStringField("description", tool.description());
      }
      g.writeFieldName("input_schema");
      g.writeObject(tool.parameters());
      if (i == tools.size() - 1) {
        writeCacheControl(g, cache);
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeToolChoice(JsonGenerator g, ToolChoice choice) throws IOException {
    g.writeObjectFieldStart("tool_choice");
    switch (choice.mode()) {
      case AUTO -> g.writeStringField("type", "auto");
      case NONE -> g.writeStringField("type", "none");
      case REQUIRED -> g.writeStringField("type", "any");
      case NAMED -> {
        g.writeStringField("type", "tool");
        g.writeStringField("name", choice.toolName());
      }
    }
    g.writeEndObject();
  }

  /**
   * The system instruction that stands in for a JSON response mode, which Anthropic lacks; null for
   * free text.
   */
  static @Nullable String jsonInstruction(ResponseFormat format) throws IOException {
    return switch (format.type()) {
      case TEXT -> null;
      case JSON_OBJECT -> JSON_OBJECT_INSTRUCTION;
      case JSON_SCHEMA ->
          JSON_SCHEMA_INSTRUCTION
              + " (named '"
              + format.schemaName()
              + "'):\n"
              + Json.mapper().writeValueAsString(format.schema());
    };
  }
}
