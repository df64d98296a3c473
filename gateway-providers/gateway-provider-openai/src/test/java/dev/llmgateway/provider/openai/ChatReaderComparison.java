package dev.llmgateway.provider.openai;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.provider.http.HttpErrorMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Runs a Chat Completions body through the streaming reader, the tree reader and {@link
 * ChatResponseReader#chat}, and describes each outcome so that two can be compared with equals: the
 * response, or the exception's class, message, kind and cause.
 */
final class ChatReaderComparison {
  static final String PROVIDER = "openai";
  static final String MODEL = "gpt-4o";
  static final HttpErrorMapper ERRORS =
      new HttpErrorMapper(
          PROVIDER,
          Clock.fixed(Instant.parse("2025-03-10T00:00:00Z"), ZoneOffset.UTC),
          OpenAiErrorDialect.INSTANCE);

  private ChatReaderComparison() {}

  /** A response, or a description of what was thrown; both null when the stream left the body. */
  record Outcome(@Nullable ChatResponse response, @Nullable String failure) {
    /** Whether a response was read. */
    boolean answered() {
      return response != null;
    }

    /** Whether the streaming reader left the body to the tree reader. */
    boolean leftToTree() {
      return response == null && failure == null;
    }
  }

  /** Swaps single quotes for double quotes, so that JSON in tests stays readable. */
  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** What {@link ChatResponseReader#chatFromTree} makes of a body. */
  static Outcome tree(byte[] body, String requestedModel) {
    return outcome(() -> ChatResponseReader.chatFromTree(body, PROVIDER, requestedModel, ERRORS));
  }

  /** What {@link ChatAnswerParser#read} makes of a body; neither field set if it leaves it. */
  static Outcome stream(byte[] body, String requestedModel) {
    return outcome(() -> ChatAnswerParser.read(body, PROVIDER, requestedModel));
  }

  /**
   * What {@link ChatResponseReader#chat} makes of a body, from an array and from a buffer (the
   * provider's path, in one segment and across two), which must agree and leave the buffer empty.
   */
  static Outcome chat(byte[] body, String requestedModel) {
    Outcome fromArray =
        outcome(() -> ChatResponseReader.chat(body, PROVIDER, requestedModel, ERRORS));
    Buffer buffer = new Buffer().write(body);
    Outcome fromBuffer =
        outcome(() -> ChatResponseReader.chat(buffer, PROVIDER, requestedModel, ERRORS));
    // The same body starting near a segment's end, so that it spans two segments.
    Buffer split = new Buffer().write(new byte[8_100]).write(body);
    try {
      split.skip(8_100);
    } catch (java.io.EOFException e) {
      throw new AssertionError(e);
    }
    Outcome fromSplit =
        outcome(() -> ChatResponseReader.chat(split, PROVIDER, requestedModel, ERRORS));
    if (!fromBuffer.equals(fromArray) || !fromSplit.equals(fromArray)) {
      throw new AssertionError(
          "from a buffer "
              + fromBuffer
              + ", from two segments "
              + fromSplit
              + ", from an array "
              + fromArray);
    }
    if (buffer.size() != 0 || split.size() != 0) {
      throw new AssertionError("a buffer was not emptied");
    }
    return fromArray;
  }

  /** What the tree reader makes of a UTF-8 body, for the model {@value #MODEL}. */
  static Outcome tree(String body) {
    return tree(body.getBytes(UTF_8), MODEL);
  }

  /** What the streaming reader makes of a UTF-8 body, for the model {@value #MODEL}. */
  static Outcome stream(String body) {
    return stream(body.getBytes(UTF_8), MODEL);
  }

  /** What {@code chat} makes of a UTF-8 body, for the model {@value #MODEL}. */
  static Outcome chat(String body) {
    return chat(body.getBytes(UTF_8), MODEL);
  }

  private static Outcome outcome(Supplier<@Nullable ChatResponse> reader) {
    try {
      return new Outcome(reader.get(), null);
    } catch (RuntimeException e) {
      return new Outcome(null, describe(e));
    }
  }

  /** The class, message, provider details and causes of an exception. */
  static String describe(Throwable e) {
    StringBuilder sb =
        new StringBuilder(e.getClass().getName()).append(": ").append(e.getMessage());
    if (e instanceof ProviderException p) {
      sb.append(" [kind=")
          .append(p.kind())
          .append(", provider=")
          .append(p.provider())
          .append(", model=")
          .append(p.model())
          .append(", status=")
          .append(p.httpStatus())
          .append(", retryAfter=")
          .append(p.retryAfter())
          .append(", code=")
          .append(p.providerCode())
          .append(", retryable=")
          .append(p.retryable())
          .append(']');
    }
    Throwable cause = e.getCause();
    if (cause != null && cause != e) {
      sb.append(" caused by ").append(describe(cause));
    }
    return sb.toString();
  }
}
