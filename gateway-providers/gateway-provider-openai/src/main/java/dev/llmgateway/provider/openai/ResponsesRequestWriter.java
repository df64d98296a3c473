package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.provider.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes Responses API request bodies ({@code POST /v1/responses}) from the normalized request.
 *
 * <ul>
 *   <li>Every message becomes an {@code input} item, in order: system, user and assistant text as
 *       {@code message} items ({@code input_text} and {@code input_image} parts for a user message
 *       with images); an assistant turn's reasoning blocks that carry {@code encrypted_content} as
 *       {@code reasoning} items before it (other reasoning cannot be verified and is left out); its
 *       tool calls as {@code function_call} items ({@code call_id}, no item id, so they need no
 *       stored state); tool results as {@code function_call_output} items.
 *   <li>{@code maxTokens} is {@code max_output_tokens}; tools are flat {@code function} tools; tool
 *       choice {@code auto}, {@code none}, {@code required} or {@code {"type":"function", "name"}};
 *       a JSON response format is {@code text.format}.
 *   <li>Reasoning is {@code reasoning.effort} (a budget becomes the effort it stands for), with
 *       {@code reasoning.summary: "auto"} when the caller asks for thoughts, and {@code include:
 *       ["reasoning.encrypted_content"]} on a stateless call so that the reasoning can be sent
 *       back.
 *   <li>{@code store} is {@code false} unless the request says {@code store(true)}; {@code
 *       previousResponseId} is {@code previous_response_id}; {@code promptCacheKey} is {@code
 *       prompt_cache_key}; {@code endUser} is {@code user}.
 *   <li>The endpoint has no stop sequences: a request with {@code stop} is refused, naming it. It
 *       has no seed either; a seed is not sent.
 * </ul>
 *
 * Fields named in the request's {@code extraParams} are not generated: the extra value is written
 * instead, untouched, except {@code stream}, which only the provider decides.
 */
final class ResponsesRequestWriter {
  private ResponsesRequestWriter() {}

  /**
   * Writes the body.
   *
   * @throws InvalidRequestException naming a field the Responses endpoint cannot take
   */
  static byte[] write(ChatRequest request, boolean stream, OpenAiEndpoint endpoint)
      throws IOException {
    if (!request.stop().isEmpty() && !request.extraParams().containsKey("stop")) {
      throw new InvalidRequestException(
          "stop", "the Responses endpoint takes no stop sequences; use the chat endpoint");
    }
    Map<String, @Nullable Object> extra = request.extraParams();
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      if (!extra.containsKey("model")) {
        g.writeStringField("model", endpoint.wireModel(request.model()));
      }
      if (!extra.containsKey("input")) {
        g.writeArrayFieldStart("input");
        List<Message> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
          writeItems(g, messages.get(i), i);
        }
        g.writeEndArray();
      }
      if (request.maxTokens() != null && !extra.containsKey("max_output_tokens")) {
        g.writeNumberField("max_output_tokens", request.maxTokens());
      }
      if (request.temperature() != null && !extra.containsKey("temperature")) {
        g.writeNumberField("temperature", request.temperature());
      }
      if (request.topP() != null && !extra.containsKey("top_p")) {
        g.writeNumberField("top_p", request.topP());
      }
      if (!request.tools().isEmpty() && !extra.containsKey("tools")) {
        writeTools(g, request.tools());
      }
      if (request.toolChoice() != null && !extra.containsKey("tool_choice")) {
        writeToolChoice(g, request.toolChoice());
      }
      if (request.responseFormat().type() != ResponseFormat.Type.TEXT
          && !extra.containsKey("text")) {
        writeFormat(g, request.responseFormat());
      }
      Reasoning reasoning = request.reasoning();
      if (reasoning != null && !extra.containsKey("reasoning")) {
        g.writeObjectFieldStart("reasoning");
        g.writeStringField("effort", reasoning.effortOrEquivalent().wireName());
        if (reasoning.includeThoughts()) {
          g.writeStringField("summary", "auto");
        }
        g.writeEndObject();
      }
      if (reasoning != null && !request.store() && !extra.containsKey("include")) {
        g.writeArrayFieldStart("include");
        g.writeString("reasoning.encrypted_content");
        g.writeEndArray();
      }
      if (!extra.containsKey("store")) {
        g.writeBooleanField("store", request.store());
      }
      if (request.previousResponseId() != null && !extra.containsKey("previous_response_id")) {
        g.writeStringField("previous_response_id", request.previousResponseId());
      }
      if (request.promptCacheKey() != null && !extra.containsKey("prompt_cache_key")) {
        g.writeStringField("prompt_cache_key", request.promptCacheKey());
      }
      if (request.endUser() != null && !extra.containsKey("user")) {
        g.writeStringField("user", request.endUser());
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

  private static void writeItems(JsonGenerator g, Message message, int index) throws IOException {
    switch (message.role()) {
      case SYSTEM -> writeMessage(g, "system", message.content(), index);
      case USER -> writeMessage(g, "user", message.content(), index);
      case ASSISTANT -> {
        for (ReasoningBlock block : message.reasoning()) {
          if (block.encryptedContent() != null && block.id() != null) {
            writeReasoning(g, block);
          }
        }
        if (!message.text().isEmpty()) {
          g.writeStartObject();
          g.writeStringField("type", "message");
          g.writeStringField("role", "assistant");
          g.writeStringField("content", message.text());
          g.writeEndObject();
        }
        for (ToolCall call : message.toolCalls()) {
          g.writeStartObject();
          g.writeStringField("type", "function_call");
          g.writeStringField("call_id", call.id());
          g.writeStringField("name", call.name());
          g.writeStringField("arguments", call.argumentsJson());
          g.writeEndObject();
        }
      }
      case TOOL -> {
        g.writeStartObject();
        g.writeStringField("type", "function_call_output");
        g.writeStringField("call_id", message.toolCallId());
        g.writeStringField("output", message.text());
        g.writeEndObject();
      }
    }
  }

  private static void writeReasoning(JsonGenerator g, ReasoningBlock block) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "reasoning");
    g.writeStringField("id", block.id());
    g.writeArrayFieldStart("summary");
    if (!block.text().isEmpty()) {
      g.writeStartObject();
      g.writeStringField("type", "summary_text");
      g.writeStringField("text", block.text());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("encrypted_content", block.encryptedContent());
    g.writeEndObject();
  }

