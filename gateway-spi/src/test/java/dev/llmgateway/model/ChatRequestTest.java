package dev.llmgateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.InvalidRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatRequestTest {

  private static ChatRequest.Builder minimal() {
    return ChatRequest.builder().model("fast").user("hi");
  }

  @Test
  void buildsWithEveryFieldAndRoundTripsThroughToBuilder() {
    ToolDefinition tool = ToolDefinition.of("get_weather", "Weather", Map.of("type", "object"));
    ChatRequest request =
        ChatRequest.builder()
            .model("fast")
            .system("Be brief.")
            .user("What is the weather?")
            .temperature(0.2)
            .topP(0.9)
            .maxTokens(100)
            .stop("END")
            .seed(7)
            .tool(tool)
            .toolChoice(ToolChoice.named("get_weather"))
            .responseFormat(ResponseFormat.JSON_OBJECT)
            .endUser("u-1")
            .context(RequestContext.tenant("acme").team("support"))
            .cachePolicy(CachePolicy.NO_CACHE)
            .timeout(Duration.ofSeconds(5))
            .extraParam("logprobs", true)
            .build();

    assertThat(request.toBuilder().build()).isEqualTo(request);
    assertThat(request.messages()).hasSize(2);
    assertThat(request.options().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(request.extraParams()).containsEntry("logprobs", true);
    assertThat(request.withModel("openai/gpt-4o").model()).isEqualTo("openai/gpt-4o");
    assertThat(request.withModel("fast")).isSameAs(request);
  }

  @Test
  void rejectsOutOfRangeValuesNamingTheField() {
    assertThatThrownBy(() -> minimal().temperature(2.5).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("temperature")
        .hasMessageContaining("2.5")
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("temperature");
    assertThatThrownBy(() -> minimal().maxTokens(0).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("maxTokens:");
    assertThatThrownBy(() -> minimal().topP(0).build()).hasMessageStartingWith("topP:");
    assertThatThrownBy(() -> minimal().temperature(Double.NaN).build())
        .hasMessageStartingWith("temperature:");
    assertThatThrownBy(() -> minimal().stop("").build()).hasMessageStartingWith("stop[0]:");
  }

  @Test
  void rejectsMissingModelAndMessages() {
    assertThatThrownBy(() -> ChatRequest.builder().user("hi").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("model:");
    assertThatThrownBy(() -> ChatRequest.builder().model("fast").build())
        .hasMessageStartingWith("messages:");
  }

  @Test
  void rejectsToolChoiceNamingAnUnknownTool() {
    assertThatThrownBy(() -> minimal().toolChoice(ToolChoice.named("nope")).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> minimal().toolChoice(ToolChoice.REQUIRED).build())
        .hasMessageStartingWith("toolChoice:");
  }

  @Test
  void rejectsDuplicateToolNames() {
    ToolDefinition tool = ToolDefinition.of("t", null, Map.of());
    assertThatThrownBy(() -> minimal().tool(tool).tool(tool).build())
        .hasMessageContaining("duplicate tool name 't'");
  }

  @Test
  void copiesJsonLikeValuesDeeplyAndRejectsOthers() {
    Map<String, Object> props = new HashMap<>();
    props.put("city", new HashMap<>(Map.of("type", "string")));
    Map<String, Object> schema = new HashMap<>();
    schema.put("type", "object");
    schema.put("properties", props);
    List<Object> required = new ArrayList<>(List.of("city"));
    schema.put("required", required);
    ToolDefinition tool = ToolDefinition.of("w", null, schema);

    props.put("country", Map.of());
    required.add("country");
    assertThat(tool.parameters().get("properties"))
        .isEqualTo(Map.of("city", Map.of("type", "string")));
    assertThat(tool.parameters().get("required")).isEqualTo(List.of("city"));
    assertThatThrownBy(() -> tool.parameters().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);

    assertThatThrownBy(() -> minimal().extraParam("bad", new Object()).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("extraParams.bad");
  }

  @Test
  void messagesEnforceRoleRules() {
    assertThatThrownBy(
            () ->
                new Message(
                    Role.USER, List.of(), List.of(new ToolCall("1", "t", "{}")), null, null))
        .hasMessageContaining("only assistant messages carry tool calls");
    assertThatThrownBy(
            () -> new Message(Role.TOOL, List.of(ContentPart.text("x")), List.of(), null, null))
        .hasMessageStartingWith("message.toolCallId:");
    assertThatThrownBy(
            () ->
                new Message(
                    Role.SYSTEM,
                    List.of(ContentPart.imageUrl("https://example.com/a.png")),
                    List.of(),
                    null,
                    null))
        .hasMessageContaining("only user messages may contain images");
    Message withImage =
        Message.user(ContentPart.text("look"), ContentPart.imageBase64("image/png", "AAAA"));
    assertThat(withImage.hasImages()).isTrue();
    assertThat(withImage.text()).isEqualTo("look");
    assertThat(((ContentPart.Image) withImage.content().get(1)).asUrl())
        .isEqualTo("data:image/png;base64,AAAA");
  }

  @Test
  void requestContextIsImmutableAndFluent() {
    RequestContext base = RequestContext.tenant("acme");
    RequestContext full = base.team("support").feature("faq").user("u-1").tag("env", "prod");
    assertThat(base.team()).isNull();
    assertThat(full.tenant()).isEqualTo("acme");
    assertThat(full.tags()).containsExactly(Map.entry("env", "prod"));
    assertThatThrownBy(() -> base.team(" ")).hasMessageStartingWith("context.team:");
  }

  @Test
  void nullStopSequencesAreAnInvalidRequestNamingTheField() {
    assertThatThrownBy(() -> minimal().stop((String[]) null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must not be null")
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("stop");
    assertThatThrownBy(() -> minimal().stop("END", null))
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("stop[1]");
    // The builder copies the array: changing it afterwards changes nothing.
    String[] stop = {"END"};
    ChatRequest.Builder b = minimal().stop(stop);
    stop[0] = "CHANGED";
    assertThat(b.build().stop()).containsExactly("END");
  }
}
