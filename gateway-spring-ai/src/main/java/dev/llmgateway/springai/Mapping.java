package dev.llmgateway.springai;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;

/** Maps Spring AI prompts to gateway requests and gateway answers back. */
final class Mapping {
  /** The key of the gateway's {@code Route} in a response's metadata. */
  static final String ROUTE = "llm.gateway.route";

  /** The key of the gateway's {@code Cost} in a response's metadata. */
  static final String COST = "llm.gateway.cost";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};

  private Mapping() {}

  static dev.llmgateway.model.ChatRequest toGateway(
      Prompt prompt,
      String defaultModel,
      RequestContext context,
      List<org.springframework.ai.tool.definition.ToolDefinition> tools) {
    ChatOptions options = prompt.getOptions();
    String model =
        options != null && options.getModel() != null && !options.getModel().isBlank()
            ? options.getModel()
            : defaultModel;
    var b = dev.llmgateway.model.ChatRequest.builder().model(model).context(context);
    List<Message> messages = new ArrayList<>();
    for (org.springframework.ai.chat.messages.Message m : prompt.getInstructions()) {
      messages.addAll(messages(m));
    }
    b.messages(messages);
    if (options != null) {
      if (options.getTemperature() != null) {
        b.temperature(options.getTemperature());
      }
      if (options.getTopP() != null) {
        b.topP(options.getTopP());
      }
      if (options.getMaxTokens() != null) {
        b.maxTokens(options.getMaxTokens());
      }
      if (options.getStopSequences() != null && !options.getStopSequences().isEmpty()) {
        b.stop(options.getStopSequences().toArray(String[]::new));
      }
      if (options instanceof StructuredOutputChatOptions structured
          && structured.getOutputSchema() != null
          && !structured.getOutputSchema().isBlank()) {
        b.responseFormat(ResponseFormat.jsonSchema("answer", json(structured.getOutputSchema())));
      }
    }
    if (!tools.isEmpty()) {
      List<ToolDefinition> defs = new ArrayList<>();
      for (var t : tools) {
        defs.add(ToolDefinition.of(t.name(), t.description(), json(t.inputSchema())));
      }
      b.tools(defs);
    }
    return b.build();
  }

  private static List<Message> messages(org.springframework.ai.chat.messages.Message m) {
    if (m instanceof SystemMessage s) {
      return List.of(Message.system(s.getText()));
    }
    if (m instanceof UserMessage u) {
      if (u.getMedia().isEmpty()) {
        return List.of(Message.user(u.getText()));
      }
      List<ContentPart> parts = new ArrayList<>();
      if (u.getText() != null && !u.getText().isEmpty()) {
        parts.add(ContentPart.text(u.getText()));
      }
      for (Media media : u.getMedia()) {
        parts.add(image(media));
      }
      return List.of(Message.user(parts.toArray(ContentPart[]::new)));
    }
    if (m instanceof AssistantMessage a) {
      List<ToolCall> calls = new ArrayList<>();
      for (AssistantMessage.ToolCall c : a.getToolCalls()) {
        calls.add(new ToolCall(c.id(), c.name(), c.arguments()));
      }
      return List.of(Message.assistant(a.getText() == null ? "" : a.getText(), calls));
    }
    if (m instanceof ToolResponseMessage t) {
      List<Message> out = new ArrayList<>();
      for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
        out.add(Message.toolResult(r.id(), r.responseData()));
      }
      return out;
    }
    throw new IllegalArgumentException(
        "Spring AI message type " + m.getMessageType() + " is not supported by the gateway");
  }

  private static ContentPart image(Media media) {
    Object data = media.getData();
    if (data instanceof String url && (url.startsWith("http") || url.startsWith("data:"))) {
      return ContentPart.imageUrl(url);
    }
    if (data instanceof java.net.URI || data instanceof java.net.URL) {
      return ContentPart.imageUrl(data.toString());
    }
    return ContentPart.imageBase64(
        media.getMimeType().toString(),
        Base64.getEncoder().encodeToString(media.getDataAsByteArray()));
  }

  private static Map<String, @Nullable Object> json(String text) {
    try {
      return JSON.readValue(text, MAP);
    } catch (IOException e) {
      throw new UncheckedIOException("a Spring AI JSON schema is not valid JSON", e);
    }
  }

  static ChatResponse fromGateway(dev.llmgateway.model.ChatResponse response) {
    List<AssistantMessage.ToolCall> calls = new ArrayList<>();
    for (ToolCall c : response.toolCalls()) {
      calls.add(new AssistantMessage.ToolCall(c.id(), "function", c.name(), c.argumentsJson()));
    }
    AssistantMessage message =
        AssistantMessage.builder().content(response.text()).toolCalls(calls).build();
    Generation generation =
        new Generation(
            message,
            ChatGenerationMetadata.builder().finishReason(response.finishReason().name()).build());
    return new ChatResponse(List.of(generation), metadata(response));
  }

  static ChatResponseMetadata metadata(dev.llmgateway.model.ChatResponse response) {
    return ChatResponseMetadata.builder()
        .id(response.id())
        .model(response.model())
        .usage(usage(response.usage()))
        .keyValue(ROUTE, response.route())
        .keyValue(COST, response.cost())
        .build();
  }

  static DefaultUsage usage(Usage usage) {
    return new DefaultUsage(
        Math.toIntExact(usage.inputTokens()),
        Math.toIntExact(usage.outputTokens()),
        Math.toIntExact(usage.inputTokens() + usage.outputTokens()));
  }

  /** A streamed text delta as a response of its own. */
  static ChatResponse delta(String text) {
    return new ChatResponse(List.of(new Generation(new AssistantMessage(text))));
  }

  /** The last element of a stream: no text, the finish reason, tool calls, usage and route. */
  static ChatResponse last(dev.llmgateway.model.ChatResponse response) {
    List<AssistantMessage.ToolCall> calls = new ArrayList<>();
    for (ToolCall c : response.toolCalls()) {
      calls.add(new AssistantMessage.ToolCall(c.id(), "function", c.name(), c.argumentsJson()));
    }
    AssistantMessage message = AssistantMessage.builder().content("").toolCalls(calls).build();
    Generation generation =
        new Generation(
            message,
            ChatGenerationMetadata.builder().finishReason(response.finishReason().name()).build());
    return new ChatResponse(List.of(generation), metadata(response));
  }
}