  /** A single text part is sent as a string, anything else as an array of input parts. */
  private static void writeMessage(
      JsonGenerator g, String role, List<ContentPart> content, int index) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "message");
    g.writeStringField("role", role);
    if (content.size() == 1 && content.get(0) instanceof ContentPart.Text text) {
      g.writeStringField("content", text.text());
    } else {
      g.writeArrayFieldStart("content");
      for (ContentPart part : content) {
        g.writeStartObject();
        if (part instanceof ContentPart.Text text) {
          g.writeStringField("type", "input_text");
          g.writeStringField("text", text.text());
        } else if (part instanceof ContentPart.Image image) {
          g.writeStringField("type", "input_image");
          g.writeStringField("image_url", image.asUrl());
          g.writeStringField("detail", image.detail() != null ? image.detail() : "auto");
        } else {
          throw new InvalidRequestException(
              "messages[" + index + "].content",
              "holds a part the Responses endpoint cannot take: " + part);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void writeTools(JsonGenerator g, List<ToolDefinition> tools) throws IOException {
    g.writeArrayFieldStart("tools");
    for (ToolDefinition tool : tools) {
      g.writeStartObject();
      g.writeStringField("type", "function");
      g.writeStringField("name", tool.name());
      if (tool.description() != null) {
        g.writeStringField("description", tool.description());
      }
      g.writeFieldName("parameters");
      g.writeObject(tool.parameters());
      g.writeBooleanField("strict", tool.strict());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeToolChoice(JsonGenerator g, ToolChoice choice) throws IOException {
    switch (choice.mode()) {
      case AUTO -> g.writeStringField("tool_choice", "auto");
      case NONE -> g.writeStringField("tool_choice", "none");
      case REQUIRED -> g.writeStringField("tool_choice", "required");
      case NAMED -> {
        g.writeObjectFieldStart("tool_choice");
        g.writeStringField("type", "function");
        g.writeStringField("name", choice.toolName());
        g.writeEndObject();
      }
    }
  }

  private static void writeFormat(JsonGenerator g, ResponseFormat format) throws IOException {
    g.writeObjectFieldStart("text");
    g.writeObjectFieldStart("format");
    if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
      g.writeStringField("type", "json_object");
    } else {
      g.writeStringField("type", "json_schema");
      g.writeStringField("name", format.schemaName());
      g.writeFieldName("schema");
      g.writeObject(format.schema());
      g.writeBooleanField("strict", format.strict());
    }
    g.writeEndObject();
    g.writeEndObject();
  }
}
