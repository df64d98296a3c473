package dev.llmgateway.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.CacheControl;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ToolDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrefixHashTest {
  private static final ToolDefinition TOOL =
      ToolDefinition.of("lookup", "Looks up a page", Map.of("type", "object"));

  private static ChatRequest.Builder base() {
    return ChatRequest.builder().model("a").message(Message.system("Manual.").cacheable());
  }

  private static List<Long> hash(ChatRequest r) {
    long[] h = PrefixHash.of(r);
    return h == null ? null : List.of(h[0], h[1]);
  }

  @Test
  void noMarkerNoHash() {
    assertThat(PrefixHash.of(ChatRequest.builder().model("a").user("hi").build())).isNull();
  }

  @Test
  void onlyTheMarkedPrefixCounts() {
    List<Long> h = hash(base().user("one").build());
    assertThat(hash(base().user("two").assistant("x").user("three").build())).isEqualTo(h);
    assertThat(hash(base().tool(TOOL).user("with a tool, unmarked").build())).isEqualTo(h);
    // The lifetime of a marker is not part of the prefix.
    ChatRequest hour =
        ChatRequest.builder()
            .model("a")
            .message(
                Message.system("Manual.").cacheable(CacheControl.ttl(CacheControl.Ttl.ONE_HOUR)))
            .user("one")
            .build();
    assertThat(hash(hour)).isEqualTo(h);
  }

  @Test
  void everyPartOfThePrefixChangesTheHash() {
    List<List<Long>> hashes =
        List.of(
            hash(base().build()),
            hash(base().message(Message.user("more").cacheable()).build()),
            hash(
                ChatRequest.builder()
                    .model("a")
                    .message(Message.system("Manual!").cacheable())
                    .build()),
            hash(
                ChatRequest.builder()
                    .model("a")
                    .message(Message.user("Manual.").cacheable())
                    .build()),
            hash(base().tool(TOOL).cacheTools().build()),
            hash(
                base()
                    .tool(ToolDefinition.of("lookup", "Looks up a page", Map.of("type", "string")))
                    .cacheTools()
                    .build()),
            hash(
                base()
                    .message(
                        Message.assistant("a")
                            .withReasoning(List.of(ReasoningBlock.signed("t", "s1")))
                            .cacheable())
                    .build()),
            hash(
                base()
                    .message(
                        Message.assistant("a")
                            .withReasoning(List.of(ReasoningBlock.signed("t", "s2")))
                            .cacheable())
                    .build()));
    assertThat(hashes).doesNotContainNull().doesNotHaveDuplicates();
  }

  @Test
  void schemaKeyOrderDoesNotMatter() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("type", "object");
    a.put("required", List.of("q"));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("required", List.of("q"));
    b.put("type", "object");
    assertThat(hash(base().tool(ToolDefinition.of("t", null, a)).cacheTools().build()))
        .isEqualTo(hash(base().tool(ToolDefinition.of("t", null, b)).cacheTools().build()));
  }
}
