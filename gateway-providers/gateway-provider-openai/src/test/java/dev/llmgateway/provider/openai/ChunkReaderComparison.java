package dev.llmgateway.provider.openai;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.provider.http.HttpTransport;
import dev.llmgateway.provider.http.SseEvent;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * Runs the same events through an {@link OpenAiChunkStream} that tries the streaming {@link
 * ChatChunkParser} first and through one that reads every event with the tree reader alone, and
 * asserts that both give the same chunk or throw the same exception for each event, are left in the
 * same state ({@code finishSeen}, {@code refusalSeen}) and end the same way. The streams read an
 * empty body served by an interceptor, so no socket is opened: the events go to {@code onEvent}
 * directly, and the stream's end after them shows whether {@code end()} was called.
 */
final class ChunkReaderComparison {
  /** Every event name the stream treats differently: none, the default, and an error event. */
  static final List<String> EVENT_NAMES = List.of("", SseEvent.DEFAULT_EVENT, "error");

  private static final ProviderKey KEY = ProviderKey.of("primary", Secret.of("test-key-123"));
  private static final HttpTransport TRANSPORT =
      new HttpTransport(
          new OkHttpClient.Builder()
              .addInterceptor(
                  chain ->
                      new Response.Builder()
                          .request(chain.request())
                          .protocol(Protocol.HTTP_1_1)
                          .code(200)
                          .message("OK")
                          .body(ResponseBody.create("", MediaType.get("text/event-stream")))
                          .build())
              .build(),
          ChatReaderComparison.ERRORS);
  private static final Request REQUEST =
      new Request.Builder().url("https://api.openai.test/v1/chat/completions").build();

  private ChunkReaderComparison() {}

  /** One event's chunk or failure, and the stream's state after it. */
  record Step(
      @Nullable ChatChunk chunk,
      @Nullable String failure,
      boolean finishSeen,
      boolean refusalSeen) {}

  /** Swaps single quotes for double quotes, so that JSON in tests stays readable. */
  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /**
   * Compares the events' data under every event name, for chat chunks and for legacy Completions
   * chunks.
   *
   * @return what the streaming parser read itself from each event of a chat stream of unnamed
   *     ({@code message}) events, {@code null} for each it left to the tree reader
   */
  static List<@Nullable ChatChunk> compareAll(List<String> data) {
    List<@Nullable ChatChunk> streamed = List.of();
    for (boolean textCompletion : new boolean[] {false, true}) {
      for (String name : EVENT_NAMES) {
        List<@Nullable ChatChunk> read = compare(data, name, textCompletion);
        if (!textCompletion && name.equals(SseEvent.DEFAULT_EVENT)) {
          streamed = read;
        }
      }
    }
    return streamed;
  }

  /**
   * Compares one stream of events, all named {@code name}.
   *
   * @return what the streaming parser read itself from each event, {@code null} for each it left
   * @throws AssertionError if the two streams differ anywhere
   */
  static List<@Nullable ChatChunk> compare(List<String> data, String name, boolean textCompletion) {
    List<@Nullable ChatChunk> streamed = new ArrayList<>();
    try (OpenAiChunkStream fast = open(textCompletion);
        OpenAiChunkStream tree = open(textCompletion)) {
      for (int i = 0; i < data.size(); i++) {
        SseEvent event = new SseEvent(name, data.get(i), null);
        ChatChunk parsed = parse(event, textCompletion, tree.refusalSeen());
        Step expected = step(tree, event, false);
        Step actual = step(fast, event, true);
        String where = where(data, i, name, textCompletion);
        if (!actual.equals(expected)) {
          throw new AssertionError(where + "\n  streamed: " + actual + "\n  tree:     " + expected);
        }
        if (parsed != null && !parsed.equals(expected.chunk())) {
          throw new AssertionError(where + "\n  parser: " + parsed + "\n  tree:   " + expected);
        }
        streamed.add(parsed);
      }
      String fastEnd = end(fast);
      String treeEnd = end(tree);
      if (!fastEnd.equals(treeEnd)) {
        throw new AssertionError(
            where(data, data.size(), name, textCompletion) + " end: " + fastEnd + " vs " + treeEnd);
      }
    }
    return streamed;
  }

  /** What the streaming parser makes of an event's data, exactly as the stream would call it. */
  static @Nullable ChatChunk parse(SseEvent event, boolean textCompletion, boolean refusalSeen) {
    String data = event.data().strip();
    if (event.event().equals("error") || data.isEmpty() || data.equals("[DONE]")) {
      return null;
    }
    return ChatChunkParser.read(data, textCompletion, refusalSeen);
  }

  private static OpenAiChunkStream open(boolean textCompletion) {
    return new OpenAiChunkStream(
        TRANSPORT.open(REQUEST, ProviderCall.of(KEY, Duration.ofMinutes(5)), "gpt-4o"),
        textCompletion);
  }

  private static Step step(OpenAiChunkStream stream, SseEvent event, boolean streamed) {
    ChatChunk chunk = null;
    String failure = null;
    try {
      chunk = stream.onEvent(event, streamed);
    } catch (RuntimeException e) {
      failure = ChatReaderComparison.describe(e);
    }
    return new Step(chunk, failure, stream.endOfStreamIsProper(), stream.refusalSeen());
  }

  /** How the stream ends after the events: properly, or with the failure it throws. */
  private static String end(OpenAiChunkStream stream) {
    try {
      return Objects.toString(stream.next(), "proper end");
    } catch (RuntimeException e) {
      return ChatReaderComparison.describe(e);
    }
  }

  private static String where(List<String> data, int i, String name, boolean textCompletion) {
    return "event "
        + i
        + " of "
        + data
        + " (event name '"
        + name
        + "', "
        + (textCompletion ? "text_completion" : "chat")
        + ")";
  }
}
