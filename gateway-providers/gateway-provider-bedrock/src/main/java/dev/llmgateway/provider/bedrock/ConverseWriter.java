package dev.llmgateway.provider.bedrock;

import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.model.CacheControl;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolDefinition;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointBlock;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Turns a normalized {@link ChatRequest} into the parts of a Converse (or ConverseStream) request.
 *
 * <ul>
 *   <li>System messages go to {@code system}; the other turns to {@code messages}, where tool
 *       results are {@code user} turns with {@code toolResult} blocks (their content as {@code
 *       text}) and consecutive turns of the same role are merged into one, as Converse requires
 *       alternating roles.
 *   <li>Inline images become {@code image} blocks with their bytes ({@code png}, {@code jpeg},
 *       {@code gif}, {@code webp}); {@code data:} URLs are decoded; other URLs are refused, as
 *       Bedrock takes image bytes only.
 *   <li>Assistant tool calls become {@code toolUse} blocks whose {@code input} is the parsed
 *       arguments JSON.
 *   <li>Tools go to {@code toolConfig.tools[].toolSpec} with the schema as {@code
 *       inputSchema.json}; tool choice {@code AUTO} is {@code auto}, {@code REQUIRED} is {@code
 *       any}, a named tool is {@code tool}; Converse has no {@code none}, so {@code NONE} sends the
 *       tools without a choice.
 *   <li>{@code maxTokens}, {@code temperature}, {@code topP} and {@code stop} go to {@code
 *       inferenceConfig}; {@code extraParams} go to {@code additionalModelRequestFields}, beside
 *       (and over) the reasoning fields {@link BedrockReasoning} adds.
 *   <li>An assistant turn's reasoning blocks come first in its content: a signed block as {@code
 *       reasoningContent.reasoningText} with its signature, a redacted one as {@code
 *       reasoningContent.redactedContent} (its base64 decoded to bytes); blocks with neither are
 *       left out, since Bedrock cannot verify them.
 *   <li>Prompt-cache markers become {@code cachePoint} blocks (type {@code default}, with {@code
 *       ttl} when one is set): after a marked system text, after a marked message's content, and
 *       after the tools when they are marked.
 * </ul>
 */
final class ConverseWriter {
  /** The Converse request fields, shared by the plain and the streamed request. */
  record Parts(
      List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages,
      List<SystemContentBlock> system,
      @Nullable InferenceConfiguration inferenceConfig,
      @Nullable ToolConfiguration toolConfig,
      @Nullable Document additionalModelRequestFields) {}

  private ConverseWriter() {}

