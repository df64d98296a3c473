package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt of 8 million characters is estimated in bounded memory, and one of 10 MB is refused by
 * validation: {@link HugePromptProbe} runs in a child JVM limited to 256 MB of heap, where the
 * unbounded tokenizer ran out of memory.
 */
class HugePromptTest {
  private static final Pattern ESTIMATE = Pattern.compile("([0-9,]+) estimated input tokens");

  @Test
  void hugePromptsAreEstimatedInBoundedMemoryOrRefused(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("probe.out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path");
    if (classPath == null || classPath.isBlank()) {
      classPath = System.getProperty("java.class.path");
    }
    Process child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    classPath,
                    HugePromptProbe.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    boolean ended = child.waitFor(180, TimeUnit.SECONDS);
    if (!ended) {
      child.destroyForcibly();
    }
    String output = read(out);
    assertThat(ended).as("probe ended within 180 s; output:%n%s", output).isTrue();
    assertThat(child.exitValue()).as("probe exit code; output:%n%s", output).isZero();

    Matcher heap = Pattern.compile("maxMemory (\\d+)").matcher(output);
    assertThat(heap.find()).as(output).isTrue();
    assertThat(Long.parseLong(heap.group(1))).isLessThanOrEqualTo(256L * 1024 * 1024);

    // The budget of $1 refuses the 8 M character prompt, saying what it needed and why.
    assertThat(output).contains("refused Budget 'global (LIFETIME 1 USD)'");
    Matcher m = ESTIMATE.matcher(output);
    assertThat(m.find()).as(output).isTrue();
    long estimate = Long.parseLong(m.group(1).replace(",", ""));
    // Random letters are about 0.5 o200k tokens per character, and never more than one per byte.
    assertThat(estimate).isBetween(3_000_000L, (long) HugePromptProbe.LARGEST_VALID_PROMPT);

    // A budget large enough admits it; the reservation is settled.
    assertThat(output).contains("answered ok from prod/gpt-4o; reserved after $0.000000000");

    // Ten megabytes are above the validation limit: refused before anything is estimated.
    assertThat(output).contains("invalid messages: ");
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
