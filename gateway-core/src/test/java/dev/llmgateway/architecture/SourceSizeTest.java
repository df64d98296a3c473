package dev.llmgateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Keeps the inside of gateway-core readable: no class file in {@code internal} over 400 lines and
 * no method or constructor there over 60 lines (from its first line, Javadoc excluded, to its
 * closing brace). Parses the sources with the JDK's own parser, so the numbers are exact.
 */
class SourceSizeTest {
  static final int MAX_FILE_LINES = 400;
  static final int MAX_METHOD_LINES = 60;
  static final Path INTERNAL = Path.of("src/main/java/dev/llmgateway/internal");

  @Test
  void noInternalFileIsOver400Lines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (Path p : sources()) {
      long lines = Files.readAllLines(p).size();
      if (lines > MAX_FILE_LINES) {
        tooLong.add(INTERNAL.relativize(p) + ": " + lines + " lines");
      }
    }
    assertThat(sources()).isNotEmpty();
    assertThat(tooLong).as("internal files over %d lines", MAX_FILE_LINES).isEmpty();
  }

  @Test
  void noInternalMethodIsOver60Lines() throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> tooLong = new ArrayList<>();
    int methods = 0;
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources());
      JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of(), null, units);
      SourcePositions positions = Trees.instance(task).getSourcePositions();
      for (CompilationUnitTree unit : task.parse()) {
        LineMap lines = unit.getLineMap();
        List<String> found = new ArrayList<>();
        int[] count = {0};
        new TreePathScanner<Void, Void>() {
          private String type = "";

          @Override
          public Void visitClass(ClassTree tree, Void v) {
            String outer = type;
            type =
                outer.isEmpty()
                    ? tree.getSimpleName().toString()
                    : outer + "." + tree.getSimpleName();
            super.visitClass(tree, v);
            type = outer;
            return null;
          }

          @Override
          public Void visitMethod(MethodTree tree, Void v) {
            count[0]++;
            long start = lines.getLineNumber(positions.getStartPosition(unit, tree));
            long end = lines.getLineNumber(positions.getEndPosition(unit, tree));
            long length = end - start + 1;
            if (length > MAX_METHOD_LINES) {
              found.add(type + "." + tree.getName() + ": " + length + " lines");
            }
            return super.visitMethod(tree, v);
          }
        }.scan(unit, null);
        methods += count[0];
        tooLong.addAll(found);
      }
    }
    assertThat(methods).isGreaterThan(100);
    assertThat(tooLong).as("internal methods over %d lines", MAX_METHOD_LINES).isEmpty();
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(INTERNAL)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}
