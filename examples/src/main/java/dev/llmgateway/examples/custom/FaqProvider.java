package dev.llmgateway.examples.custom;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A provider that answers from a fixed table of keywords, on this machine, without any network: the
 * shape of an on-premises model or a rule engine behind the gateway. It streams its answer word by
 * word and reports usage as word counts.
 *
 * <p>Thread-safe: the table is immutable.
 */
final class FaqProvider implements Provider {
  private static final String FALLBACK_ANSWER = "I do not know that one yet.";

  private final String name;
  private final Map<String, String> answers;
  private final AtomicLong ids = new AtomicLong();

  FaqProvider(String name, Map<String, String> answers) {
    this.name = name;
    this.answers = Map.copyOf(answers);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.CHAT_ONLY;
  }

  @Override
  public ChatResponse chat(ChatRequest request, ProviderCall call) {
    checkNotCancelled(request, call);
    String answer = answerFor(request);
    return ChatResponse.of(
        nextId(),
        name,
        request.model(),
        answer,
        List.of(),
        FinishReason.STOP,
        usage(request, answer));
  }

  @Override
  public ChunkStream stream(ChatRequest request, ProviderCall call) {
    checkNotCancelled(request, call);
    String answer = answerFor(request);
    List<ChatChunk> chunks = new ArrayList<>();
    String[] words = answer.split(" ");
    String id = nextId();
    for (int i = 0; i < words.length; i++) {
      String text = i == 0 ? words[i] : " " + words[i];
      chunks.add(new ChatChunk(i == 0 ? id : null, request.model(), text, List.of(), null, null));
    }
    chunks.add(new ChatChunk(null, null, "", List.of(), FinishReason.STOP, usage(request, answer)));
    return new ListStream(chunks, call, request);
  }

  private String nextId() {
    return name + "-" + ids.incrementAndGet();
  }

  private String answerFor(ChatRequest request) {
    String question = lastUserText(request).toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> entry : answers.entrySet()) {
      if (question.contains(entry.getKey().toLowerCase(Locale.ROOT))) {
        return entry.getValue();
      }
    }
    return FALLBACK_ANSWER;
  }

  private static String lastUserText(ChatRequest request) {
    List<Message> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.USER) {
        return messages.get(i).text();
      }
    }
    return "";
  }

  private static Usage usage(ChatRequest request, String answer) {
    long input = 0;
    for (Message m : request.messages()) {
      input += words(m.text());
    }
    return Usage.of(input, words(answer));
  }

  private static long words(String text) {
    long count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }

  private void checkNotCancelled(ChatRequest request, ProviderCall call) {
    if (call.cancellation().isCancelled()) {
      throw new ProviderException(
          ErrorKind.NETWORK, name, request.model(), "Call was cancelled", null);
    }
  }

  /** Hands out prepared chunks; stops with an error once the call is cancelled. */
  private final class ListStream implements ChunkStream {
    private final List<ChatChunk> chunks;
    private final ProviderCall call;
    private final ChatRequest request;
    private int next;
    private volatile boolean closed;

    ListStream(List<ChatChunk> chunks, ProviderCall call, ChatRequest request) {
      this.chunks = chunks;
      this.call = call;
      this.request = request;
    }

    @Override
    public @Nullable ChatChunk next() {
      if (closed) {
        throw new ProviderException(
            ErrorKind.NETWORK, name, request.model(), "Stream was closed", null);
      }
      checkNotCancelled(request, call);
      return next < chunks.size() ? chunks.get(next++) : null;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
