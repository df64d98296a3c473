package dev.llmgateway.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One part of a {@code multipart/form-data} request body, as a {@link FakeLlmServer} received it: a
 * text field, or a file with its file name and media type.
 *
 * <pre>{@code
 * RecordedCall call = server.takeRequest();
 * assertThat(call.formField("model")).isEqualTo("whisper-1");
 * FormPart file = call.formPart("file");
 * assertThat(file.filename()).isEqualTo("speech.mp3");
 * assertThat(file.content()).isEqualTo(audio);
 * }</pre>
 *
 * @param name the field name from {@code Content-Disposition}
 * @param filename the file name from {@code Content-Disposition}, or {@code null} for a text field
 * @param contentType the part's {@code Content-Type}, or {@code null} if it had none
 * @param content the part's bytes (copied in, and copied out by {@link #content()})
 */
public record FormPart(
    String name, @Nullable String filename, @Nullable String contentType, byte[] content) {

  /**
   * Creates a part, copying its bytes.
   *
   * @param name the field name
   * @param filename the file name, or {@code null} for a text field
   * @param contentType the part's media type, or {@code null}
   * @param content the part's bytes
   * @throws NullPointerException if {@code name} or {@code content} is null
   */
  public FormPart {
    Objects.requireNonNull(name, "name");
    content = Objects.requireNonNull(content, "content").clone();
  }

  /**
   * A copy of the part's bytes.
   *
   * @return the bytes
   */
  @Override
  public byte[] content() {
    return content.clone();
  }

  /**
   * The part's bytes as UTF-8 text, the value of a text field.
   *
   * @return the text
   */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  /**
   * Whether the part is a file (its {@code Content-Disposition} names a file name).
   *
   * @return {@code true} for a file part
   */
  public boolean isFile() {
    return filename != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FormPart p
        && p.name.equals(name)
        && Objects.equals(p.filename, filename)
        && Objects.equals(p.contentType, contentType)
        && Arrays.equals(p.content, content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, filename, contentType, Arrays.hashCode(content));
  }

  /** The name, and the text of a text field or the file name and size of a file. */
  @Override
  public String toString() {
    return isFile()
        ? "FormPart["
            + name
            + ", file "
            + filename
            + ", "
            + contentType
            + ", "
            + content.length
            + " bytes]"
        : "FormPart[" + name + "=" + text() + "]";
  }
}
