package dev.llmgateway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo, run in process against {@code examples/demo.yaml}: it is repeatable, and the
 * file drives it.
 */
class DemoTest {
  private static final Path CONFIG = Path.of("demo.yaml");

  @Test
  void twoRunsPrintTheSameSummaryAndItReportsEveryPart() {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    // No terminal under the test runner: the bar must draw nothing.
    PrintStream out = printer(header);
    Summary.Result first = Demo.run(CONFIG, out, Progress.onTerminal(out, Demo.CALLS));
    Summary.Result second = Demo.run(CONFIG, printer(new ByteArrayOutputStream()), Progress.none());

    assertThat(second.text()).isEqualTo(first.text());
    assertThat(second.split()).isEqualTo(first.split());
    assertThat(header.toString(StandardCharsets.UTF_8))
        .startsWith("LLM gateway demo: " + Demo.CALLS + " calls")
        .doesNotContain("\r");
    assertThat(first.text())
        .contains(
            "Traffic:",
            "Fallbacks:",
            "CLOSED -> OPEN",
            "HALF_OPEN -> CLOSED",
            "came from the cache",
            "Spend per team and feature",
            "team=marketing (DAILY 0.03 USD)",
            "refused: budget of team=marketing",
            "refused: quota of team=search",
            "p99",
            "last resort: Circuit 'claude/claude-sonnet-4-5#default' is OPEN");
    assertThat(first.split().keySet()).containsExactly("bulk", "chat", "smart");
    assertThat(first.text().lines().toList())
        .as("the README's excerpt of the summary (update it from a run of the demo)")
        .containsAll(readmeExcerpt());
  }

  /** The lines of the README's text block after "An excerpt:". */
  private static List<String> readmeExcerpt() {
    List<String> readme;
    try {
      readme = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int at = -1;
    for (int i = 0; i < readme.size(); i++) {
      if (readme.get(i).endsWith("An excerpt:")) {
        at = i;
        break;
      }
    }
    assertThat(at).as("the README's \"An excerpt:\"").isNotNegative();
    assertThat(readme.get(at + 2)).isEqualTo("```text");
    List<String> excerpt = new ArrayList<>();
    for (String line : readme.subList(at + 3, readme.size())) {
      if (line.equals("```")) {
        break;
      }
      excerpt.add(line);
    }
    assertThat(excerpt).hasSizeGreaterThan(5);
    return excerpt;
  }

  @Test
  void theSplitFollowsTheWeightsOfTheFile(@TempDir Path dir) throws IOException {
    String yaml = Files.readString(CONFIG, StandardCharsets.UTF_8);
    String sonnet = "{provider: claude, model: claude-sonnet-4-5, weight: 70}";
    assertThat(yaml).contains(sonnet);
    Path changed = dir.resolve("demo.yaml");
    Files.writeString(changed, yaml.replace(sonnet, sonnet.replace("70", "5")));

    Map<String, Integer> before =
        Demo.run(CONFIG, printer(new ByteArrayOutputStream()), Progress.none())
            .split()
            .get("smart");
    Map<String, Integer> after =
        Demo.run(changed, printer(new ByteArrayOutputStream()), Progress.none())
            .split()
            .get("smart");

    int gpt4oBefore = before.get("openai/gpt-4o");
    int gpt4oAfter = after.get("openai/gpt-4o");
    assertThat(gpt4oAfter).isGreaterThan(gpt4oBefore + 30);
    assertThat(after.getOrDefault("claude/claude-sonnet-4-5", 0))
        .isLessThan(before.get("claude/claude-sonnet-4-5") / 2);
  }

  private static PrintStream printer(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
