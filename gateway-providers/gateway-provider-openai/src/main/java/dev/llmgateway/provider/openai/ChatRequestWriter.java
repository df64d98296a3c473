package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.provider.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * Writes Chat Completions, legacy Completions and Embeddings request bodies with Jackson's
 * streaming generator. Fields named in the request's {@code extraParams} are not generated: the
 * extra value is written instead, untouched, so callers can override any field except {@code
 * stream}, which only the provider decides (a plain call cannot be turned into a stream it would
 * not read). The profile's quirks are applied here: the seed field's name, what tool choice
 * "required" is called, the output limit field, and the fields a profile drops (generated or
 * extra).
 */
final class ChatRequestWriter {
  private ChatRequestWriter() {}

  static RequestBody chat(ChatRequest request, boolean stream, OpenAiEndpoint endpoint)
      throws IOException {
    OpenAiProfile profile = endpoint.profile();
    Map<String, @Nullable Object> extra = request.extraParams();
    JsonBody out = JsonBody.forChat(request);
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      if (!extra.containsKey("model")) {
        g.writeStringField("model", endpoint.wireModel(request.model()));
      }
      if (!extra.containsKey("messages")) {
        boolean names = profile.sends(OpenAiProfile.MESSAGE_NAME);
        g.writeArrayFieldStart("messages");
        for (Message message : request.messages()) {
          writeMessage(g, message, names);
        }
        g.writeEndArray();
      }
      if (request.temperature() != null && !extra.containsKey("temperature")) {
        g.writeNumberField("temperature", request.temperature());
      }
      if (request.topP() != null && !extra.containsKey("top_p")) {
        g.writeNumberField("top_p", request.topP());
      }
      String maxTokensField =
          profile.maxCompletionTokens() ? "max_completion_tokens" : "max_tokens";
      if (request.maxTokens() != null && !extra.containsKey(maxTokensField)) {
        g.writeNumberField(maxTokensField, request.maxTokens());
      }
      if (!request.stop().isEmpty() && !extra.containsKey("stop")) {
        g.writeArrayFieldStart("stop");
        for (String stop : request.stop()) {
          g.writeString(stop);
        }
        g.writeEndArray();
      }
      if (request.seed() != null && !extra.containsKey(profile.seedField())) {
        g.writeNumberField(profile.seedField(), request.seed());
      }
      if (!request.tools().isEmpty() && !extra.containsKey("tools")) {
        writeTools(g, request.tools());
      }
      if (request.toolChoice() != null && !extra.containsKey("tool_choice")) {
        writeToolChoice(g, request.toolChoice(), profile.requiredToolChoice());
      }
      if (request.responseFormat().type() != ResponseFormat.Type.TEXT
          && !extra.containsKey("response_format")) {
        writeResponseFormat(g, request.responseFormat());
      }
      if (request.endUser() != null && !extra.containsKey("user") && profile.sends("user")) {
        g.writeStringField("user", request.endUser());
      }
      ChatExtrasWriter.write(g, request, profile, extra);
      writeStream(g, stream, profile, extra);
      writeExtra(g, extra, profile);
      g.writeEndObject();
    }
    return out.toRequestBody();
  }

  /**
   * Writes a legacy Completions body: the messages flattened into {@code prompt} by {@link
   * CompletionPrompt}, the sampling fields, and {@code max_tokens} (the legacy endpoint has no
   * {@code max_completion_tokens}). The caller has checked that the request has no tools, tool
   * choice, response format or images.
   */
  static byte[] completions(ChatRequest request, boolean stream, OpenAiEndpoint endpoint)
      throws IOException {
    OpenAiProfile profile = endpoint.profile();
    Map<String, @Nullable Object> extra = request.extraParams();
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      if (!extra.containsKey("model")) {
        g.writeStringField("model", endpoint.wireModel(request.model()));
      }
      if (!extra.containsKey("prompt")) {
        g.writeStringField("prompt", CompletionPrompt.flatten(request.messages()));
      }
      if (request.temperature() != null && !extra.containsKey("temperature")) {
        g.writeNumberField("temperature", request.temperature());
      }
      if (request.topP() != null && !extra.containsKey("top_p")) {
        g.writeNumberField("top_p", request.topP());
      }
      if (request.maxTokens() != null && !extra.containsKey("max_tokens")) {
        g.writeNumberField("max_tokens", request.maxTokens());
      }
      if (!request.stop().isEmpty() && !extra.containsKey("stop")) {
        g.writeArrayFieldStart("stop");
        for (String stop : request.stop()) {
          g.writeString(stop);
        }
        g.writeEndArray();
      }
      if (request.seed() != null && !extra.containsKey(profile.seedField())) {
        g.writeNumberField(profile.seedField(), request.seed());
      }
      if (request.endUser() != null && !extra.containsKey("user") && profile.sends("user")) {
        g.writeStringField("user", request.endUser());
      }
      writeStream(g, stream, profile, extra);
      writeExtra(g, extra, profile);
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void writeStream(
      JsonGenerator g, boolean stream, OpenAiProfile profile, Map<String, @Nullable Object> extra)
      throws IOException {
    if (stream) {
      g.writeBooleanField("stream", true);
      if (profile.streamUsage() && !extra.containsKey("stream_options")) {
        g.writeObjectFieldStart("stream_options");
        g.writeBooleanField("include_usage", true);
        g.writeEndObject();
      }
    }
  }

  static byte[] embeddings(EmbeddingRequest request, OpenAiEndpoint endpoint) throws IOException {
    Map<String, @Nullable Object> extra = request.extraParams();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      if (!extra.containsKey("model")) {
        g.writeStringField("model", endpoint.wireModel(request.model()));
      }
      if (!extra.containsKey("input")) {
        g.writeArrayFieldStart("input");
        for (String input : request.inputs()) {
          g.writeString(input);
        }
        g.writeEndArray();
      }
      if (request.dimensions() != null && !extra.containsKey("dimensions")) {
        g.writeNumberField("dimensions", request.dimensions());
      }
      if (request.endUser() != null && !extra.containsKey("user")) {
        g.writeStringField("user", request.endUser());
      }
      if (!extra.containsKey("encoding_format")) {
        g.writeStringField("encoding_format", "float");
      }
      writeExtra(g, extra, null);
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void writeMessage(JsonGenerator g, Message message, boolean names)
      throws IOException {
    g.writeStartObject();
    switch (message.role()) {
      case SYSTEM -> {
        g.writeStringField("role", "system");
        writeContent(g, message.content());
      }
      case USER -> {
        g.writeStringField("role", "user");
        writeContent(g, message.content());
      }
      case ASSISTANT -> {
        g.writeStringField("role", "assistant");
        if (!message.content().isEmpty()) {
          writeContent(g, message.content());
        }
        if (!message.toolCalls().isEmpty()) {
          g.writeArrayFieldStart("tool_calls");
          for (ToolCall call : message.toolCalls()) {
            g.writeStartObject();
            g.writeStringField("id", call.id());
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", call.name());
            g.writeStringField("arguments", call.argumentsJson());
            g.writeEndObject();
            g.writeEndObject();
          }
          g.writeEndArray();
        }
      }
      case TOOL -> {
        g.writeStringField("role", "tool");
        g.writeStringField("tool_call_id", message.toolCallId());
        writeContent(g, message.content());
      }
    }
    if (names && message.name() != null && message.role() != dev.llmgateway.model.Role.TOOL) {
      g.writeStringField("name", message.name());
    }
    g.writeEndObject();
  }

  /** A single text part is sent as a string, anything else as an array of parts. */
  private static void writeContent(JsonGenerator g, List<ContentPart> content) throws IOException {
    if (content.size() == 1 && content.get(0) instanceof ContentPart.Text text) {
      g.writeStringField("content", text.text());
      return;
    }
    g.writeArrayFieldStart("content");
    for (ContentPart part : content) {
      g.writeStartObject();
      if (part instanceof ContentPart.Text text) {
        g.writeStringField("type", "text");
        g.writeStringField("text", text.text());
      } else if (part instanceof ContentPart.Image image) {
        g.writeStringField("type", "image_url");
        g.writeObjectFieldStart("image_url");
        g.writeStringField("url", image.asUrl());
        if (image.detail() != null) {
          g.writeStringField("detail", image.detail());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeTools(JsonGenerator g, List<ToolDefinition> tools) throws IOException {
    g.writeArrayFieldStart("tools");
    for (ToolDefinition tool : tools) {
      g.writeStartObject();
      g.writeStringField("type", "function");
      g.writeObjectFieldStart("function");
      g.writeStringField("name", tool.name());
      if (tool.description() != null) {
        g.writeStringField("description", tool.description());
      }
      g.writeFieldName("parameters");
      g.writeObject(tool.parameters());
      if (tool.strict()) {
        g.writeBooleanField("strict", true);
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeToolChoice(JsonGenerator g, ToolChoice choice, String required)
      throws IOException {
    switch (choice.mode()) {
      case AUTO -> g.writeStringField("tool_choice", "auto");
      case NONE -> g.writeStringField("tool_choice", "none");
      case REQUIRED -> g.writeStringField("tool_choice", required);
      case NAMED -> {
        g.writeObjectFieldStart("tool_choice");
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", choice.toolName());
        g.writeEndObject();
        g.writeEndObject();
      }
    }
  }

  private static void writeResponseFormat(JsonGenerator g, ResponseFormat format)
      throws IOException {
    g.writeObjectFieldStart("response_format");
    if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
      g.writeStringField("type", "json_object");
    } else {
      g.writeStringField("type", "json_schema");
      g.writeObjectFieldStart("json_schema");
      g.writeStringField("name", format.schemaName());
      g.writeFieldName("schema");
      g.writeObject(format.schema());
      g.writeBooleanField("strict", format.strict());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** Writes the extra parameters, except {@code stream} and fields the profile drops. */
  private static void writeExtra(
      JsonGenerator g, Map<String, @Nullable Object> extra, @Nullable OpenAiProfile profile)
      throws IOException {
    for (Map.Entry<String, @Nullable Object> e : extra.entrySet()) {
      if (e.getKey().equals("stream") || (profile != null && !profile.sends(e.getKey()))) {
        continue;
      }
      g.writeFieldName(e.getKey());
      g.writeObject(e.getValue());
    }
  }
}
