package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of {@code README.md} and of each Markdown page under {@code docs/} is compiled
 * code: the fenced {@code java} block is preceded by {@code <!-- snippet: name -->} and equals,
 * ignoring whitespace (so line breaks and indentation may differ), the lines between {@code //
 * snippet: name} and {@code // end snippet: name} in a Java source under any module's {@code src}
 * ({@code src/main/java} or {@code src/test/java}, module declarations included; {@code examples}
 * for the core pages, {@code examples-integrations} for the Spring and LangChain4j pages), which
 * the build compiles. A block may instead follow {@code <!-- example: Class -->}, which {@link
 * DocsExamplesTest} checks against the whole example class.
 *
 * <p>So a snippet that stops compiling fails the build (its source does), and so does one that
 * drifts from its source, a block without a marker, a marker without a source, and a source region
 * no page uses. Pages added to {@code docs/} later are covered without listing them here.
 */
class SnippetsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final String SNIPPET = "<!-- snippet: ";
  private static final String EXAMPLE = "<!-- example: ";
  private static final String BEGIN = "// snippet: ";
  private static final String END = "// end snippet: ";

  /** A fenced Java block of a page. */
  private record Block(String page, int line, String marker, List<String> lines) {
    String where() {
      return page + ":" + line;
    }

    List<String> imports() {
      return lines.stream().map(String::strip).filter(l -> l.startsWith("import ")).toList();
    }

    List<String> code() {
      return lines.stream().filter(l -> !l.strip().startsWith("import ")).toList();
    }
  }

  /** A region of a source file, and that file's imports. */
  private record Region(List<String> lines, List<String> imports) {}

  @Test
  void everyJavaBlockOfTheDocsIsTheCompiledSourceItNames() {
    Map<String, Region> regions = regions();
    List<String> problems = new ArrayList<>();
    TreeSet<String> used = new TreeSet<>();
    for (Block block : blocks()) {
      if (block.marker().startsWith(EXAMPLE)) {
        String example = block.marker().substring(EXAMPLE.length()).replace("-->", "").strip();
        if (!exampleExists(example)) {
          problems.add(block.where() + ": no class " + example + " in examples or consumer-it");
        }
        continue;
      }
      if (!block.marker().startsWith(SNIPPET)) {
        problems.add(
            block.where()
                + ": a java block without a marker; put <!-- snippet: some-name --> on the line"
                + " before it and the code between // snippet: some-name and // end snippet:"
                + " some-name in a source, such as examples/src/main/java/dev/llmgateway/examples/"
                + "snippets (see SnippetsTest)");
        continue;
      }
      String name = block.marker().substring(SNIPPET.length(), block.marker().length() - 4).strip();
      used.add(name);
      Region region = regions.get(name);
      if (region == null) {
        problems.add(
            block.where()
                + ": no Java source under a src directory has the snippet '"
                + name
                + "'");
        continue;
      }
      for (String imported : block.imports()) {
        if (!region.imports().contains(imported)) {
          problems.add(
              block.where()
                  + ": '"
                  + imported
                  + "' is not an import of the source of '"
                  + name
                  + "'");
        }
      }
      if (!squeeze(region.lines()).equals(squeeze(block.code()))) {
        problems.add(
            block.where()
                + ": the snippet '"
                + name
                + "' differs from its source.\n--- page:\n"
                + String.join("\n", block.code())
                + "\n--- source:\n"
                + String.join("\n", region.lines()));
      }
    }
    for (String name : regions.keySet()) {
      if (!used.contains(name)) {
        problems.add("the snippet '" + name + "' is shown by no page");
      }
    }
    assertThat(problems).as(String.join("\n\n", problems)).isEmpty();
  }

  @Test
  void theCheckSeesTheReadmeAndEveryPageOfDocs() throws IOException {
    List<Path> pages = pages();
    assertThat(pages).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/configuration.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      assertThat(pages).containsAll(docs.filter(p -> p.toString().endsWith(".md")).toList());
    }
    assertThat(blocks()).hasSizeGreaterThan(30);
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  private static List<Block> blocks() {
    List<Block> blocks = new ArrayList<>();
    try {
      for (Path page : pages()) {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        String name = ROOT.relativize(page).toString();
        for (int i = 0; i < lines.size(); i++) {
          if (!lines.get(i).strip().equals("```java")) {
            continue;
          }
          String marker = "";
          for (int k = i - 1; k >= 0; k--) {
            if (!lines.get(k).isBlank()) {
              marker = lines.get(k).strip();
              break;
            }
          }
          int end = i + 1;
          while (end < lines.size() && !lines.get(end).strip().equals("```")) {
            end++;
          }
          blocks.add(new Block(name, i + 1, marker, lines.subList(i + 1, end)));
          i = end;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return blocks;
  }

  private static boolean exampleExists(String example) {
    String file = example + ".java";
    for (String dir : List.of("examples/src", "consumer-it/src")) {
      try (Stream<Path> sources = Files.walk(ROOT.resolve(dir))) {
        if (sources.anyMatch(p -> p.getFileName().toString().equals(file))) {
          return true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return false;
  }

  /**
   * The regions of every Java source of the build (any {@code src} directory of a module, so that a
   * module's own page may keep its snippets in that module's tests), by name.
   */
  private static Map<String, Region> regions() {
    Map<String, Region> regions = new LinkedHashMap<>();
    try (Stream<Path> sources = Files.walk(ROOT)) {
      List<Path> java =
          sources
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> isSource(ROOT.relativize(p)))
              .sorted()
              .toList();
      for (Path source : java) {
        collect(source, Files.readAllLines(source, StandardCharsets.UTF_8), regions);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return regions;
  }

  /** Under a {@code src} directory, and not in build output or version control. */
  private static boolean isSource(Path relative) {
    boolean underSrc = false;
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals("target") || name.startsWith(".")) {
        return false;
      }
      underSrc |= name.equals("src");
    }
    return underSrc;
  }

  private static void collect(Path source, List<String> lines, Map<String, Region> out) {
    List<String> imports =
        lines.stream().map(String::strip).filter(l -> l.startsWith("import ")).toList();
    Map<String, List<String>> open = new LinkedHashMap<>();
    for (String line : lines) {
      String s = line.strip();
      if (s.startsWith(BEGIN)) {
        String name = s.substring(BEGIN.length()).strip();
        assertThat(out)
            .as("snippet '" + name + "' defined twice, again in " + source)
            .doesNotContainKey(name);
        open.put(name, new ArrayList<>());
      } else if (s.startsWith(END)) {
        String name = s.substring(END.length()).strip();
        List<String> region = open.remove(name);
        assertThat(region).as("'" + s + "' in " + source + " without its begin").isNotNull();
        out.put(name, new Region(region, imports));
      } else {
        open.values().forEach(region -> region.add(line));
      }
    }
    assertThat(open.keySet()).as("snippets of " + source + " without their end").isEmpty();
  }

  /** The code without any whitespace: a reformatted line break or indent is no difference. */
  private static String squeeze(List<String> lines) {
    return String.join("", lines).replaceAll("\\s+", "");
  }
}
