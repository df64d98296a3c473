package dev.llmgateway.langchain4j;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Maps LangChain4j's chat requests to the gateway's, and the gateway's answers back. */
final class Requests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};

  private Requests() {}

  /** The gateway request of a LangChain4j request: the model is the request's or the default. */
  static dev.llmgateway.model.ChatRequest toGateway(
      ChatRequest request, String defaultModel, RequestContext context) {
    String model = request.modelName() != null ? request.modelName() : defaultModel;
    RequestContext own =
        request.parameters() instanceof GatewayChatRequestParameters g ? g.context() : null;
    var b =
        dev.llmgateway.model.ChatRequest.builder()
            .model(model)
            .context(own != null ? own : context);
    List<Message> messages = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      messages.add(message(m));
    }
    b.messages(messages);
    if (request.temperature() != null) {
      b.temperature(request.temperature());
    }
    if (request.topP() != null) {
      b.topP(request.topP());
    }
    if (request.maxOutputTokens() != null) {
      b.maxTokens(request.maxOutputTokens());
    }
    if (request.stopSequences() != null && !request.stopSequences().isEmpty()) {
      b.stop(request.stopSequences().toArray(String[]::new));
    }
    if (request.toolSpecifications() != null && !request.toolSpecifications().isEmpty()) {
      List<ToolDefinition> tools = new ArrayList<>();
      for (ToolSpecification t : request.toolSpecifications()) {
        tools.add(tool(t));
      }
      b.tools(tools);
      if (request.toolChoice() != null) {
        b.toolChoice(
            switch (request.toolChoice()) {
              case AUTO -> ToolChoice.AUTO;
              case REQUIRED -> ToolChoice.REQUIRED;
              case NONE -> ToolChoice.NONE;
            });
      }
    }
    var format = request.responseFormat();
    if (format != null && format.type() == ResponseFormatType.JSON) {
      b.responseFormat(
          format.jsonSchema() == null
              ? ResponseFormat.JSON_OBJECT
              : ResponseFormat.jsonSchema(
                  format.jsonSchema().name() == null ? "answer" : format.jsonSchema().name(),
                  schema(format.jsonSchema().rootElement())));
    }
    return b.build();
  }

  static Message message(ChatMessage m) {
    if (m instanceof SystemMessage s) {
      return Message.system(s.text());
    }
    if (m instanceof UserMessage u) {
      if (u.hasSingleText()) {
        return Message.user(u.singleText());
      }
      List<ContentPart> parts = new ArrayList<>();
      for (Content c : u.contents()) {
        parts.add(part(c));
      }
      return Message.user(parts.toArray(ContentPart[]::new));
    }
    if (m instanceof AiMessage a) {
      List<ToolCall> calls = new ArrayList<>();
      if (a.hasToolExecutionRequests()) {
        for (ToolExecutionRequest r : a.toolExecutionRequests()) {
          calls.add(new ToolCall(r.id(), r.name(), r.arguments()));
        }
      }
      return Message.assistant(a.text() == null ? "" : a.text(), calls);
    }
    if (m instanceof ToolExecutionResultMessage t) {
      return Message.toolResult(t.id(), t.text());
    }
    throw new IllegalArgumentException(
        "LangChain4j message type " + m.type() + " is not supported by the gateway");
  }

  private static ContentPart part(Content c) {
    if (c instanceof TextContent t) {
      return ContentPart.text(t.text());
    }
    if (c instanceof ImageContent i) {
      var image = i.image();
      if (image.url() != null) {
        return ContentPart.imageUrl(image.url().toString());
      }
      return ContentPart.imageBase64(image.mimeType(), image.base64Data());
    }
    throw new IllegalArgumentException(
        "LangChain4j content type " + c.type() + " is not supported by the gateway");
  }

  static ToolDefinition tool(ToolSpecification t) {
    Map<String, @Nullable Object> parameters =
        t.parameters() == null
            ? Map.of("type", "object", "properties", Map.of())
            : schema(t.parameters());
    return new ToolDefinition(
        t.name(), t.description(), parameters, Boolean.TRUE.equals(t.strict()));
  }

  /** A LangChain4j JSON Schema element as a JSON-like map. */
  static Map<String, @Nullable Object> schema(JsonSchemaElement e) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    if (e instanceof JsonObjectSchema o) {
      out.put("type", "object");
      Map<String, Object> properties = new LinkedHashMap<>();
      if (o.properties() != null) {
        o.properties().forEach((k, v) -> properties.put(k, schema(v)));
      }
      out.put("properties", properties);
      if (o.required() != null && !o.required().isEmpty()) {
        out.put("required", List.copyOf(o.required()));
      }
      if (o.additionalProperties() != null) {
        out.put("additionalProperties", o.additionalProperties());
      }
      if (o.definitions() != null && !o.definitions().isEmpty()) {
        Map<String, Object> defs = new LinkedHashMap<>();
        o.definitions().forEach((k, v) -> defs.put(k, schema(v)));
        out.put("$defs", defs);
      }
    } else if (e instanceof JsonStringSchema) {
      out.put("type", "string");
    } else if (e instanceof JsonIntegerSchema) {
      out.put("type", "integer");
    } else if (e instanceof JsonNumberSchema) {
      out.put("type", "number");
    } else if (e instanceof JsonBooleanSchema) {
      out.put("type", "boolean");
    } else if (e instanceof JsonNullSchema) {
      out.put("type", "null");
    } else if (e instanceof JsonEnumSchema en) {
      out.put("type", "string");
      out.put("enum", List.copyOf(en.enumValues()));
    } else if (e instanceof JsonArraySchema a) {
      out.put("type", "array");
      if (a.items() != null) {
        out.put("items", schema(a.items()));
      }
    } else if (e instanceof JsonAnyOfSchema any) {
      List<Object> alternatives = new ArrayList<>();
      for (JsonSchemaElement each : any.anyOf()) {
        alternatives.add(schema(each));
      }
      out.put("anyOf", alternatives);
    } else if (e instanceof JsonReferenceSchema ref) {
      out.put("$ref", "#/$defs/" + ref.reference());
    } else if (e instanceof JsonRawSchema raw) {
      try {
        out.putAll(JSON.readValue(raw.schema(), MAP));
      } catch (IOException ex) {
        throw new UncheckedIOException("a raw JSON schema of LangChain4j is not valid JSON", ex);
      }
    } else {
      throw new IllegalArgumentException(
          "LangChain4j schema element " + e.getClass().getSimpleName() + " is not supported");
    }
    if (e.description() != null && !out.containsKey("description")) {
      out.put("description", e.description());
    }
    return out;
  }

  /** The LangChain4j answer of a gateway answer. */
  static dev.langchain4j.model.chat.response.ChatResponse fromGateway(
      dev.llmgateway.model.ChatResponse response) {
    List<ToolExecutionRequest> calls = new ArrayList<>();
    for (ToolCall c : response.toolCalls()) {
      calls.add(
          ToolExecutionRequest.builder()
              .id(c.id())
              .name(c.name())
              .arguments(c.argumentsJson())
              .build());
    }
    String text = response.text();
    AiMessage message;
    if (calls.isEmpty()) {
      message = AiMessage.from(text);
    } else if (text.isEmpty()) {
      message = AiMessage.from(calls);
    } else {
      message = AiMessage.from(text, calls);
    }
    return dev.langchain4j.model.chat.response.ChatResponse.builder()
        .aiMessage(message)
        .metadata(
            GatewayChatResponseMetadata.gatewayBuilder()
                .route(response.route())
                .cost(response.cost())
                .id(response.id())
                .modelName(response.model())
                .tokenUsage(tokens(response.usage()))
                .finishReason(finish(response.finishReason()))
                .build())
        .build();
  }

  static TokenUsage tokens(Usage usage) {
    return new TokenUsage(
        Math.toIntExact(usage.inputTokens()), Math.toIntExact(usage.outputTokens()));
  }

  static FinishReason finish(dev.llmgateway.model.FinishReason reason) {
    return switch (reason) {
      case STOP -> FinishReason.STOP;
      case LENGTH -> FinishReason.LENGTH;
      case TOOL_CALLS -> FinishReason.TOOL_EXECUTION;
      case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
      case OTHER -> FinishReason.OTHER;
    };
  }
}