  /**
   * Maps the request.
   *
   * @throws InvalidRequestException naming the field Bedrock cannot take
   */
  static Parts parts(ChatRequest request, String modelId) {
    BedrockReasoning.Plan reasoning = BedrockReasoning.plan(request, modelId);
    List<SystemContentBlock> system = new ArrayList<>();
    List<Turn> turns = new ArrayList<>();
    List<Message> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      String field = "messages[" + i + "]";
      switch (message.role()) {
        case SYSTEM:
          String text = message.text();
          if (!text.isEmpty()) {
            system.add(SystemContentBlock.fromText(text));
            if (message.cacheControl() != null) {
              system.add(SystemContentBlock.fromCachePoint(cachePoint(message.cacheControl())));
            }
          }
          break;
        case USER:
          add(turns, ConversationRole.USER, marked(userBlocks(message, field), message));
          break;
        case ASSISTANT:
          add(turns, ConversationRole.ASSISTANT, marked(assistantBlocks(message, field), message));
          break;
        case TOOL:
          add(turns, ConversationRole.USER, marked(List.of(toolResult(message)), message));
          break;
      }
    }
    List<software.amazon.awssdk.services.bedrockruntime.model.Message> out = new ArrayList<>();
    for (Turn turn : turns) {
      out.add(
          software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
              .role(turn.role)
              .content(turn.blocks)
              .build());
    }
    return new Parts(
        out,
        system,
        inference(request, reasoning == null ? request.maxTokens() : reasoning.maxTokens()),
        tools(request),
        additionalFields(reasoning, request.extraParams()));
  }

  /** The blocks of a message, followed by a cache point when the message is marked. */
  private static List<ContentBlock> marked(List<ContentBlock> blocks, Message message) {
    if (message.cacheControl() == null || blocks.isEmpty()) {
      return blocks;
    }
    List<ContentBlock> withPoint = new ArrayList<>(blocks);
    withPoint.add(ContentBlock.fromCachePoint(cachePoint(message.cacheControl())));
    return withPoint;
  }

  private static CachePointBlock cachePoint(CacheControl cache) {
    CachePointBlock.Builder point = CachePointBlock.builder().type(CachePointType.DEFAULT);
    if (cache.ttl() != null) {
      point.ttl(cache.ttl().wireValue());
    }
    return point.build();
  }

  private static final class Turn {
    final ConversationRole role;
    final List<ContentBlock> blocks = new ArrayList<>();

    Turn(ConversationRole role) {
      this.role = role;
    }
  }

  private static void add(List<Turn> turns, ConversationRole role, List<ContentBlock> blocks) {
    if (blocks.isEmpty()) {
      return;
    }
    Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
    if (last == null || last.role != role) {
      last = new Turn(role);
      turns.add(last);
    }
    last.blocks.addAll(blocks);
  }

  private static List<ContentBlock> userBlocks(Message message, String field) {
    List<ContentBlock> blocks = new ArrayList<>();
    List<ContentPart> content = message.content();
    for (int j = 0; j < content.size(); j++) {
      ContentPart part = content.get(j);
      if (part instanceof ContentPart.Text text) {
        if (!text.text().isEmpty()) {
          blocks.add(ContentBlock.fromText(text.text()));
        }
      } else if (part instanceof ContentPart.Image image) {
        blocks.add(ContentBlock.fromImage(image(image, field + ".content[" + j + "]")));
      }
    }
    return blocks;
  }

  private static List<ContentBlock> assistantBlocks(Message message, String field) {
    List<ContentBlock> blocks = new ArrayList<>();
    for (int j = 0; j < message.reasoning().size(); j++) {
      ReasoningBlock reasoning = message.reasoning().get(j);
      if (reasoning.redactedData() != null) {
        byte[] bytes;
        try {
          bytes = Base64.getDecoder().decode(reasoning.redactedData());
        } catch (IllegalArgumentException e) {
          throw new InvalidRequestException(
              field + ".reasoning[" + j + "].redactedData", "is not valid base64");
        }
        blocks.add(
            ContentBlock.fromReasoningContent(
                ReasoningContentBlock.fromRedactedContent(SdkBytes.fromByteArray(bytes))));
      } else if (reasoning.signature() != null) {
        blocks.add(
            ContentBlock.fromReasoningContent(
                ReasoningContentBlock.fromReasoningText(
                    ReasoningTextBlock.builder()
                        .text(reasoning.text())
                        .signature(reasoning.signature())
                        .build())));
      }
    }
    String text = message.text();
    if (!text.isEmpty()) {
      blocks.add(ContentBlock.fromText(text));
    }
    List<ToolCall> calls = message.toolCalls();
    for (int j = 0; j < calls.size(); j++) {
      ToolCall call = calls.get(j);
      Document input;
      try {
        input =
            call.argumentsJson().isBlank()
                ? Document.fromMap(Map.of())
                : Documents.parse(call.argumentsJson());
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(
            field + ".toolCalls[" + j + "].argumentsJson",
            "must be JSON for Bedrock's toolUse.input: " + e.getMessage());
      }
      blocks.add(
          ContentBlock.fromToolUse(
              ToolUseBlock.builder().toolUseId(call.id()).name(call.name()).input(input).build()));
    }
    return blocks;
  }

  private static ContentBlock toolResult(Message message) {
    return ContentBlock.fromToolResult(
        ToolResultBlock.builder()
            .toolUseId(message.toolCallId())
            .content(ToolResultContentBlock.fromText(message.text()))
            .build());
  }

  private static ImageBlock image(ContentPart.Image image, String field) {
    String mediaType = image.mediaType();
    String data = image.base64Data();
    if (!image.isInline()) {
      String url = image.url() == null ? "" : image.url();
      int comma = url.indexOf(',');
      if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
        throw new InvalidRequestException(
            field + ".image.url",
            "Bedrock takes image bytes only; send the image inline (base64), not by URL");
      }
      mediaType = url.substring("data:".length(), comma - ";base64".length());
      data = url.substring(comma + 1);
    }
    ImageFormat format = format(mediaType == null ? "" : mediaType, field);
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(data == null ? "" : data);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(field + ".image.base64Data", "is not valid base64");
    }
    return ImageBlock.builder()
        .format(format)
        .source(ImageSource.fromBytes(SdkBytes.fromByteArray(bytes)))
        .build();
  }

  private static ImageFormat format(String mediaType, String field) {
    switch (mediaType.toLowerCase(Locale.ROOT)) {
      case "image/png":
        return ImageFormat.PNG;
      case "image/jpeg":
      case "image/jpg":
        return ImageFormat.JPEG;
      case "image/gif":
        return ImageFormat.GIF;
      case "image/webp":
        return ImageFormat.WEBP;
      default:
        throw new InvalidRequestException(
            field + ".image.mediaType",
            "Bedrock takes png, jpeg, gif or webp images, was '" + mediaType + "'");
    }
  }

  private static @Nullable InferenceConfiguration inference(
      ChatRequest request, @Nullable Integer maxTokens) {
    if (maxTokens == null
        && request.temperature() == null
        && request.topP() == null
        && request.stop().isEmpty()) {
      return null;
    }
    InferenceConfiguration.Builder b = InferenceConfiguration.builder();
    if (maxTokens != null) {
      b.maxTokens(maxTokens);
    }
    if (request.temperature() != null) {
      b.temperature(request.temperature().floatValue());
    }
    if (request.topP() != null) {
      b.topP(request.topP().floatValue());
    }
    if (!request.stop().isEmpty()) {
      b.stopSequences(request.stop());
    }
    return b.build();
  }

  private static @Nullable ToolConfiguration tools(ChatRequest request) {
    if (request.tools().isEmpty()) {
      return null;
    }
    List<Tool> tools = new ArrayList<>();
    for (ToolDefinition tool : request.tools()) {
      ToolSpecification.Builder spec =
          ToolSpecification.builder()
              .name(tool.name())
              .inputSchema(ToolInputSchema.fromJson(Documents.fromValue(tool.parameters())));
      if (tool.description() != null && !tool.description().isEmpty()) {
        spec.description(tool.description());
      }
      tools.add(Tool.fromToolSpec(spec.build()));
    }
    if (request.cacheTools() != null) {
      tools.add(Tool.fromCachePoint(cachePoint(request.cacheTools())));
    }
    ToolConfiguration.Builder config = ToolConfiguration.builder().tools(tools);
    dev.llmgateway.model.ToolChoice choice = request.toolChoice();
    if (choice != null) {
      switch (choice.mode()) {
        case AUTO:
          config.toolChoice(ToolChoice.fromAuto(AutoToolChoice.builder().build()));
          break;
        case REQUIRED:
          config.toolChoice(ToolChoice.fromAny(AnyToolChoice.builder().build()));
          break;
        case NAMED:
          config.toolChoice(
              ToolChoice.fromTool(SpecificToolChoice.builder().name(choice.toolName()).build()));
          break;
        case NONE:
          break;
      }
    }
    return config.build();
  }

  private static @Nullable Document additionalFields(
      BedrockReasoning.@Nullable Plan reasoning, Map<String, @Nullable Object> extraParams) {
    if (extraParams.isEmpty() && reasoning == null) {
      return null;
    }
    Map<String, @Nullable Object> fields = new LinkedHashMap<>();
    if (reasoning != null) {
      fields.putAll(reasoning.fields());
    }
    fields.putAll(extraParams);
    return Documents.fromValue(fields);
  }
}
