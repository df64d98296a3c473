package dev.llmgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file source's change signals: debounce, polling, watching, driven by a manual timer. */
class FileConfigSourceTest {
  private static final String YAML = "providers: {p: {}}\n";

  @TempDir Path dir;

  /** A timer whose time moves only when the test says so. */
  static final class ManualTimer implements FileConfigSource.Timer {
    private record Task(long due, Runnable run, boolean[] cancelled) {}

    private final List<Task> tasks = new ArrayList<>();
    private long now;
    boolean closed;

    @Override
    public synchronized Runnable schedule(Runnable task, Duration delay) {
      boolean[] cancelled = {false};
      tasks.add(new Task(now + delay.toNanos(), task, cancelled));
      return () -> {
        synchronized (this) {
          cancelled[0] = true;
        }
      };
    }

    @Override
    public synchronized void close() {
      closed = true;
      tasks.clear();
    }

    synchronized int pending() {
      return (int) tasks.stream().filter(t -> !t.cancelled[0]).count();
    }

    /** Moves time forward, running the tasks that come due, in order. */
    void advance(Duration d) {
      long until;
      synchronized (this) {
        until = now + d.toNanos();
      }
      while (true) {
        Task next;
        synchronized (this) {
          next =
              tasks.stream()
                  .filter(t -> t.due <= until)
                  .min((x, y) -> Long.compare(x.due, y.due))
                  .orElse(null);
          if (next == null) {
            now = until;
            return;
          }
          tasks.remove(next);
          now = next.due;
          if (next.cancelled[0]) {
            continue;
          }
        }
        next.run.run();
      }
    }
  }

  private final ManualTimer timer = new ManualTimer();
  private final AtomicInteger signals = new AtomicInteger();

  private FileConfigSource source(Path file, boolean polling) {
    return new FileConfigSource(
        file, polling, Duration.ofSeconds(1), ConfigSource.DEFAULT_DEBOUNCE, () -> timer);
  }

  @Test
  void changesWithinTheDebounceTimeGiveOneSignal() throws IOException {
    Path file = Files.writeString(dir.resolve("g.yaml"), YAML);
    FileConfigSource source = source(file, true);
    try (FileConfigSource.Watch watch =
        (FileConfigSource.Watch) source.subscribe(signals::incrementAndGet)) {
      watch.signal();
      timer.advance(Duration.ofMillis(150));
      watch.signal();
      timer.advance(Duration.ofMillis(150));
      watch.signal();
      timer.advance(Duration.ofMillis(199));
      assertThat(signals).hasValue(0);
      timer.advance(Duration.ofMillis(1));
      assertThat(signals).hasValue(1);
      timer.advance(Duration.ofSeconds(5));
      assertThat(signals).hasValue(1);
    }
    assertThat(timer.closed).isTrue();
  }

  @Test
  void pollingSeesAChangedContentEvenWithTheSameSizeAndTime() throws IOException {
    Path file = Files.writeString(dir.resolve("g.yaml"), "a: 1\n");
    var modified = Files.getLastModifiedTime(file);
    ConfigSource.Subscription s = source(file, true).subscribe(signals::incrementAndGet);
    try {
      timer.advance(Duration.ofSeconds(3));
      assertThat(signals).hasValue(0);

      Files.writeString(file, "a: 2\n");
      Files.setLastModifiedTime(file, modified);
      timer.advance(Duration.ofSeconds(1));
      assertThat(signals).hasValue(0); // seen, waiting for the debounce
      timer.advance(ConfigSource.DEFAULT_DEBOUNCE);
      assertThat(signals).hasValue(1);

      Files.delete(file);
      timer.advance(Duration.ofSeconds(2));
      assertThat(signals).hasValue(2);
    } finally {
      s.close();
    }
    timer.advance(Duration.ofSeconds(10));
    assertThat(signals).hasValue(2);
  }

  @Test
  void watchingSeesAnAtomicRenameOverTheFileAndIgnoresOtherFiles() throws Exception {
    Path file = Files.writeString(dir.resolve("g.yaml"), YAML);
    ConfigSource.Subscription s = source(file, false).subscribe(signals::incrementAndGet);
    try {
      Files.writeString(dir.resolve("other.yaml"), "x: 1\n");
      Path tmp = Files.writeString(dir.resolve("g.yaml.tmp"), YAML + "aliases: {}\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

      await().atMost(Duration.ofSeconds(30)).until(() -> timer.pending() > 0);
      timer.advance(ConfigSource.DEFAULT_DEBOUNCE);
      assertThat(signals).hasValue(1);
    } finally {
      s.close();
    }
  }

  @Test
  void loadReadsTheFileAndNamesItInProblems() throws IOException {
    Path file = Files.writeString(dir.resolve("g.yaml"), YAML);
    ConfigSource source = ConfigSource.file(file);
    assertThat(source.load(SecretResolver.defaults()).source()).isEqualTo(file.toString());
    Files.writeString(file, "providerz: {}\n");
    assertThatThrownBy(() -> source.load(SecretResolver.defaults()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("providerz: unknown key");
    assertThatThrownBy(() -> ConfigSource.polling(file, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }

  @Test
  void aClassPathSourceReadsItsResourceAndNeverSignals() throws IOException {
    Path root = Files.createDirectories(dir.resolve("cp"));
    Files.writeString(root.resolve("gw.yaml"), YAML);
    try (var loader =
        new java.net.URLClassLoader(new java.net.URL[] {root.toUri().toURL()}, null)) {
      ConfigSource source = ConfigSource.classpath("gw.yaml", loader);
      assertThat(source.name()).isEqualTo("classpath:gw.yaml");
      assertThat(source.load(SecretResolver.defaults()).toString()).contains("providers=1");
      assertThatThrownBy(
              () -> ConfigSource.classpath("none.yaml", loader).load(SecretResolver.defaults()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("the class-path resource does not exist");
      source.subscribe(signals::incrementAndGet).close();
      assertThat(signals).hasValue(0);
    }
  }
}
