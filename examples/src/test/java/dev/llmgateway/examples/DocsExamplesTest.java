package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each capability page's Java example is the compiled code of its example class: the block after
 * {@code <!-- example: Class -->} in the page equals, up to whitespace, the lines between the
 * class's {@code // docs/page.md: begin} and {@code // docs/page.md: end} markers.
 */
class DocsExamplesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @ParameterizedTest
  @CsvSource({
    "docs/reasoning.md, ReasoningExample",
    "docs/prompt-caching.md, PromptCachingExample",
    "docs/responses-api.md, ResponsesApiExample",
    "docs/images.md, MediaExample",
    "docs/audio.md, MediaExample",
  })
  void thePagesExampleIsTheCompiledExample(String page, String example) throws IOException {
    List<String> doc = Files.readAllLines(ROOT.resolve(page), StandardCharsets.UTF_8);
    List<String> source =
        Files.readAllLines(
            ROOT.resolve("examples/src/main/java/dev/llmgateway/examples/" + example + ".java"),
            StandardCharsets.UTF_8);

    List<String> block = javaBlockAfter(doc, "<!-- example: " + example + " -->");
    List<String> region = between(source, "// " + page + ": begin", "// " + page + ": end");

    assertThat(block).as("the Java block of " + page).isNotEmpty();
    assertThat(code(block)).isEqualTo(code(region));
  }

  private static List<String> javaBlockAfter(List<String> lines, String marker) {
    int at = lines.indexOf(marker);
    assertThat(at).as("marker " + marker).isNotNegative();
    List<String> block = new ArrayList<>();
    boolean inside = false;
    for (String line : lines.subList(at + 1, lines.size())) {
      if (!inside && line.strip().equals("```java")) {
        inside = true;
      } else if (inside && line.strip().equals("```")) {
        return block;
      } else if (inside) {
        block.add(line);
      }
    }
    return block;
  }

  private static List<String> between(List<String> lines, String begin, String end) {
    List<String> region = new ArrayList<>();
    boolean inside = false;
    for (String line : lines) {
      if (line.strip().equals(begin)) {
        inside = true;
      } else if (line.strip().equals(end)) {
        return region;
      } else if (inside) {
        region.add(line);
      }
    }
    throw new AssertionError("no region " + begin + " .. " + end);
  }

  /** The code without blank lines, each line stripped and its inner whitespace collapsed. */
  private static List<String> code(List<String> lines) {
    return lines.stream()
        .map(line -> line.strip().replaceAll("\\s+", " "))
        .filter(line -> !line.isEmpty())
        .toList();
  }
}
