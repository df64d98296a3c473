package dev.llmgateway.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.CacheControl;
import dev.llmgateway.model.CachePolicy;
import dev.llmgateway.model.CallOptions;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.model.ToolDefinition;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
  private static final Map<String, Object> SCHEMA =
      Map.of("type", "object", "properties", Map.of("q", Map.of("type", "string")));

  private static ChatRequest.Builder base() {
    return ChatRequest.builder().model("faq").system("Be brief.").user("hello");
  }

  private static String key(ChatRequest r) {
    return CacheKeys.key(r, "tenant=acme");
  }

  @Test
  void keyIsSixtyFourHexCharactersAndStable() {
    String k = key(base().build());
    assertThat(k).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(key(base().build())).isEqualTo(k);
  }

  @Test
  void everyParameterThatChangesTheAnswerChangesTheKey() {
    String k = key(base().build());
    List<UnaryOperator<ChatRequest.Builder>> changes =
        List.of(
            b -> b.model("other"),
            b -> b.user("again"),
            b -> b.temperature(0.0),
            b -> b.topP(0.5),
            b -> b.maxTokens(10),
            b -> b.stop("END"),
            b -> b.seed(1),
            b -> b.tool(ToolDefinition.of("search", "Searches", SCHEMA)),
            b ->
                b.tool(ToolDefinition.of("search", "Searches", SCHEMA))
                    .toolChoice(ToolChoice.REQUIRED),
            b -> b.responseFormat(ResponseFormat.JSON_OBJECT),
            b -> b.responseFormat(ResponseFormat.jsonSchema("answer", SCHEMA)),
            b -> b.endUser("u-1"),
            b -> b.extraParam("logprobs", true),
            b ->
                b.message(Message.user(new ContentPart.Image("https://x/y.png", null, null, null))),
            b ->
                b.message(Message.assistant("", List.of(new ToolCall("c1", "search", "{}"))))
                    .message(Message.toolResult("c1", "found")));
    for (UnaryOperator<ChatRequest.Builder> change : changes) {
      assertThat(key(change.apply(base()).build())).isNotEqualTo(k);
    }
    assertThat(CacheKeys.key(base().build(), "tenant=globex")).isNotEqualTo(k);
  }

  @Test
  void reasoningSettingsAndBlocksChangeTheKey() {
    String k = key(base().build());
    List<UnaryOperator<ChatRequest.Builder>> changes =
        List.of(
            b -> b.reasoning(ReasoningEffort.LOW),
            b -> b.reasoning(Reasoning.effort(ReasoningEffort.LOW).withThoughts()),
            b -> b.reasoning(ReasoningEffort.HIGH),
            b -> b.reasoning(Reasoning.budget(2_000)),
            b -> b.reasoning(Reasoning.budget(2_001)),
            b ->
                b.message(Message.assistant("hi").withReasoning(List.of(ReasoningBlock.text("t")))),
            b ->
                b.message(
                    Message.assistant("hi")
                        .withReasoning(List.of(ReasoningBlock.signed("t", "sig-1")))),
            b ->
                b.message(
                    Message.assistant("hi")
                        .withReasoning(List.of(ReasoningBlock.redacted("data")))),
            b ->
                b.message(
                    Message.assistant("hi")
                        .withReasoning(
                            List.of(new ReasoningBlock("t", null, null, "rs_1", "enc")))));
    List<String> keys = new java.util.ArrayList<>();
    keys.add(k);
    keys.add(key(base().message(Message.assistant("hi")).build()));
    for (UnaryOperator<ChatRequest.Builder> change : changes) {
      keys.add(key(change.apply(base()).build()));
    }
    assertThat(keys).doesNotHaveDuplicates();
    assertThat(key(base().reasoning(ReasoningEffort.HIGH).build()))
        .isEqualTo(key(base().reasoning(ReasoningEffort.HIGH).build()));
  }

  @Test
  void promptCacheMarkersAndKeysDoNotChangeTheKey() {
    String k = key(base().build());
    ChatRequest marked =
        ChatRequest.builder()
            .model("faq")
            .message(
                Message.system("Be brief.").cacheable(CacheControl.ttl(CacheControl.Ttl.ONE_HOUR)))
            .message(Message.user("hello").cacheable())
            .promptCacheKey("faq-v1")
            .build();
    assertThat(key(marked)).isEqualTo(k);
    ToolDefinition tool = ToolDefinition.of("search", "Searches", SCHEMA);
    assertThat(key(base().tool(tool).cacheTools().build()))
        .isEqualTo(key(base().tool(tool).build()));
  }

  @Test
  void contextOptionsAndPolicyDoNotChangeTheKey() {
    String k = key(base().build());
    ChatRequest other =
        base()
            .context(RequestContext.tenant("zzz").team("t").feature("f").user("u").tag("a", "b"))
            .options(new CallOptions(Duration.ofSeconds(1), 2, Map.of("X-Trace", "1")))
            .cachePolicy(CachePolicy.ttl(Duration.ofSeconds(9)))
            .build();
    assertThat(key(other)).isEqualTo(k);
  }

  @Test
  void mapOrderAndNumberSpellingDoNotChangeTheKey() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("x", 1);
    a.put("y", Map.of("p", 0.10, "q", List.of(1L, 2)));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("y", Map.of("q", List.of(1, 2.0), "p", new BigDecimal("0.1")));
    b.put("x", 1.0);
    assertThat(key(base().extraParam("opts", a).build()))
        .isEqualTo(key(base().extraParam("opts", b).build()));
  }

  @Test
  void fieldsHoldingTheirDefaultAreLeftOutOfTheDocument() {
    assertThat(CacheKeys.canonical(base().build(), "p"))
        .isEqualTo(
            "{\"v\":3,\"model\":\"faq\",\"partition\":\"p\",\"messages\":["
                + "{\"role\":\"SYSTEM\",\"content\":[{\"type\":\"text\",\"text\":\"Be brief.\"}]},"
                + "{\"role\":\"USER\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}]}");
    assertThat(key(base().responseFormat(ResponseFormat.TEXT).build()))
        .isEqualTo(key(base().build()));
  }

  @Test
  void aValueThatLooksLikeADefaultStillChangesTheKey() {
    String k = key(base().build());
    assertThat(key(base().extraParam("metadata", Map.of()).build())).isNotEqualTo(k);
    assertThat(key(base().extraParam("flag", false).build())).isNotEqualTo(k);
    assertThat(key(base().temperature(0.0).build())).isNotEqualTo(k);
    assertThat(key(base().seed(0).build())).isNotEqualTo(k);
    assertThat(key(base().tool(ToolDefinition.of("noop", null, Map.of())).build())).isNotEqualTo(k);
  }

  @Test
  void stringsAreEscapedSoThatStructureCannotBeForged() {
    assertThat(key(base().user("a\",\"b").build()))
        .isNotEqualTo(key(base().user("a").user("b").build()));
    assertThat(CacheKeys.canonical(base().user("tab\there\u0001").build(), "p"))
        .contains("tab\\there\\u0001");
  }
}
