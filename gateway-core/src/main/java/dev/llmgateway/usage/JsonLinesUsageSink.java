package dev.llmgateway.usage;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Appends each record as one JSON line (see {@link UsageJson}) to {@code usage-yyyy-MM-dd.jsonl} in
 * a directory, the date being the record's {@link UsageRecord#time()} in the sink's zone: the file
 * rolls at midnight of that zone by record time. Files are opened in append mode, so a restarted
 * application continues the day's file. Used only by the usage writer thread.
 */
final class JsonLinesUsageSink implements UsageSink {
  private final Path directory;
  private final ZoneId zone;
  private @Nullable LocalDate day;
  private @Nullable Writer out;
  private @Nullable JsonGenerator json;

  JsonLinesUsageSink(Path directory, ZoneId zone) {
    this.directory = directory;
    this.zone = zone;
  }

  static String fileName(LocalDate day) {
    return "usage-" + day + ".jsonl";
  }

  /** The day a daily file is for, or {@code null} if the name is not one of ours. */
  static @Nullable LocalDate dayOf(String fileName) {
    if (!fileName.startsWith("usage-") || !fileName.endsWith(".jsonl")) {
      return null;
    }
    try {
      return LocalDate.parse(fileName.substring(6, fileName.length() - 6));
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public void write(List<UsageRecord> records) {
    try {
      for (UsageRecord r : records) {
        LocalDate d = LocalDate.ofInstant(r.time(), zone);
        JsonGenerator g = json;
        if (g == null || !d.equals(day)) {
          g = open(d);
        }
        UsageJson.write(r, g);
        g.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write usage records to " + directory, e);
    }
  }

  private JsonGenerator open(LocalDate d) throws IOException {
    closeFile();
    Writer w =
        Files.newBufferedWriter(
            directory.resolve(fileName(d)),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE);
    JsonGenerator g = UsageJson.generator(w);
    g.setRootValueSeparator(null);
    this.out = w;
    this.json = g;
    this.day = d;
    return g;
  }

  @Override
  public void flush() {
    try {
      JsonGenerator g = json;
      Writer w = out;
      if (g != null && w != null) {
        g.flush();
        w.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot flush usage records to " + directory, e);
    }
  }

  @Override
  public void close() {
    try {
      closeFile();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close usage file in " + directory, e);
    }
  }

  private void closeFile() throws IOException {
    JsonGenerator g = json;
    Writer w = out;
    json = null;
    out = null;
    day = null;
    if (g != null && w != null) {
      try {
        g.close();
      } finally {
        w.close();
      }
    }
  }

  @Override
  public String toString() {
    return "UsageSinks.jsonLines(" + directory + ", " + zone + ")";
  }
}
