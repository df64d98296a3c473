package dev.llmgateway.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.RecordedCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it" example, as a consumer that imports only gateway-bom builds and runs it.
 */
class ReadmeExampleTest {
  private static final String QUESTION = "What is a circuit breaker?";

  @Test
  void theReadmeShowsTheCompiledExampleWithItsImports() throws IOException {
    List<String> readme = javaBlockOfUseIt(lines(System.getProperty("readme")));
    List<String> source = lines(System.getProperty("example.source"));

    assertEquals(
        imports(source),
        imports(readme),
        "the README's imports are those ReadmeExample compiles with");
    assertEquals(
        code(region(source, "// README: begin", "// README: end")),
        code(readme.stream().filter(line -> !line.startsWith("import ")).toList()),
        "the README's code is ReadmeExample.main's, up to whitespace");
  }

  @Test
  void theReadmeClientAnswersPlainAndStreamedFromTheFakeServer() {
    try (FakeLlmServer server = FakeLlmServer.start()) {
      String answerText;
      TargetRef answeredBy;
      StringBuilder streamed = new StringBuilder();
      Usage usage;
      // As in the README, but pointed at the fake server (the keys come from the environment).
      try (GatewayClient gateway =
          GatewayClient.builder()
              .provider(
                  "openai",
                  p ->
                      p.type("openai")
                          .baseUrl(server.baseUrl())
                          .apiKey(Secret.env("OPENAI_API_KEY")))
              .provider(
                  "backup",
                  p ->
                      p.type("openai")
                          .baseUrl(server.baseUrl())
                          .key("primary", Secret.env("BACKUP_KEY_1"), 70)
                          .key("secondary", Secret.env("BACKUP_KEY_2"), 30))
              .alias(
                  "fast",
                  a ->
                      a.target("openai", "gpt-4o-mini", 60)
                          .target("backup", "gpt-4.1-mini", 40)
                          .fallback("openai/gpt-4o"))
              .build()) {

        ChatRequest request =
            ChatRequest.builder()
                .model("fast")
                .system("Answer in one sentence.")
                .user(QUESTION)
                .maxTokens(200)
                .context(RequestContext.tenant("acme").team("support").feature("faq"))
                .build();

        ChatResponse answer = gateway.chat(request);
        answerText = answer.text();
        answeredBy = answer.route().target();

        try (ChatStream stream = gateway.stream(request)) {
          stream.forEach(chunk -> streamed.append(chunk.text()));
          usage = stream.response().usage();
        }
      }

      assertEquals("Echo: " + QUESTION, answerText);
      assertTrue(
          Set.of(new TargetRef("openai", "gpt-4o-mini"), new TargetRef("backup", "gpt-4.1-mini"))
              .contains(answeredBy),
          () -> "answered by a target of the alias, not " + answeredBy);
      assertEquals("Echo: " + QUESTION, streamed.toString());
      // The fake counts words: 4 + 5 in the messages, 6 in the answer.
      assertEquals(9, usage.inputTokens());
      assertEquals(6, usage.outputTokens());

      List<RecordedCall> calls = server.requests();
      assertEquals(2, calls.size());
      for (RecordedCall call : calls) {
        assertEquals("/v1/chat/completions", call.path());
        assertTrue(
            Set.of(
                    "Bearer sk-consumer-openai",
                    "Bearer sk-consumer-backup-1",
                    "Bearer sk-consumer-backup-2")
                .contains(call.header("Authorization")),
            () -> "a key from the environment, not " + call.header("Authorization"));
      }
    }
  }

  private static List<String> lines(String path) throws IOException {
    return Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
  }

  /** The lines of the first Java code block after the README's "## Use it" heading. */
  private static List<String> javaBlockOfUseIt(List<String> readme) {
    int heading = readme.indexOf("## Use it");
    assertTrue(heading >= 0, "the README has a \"## Use it\" section");
    int open = -1;
    for (int i = heading + 1; i < readme.size() && !readme.get(i).startsWith("## "); i++) {
      if (readme.get(i).equals("```java")) {
        open = i;
        break;
      }
    }
    assertTrue(open >= 0, "\"Use it\" has a ```java block");
    return region(readme, "```java", "```", open);
  }

  private static List<String> region(List<String> lines, String begin, String end) {
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(begin)) {
        at = i;
        break;
      }
    }
    assertTrue(at >= 0, () -> "no line " + begin);
    return region(lines, begin, end, at);
  }

  /** The lines after {@code lines[from]} (which is {@code begin}) up to the next {@code end}. */
  private static List<String> region(List<String> lines, String begin, String end, int from) {
    List<String> inside = new ArrayList<>();
    for (int i = from + 1; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(end)) {
        return inside;
      }
      inside.add(lines.get(i));
    }
    throw new AssertionError("no line " + end + " after " + begin);
  }

  private static Set<String> imports(List<String> lines) {
    Set<String> imports = new TreeSet<>();
    for (String line : lines) {
      if (line.startsWith("import ")) {
        imports.add(line.strip());
      }
    }
    return imports;
  }

  /** The code without any whitespace, so that formatting differences do not count. */
  private static String code(List<String> lines) {
    return String.join("\n", lines).replaceAll("\\s+", "");
  }
}
