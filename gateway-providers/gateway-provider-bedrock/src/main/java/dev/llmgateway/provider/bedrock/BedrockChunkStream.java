package dev.llmgateway.provider.bedrock;

import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ReasoningDelta;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.ChunkStream;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlockDelta;

/**
 * Bridges the SDK's asynchronous ConverseStream event publisher into the pull-based {@link
 * ChunkStream}.
 *
 * <p>The SDK's threads put events into a queue that holds at most {@value #BUFFER} of them: the
 * subscription asks for that many at first and for one more each time {@link #next()} takes one, so
 * a slow reader slows the connection down instead of filling memory. {@link #next()} waits on the
 * queue for at most the time left of the call's deadline, which covers the whole stream. {@link
 * #close()} (also run on cancellation) cancels the subscription and the SDK's future, which closes
 * the connection, and wakes a blocked {@link #next()}.
 *
 * <p>Events become chunks: text deltas as text, a {@code toolUse} block start as the first fragment
 * of a tool call (id and name), {@code toolUse.input} deltas as argument fragments, {@code
 * reasoningContent} deltas as reasoning pieces (text, signature, or redacted bytes as base64);
 * {@code messageStop}'s stop reason and {@code metadata}'s usage arrive together on the last chunk.
 * An exception event fails {@code next()} with the mapped error; a stream that completes without
 * {@code messageStop} fails with {@code MALFORMED_RESPONSE}.
 */
final class BedrockChunkStream implements ChunkStream {
  /** The most events buffered between the SDK and the reader. */
  static final int BUFFER = 32;

  private static final Object COMPLETE = new Object();
  private static final Object CLOSED = new Object();

  private record Failure(Throwable cause) {}

  private final BedrockErrors errors;
  private final String model;
  private final Duration timeout;
  private final long deadlineNanos;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Subscription subscription;
  private volatile @Nullable CompletableFuture<Void> call;
  private volatile @Nullable String requestId;

  // Reader state: touched only by the thread calling next().
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
  private final Map<Integer, Integer> reasoningIndexByBlock = new HashMap<>();
  private @Nullable FinishReason finishReason;
  private boolean stopped;
  private boolean finalChunkSent;
  private boolean done;
  private @Nullable ProviderException failure;

  /**
   * Creates a stream.
   *
   * @param errors the mapper scoped to the call ({@link BedrockErrors#forCall})
   */
  BedrockChunkStream(BedrockErrors errors, String model, Duration timeout, long startNanos) {
    this.errors = errors;
    this.model = model;
    this.timeout = timeout;
    this.deadlineNanos = startNanos + timeout.toNanos();
  }

  /** The SDK handler that feeds this stream. */
  ConverseStreamResponseHandler handler() {
    return ConverseStreamResponseHandler.builder()
        .onResponse(
            response -> {
              if (response.responseMetadata() != null) {
                requestId = response.responseMetadata().requestId();
              }
              opened.complete(null);
            })
        .onError(
            t -> {
              queue.add(new Failure(t));
              opened.completeExceptionally(t);
            })
        .onEventStream(publisher -> publisher.subscribe(new EventSubscriber()))
        .build();
  }

  /** Attaches the SDK call's future, whose failure ends the stream. */
  void attach(CompletableFuture<Void> future) {
    call = future;
    future.whenComplete(
        (ok, t) -> {
          if (t != null) {
            queue.add(new Failure(t));
            opened.completeExceptionally(t);
          } else {
            // The subscriber's onComplete ends the stream: it comes after the last event.
            opened.complete(null);
          }
        });
    if (closed.get()) {
      future.cancel(true);
    }
  }

  /**
   * Waits until Bedrock accepted the call (the response headers arrived).
   *
   * @throws ProviderException if the call failed, timed out or was cancelled first
   */
  void awaitOpen() {
    try {
      opened.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      close();
      throw errors.timeout(model, timeout, e);
    } catch (ExecutionException | CancellationException e) {
      ProviderException failure = map(e);
      close();
      throw failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw errors.map(e, model, true, false, timeout);
    }
  }

  @Override
  public @Nullable ChatChunk next() {
    if (failure != null) {
      throw failure;
    }
    while (!done) {
      if (closed.get()) {
        throw fail(errors.closed(model));
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        throw fail(errors.timeout(model, timeout, null));
      }
      Object item;
      try {
        item = queue.poll(remaining, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw fail(errors.map(e, model, true, false, timeout));
      }
      if (item == null) {
        continue;
      }
      if (item == CLOSED) {
        throw fail(errors.closed(model));
      }
      if (item instanceof Failure f) {
        throw fail(closed.get() ? errors.closed(model) : map(f.cause()));
      }
      if (item == COMPLETE) {
        if (!stopped) {
          throw fail(errors.malformed(model, "the stream ended before messageStop", null));
        }
        done = true;
        if (!finalChunkSent) {
          finalChunkSent = true;
          return chunk("", List.of(), finishReason, null);
        }
        return null;
      }
      Subscription s = subscription;
      if (s != null) {
        s.request(1);
      }
      ChatChunk chunk;
      try {
        chunk = convert((ConverseStreamOutput) item);
      } catch (RuntimeException e) {
        throw fail(errors.malformed(model, "unreadable stream event: " + e.getMessage(), e));
      }
      if (chunk != null) {
        return chunk;
      }
    }
    return null;
  }

  private @Nullable ChatChunk convert(ConverseStreamOutput event) {
    switch (event.sdkEventType()) {
      case CONTENT_BLOCK_START:
        ContentBlockStartEvent start = (ContentBlockStartEvent) event;
        if (start.start() != null && start.start().toolUse() != null) {
          int index = toolIndex(start.contentBlockIndex());
          return chunk(
              "",
              List.of(
                  new ToolCallDelta(
                      index,
                      start.start().toolUse().toolUseId(),
                      start.start().toolUse().name(),
                      "")),
              null,
              null);
        }
        return null;
      case CONTENT_BLOCK_DELTA:
        ContentBlockDelta delta = ((ContentBlockDeltaEvent) event).delta();
        Integer block = ((ContentBlockDeltaEvent) event).contentBlockIndex();
        if (delta == null) {
          return null;
        }
        if (delta.text() != null) {
          return delta.text().isEmpty() ? null : chunk(delta.text(), List.of(), null, null);
        }
        if (delta.toolUse() != null) {
          String input = delta.toolUse().input() == null ? "" : delta.toolUse().input();
          return chunk(
              "", List.of(new ToolCallDelta(toolIndex(block), null, null, input)), null, null);
        }
        if (delta.reasoningContent() != null) {
          return reasoning(block, delta.reasoningContent());
        }
        return null;
      case MESSAGE_STOP:
        stopped = true;
        finishReason = ConverseReader.finishReason(((MessageStopEvent) event).stopReasonAsString());
        return null;
      case METADATA:
        Usage usage = ConverseReader.usage(((ConverseStreamMetadataEvent) event).usage());
        if (stopped) {
          finalChunkSent = true;
          return chunk("", List.of(), finishReason, usage);
        }
        return chunk("", List.of(), null, usage);
      default:
        return null;
    }
  }

  /** A reasoning delta: text, the block's signature, or its redacted bytes as base64. */
  private @Nullable ChatChunk reasoning(
      @Nullable Integer block, ReasoningContentBlockDelta reasoning) {
    int key = block == null ? -1 : block;
    int index = reasoningIndexByBlock.computeIfAbsent(key, k -> reasoningIndexByBlock.size());
    ReasoningDelta delta;
    if (reasoning.text() != null) {
      if (reasoning.text().isEmpty()) {
        return null;
      }
      delta = ReasoningDelta.text(index, reasoning.text());
    } else if (reasoning.signature() != null) {
      delta = new ReasoningDelta(index, "", reasoning.signature(), null, null, null);
    } else if (reasoning.redactedContent() != null) {
      delta =
          new ReasoningDelta(
              index,
              "",
              null,
              Base64.getEncoder().encodeToString(reasoning.redactedContent().asByteArray()),
              null,
              null);
    } else {
      return null;
    }
    return new ChatChunk(requestId, model, "", List.of(), null, null, null, delta);
  }

  private int toolIndex(@Nullable Integer block) {
    int key = block == null ? -1 : block;
    return toolIndexByBlock.computeIfAbsent(key, k -> toolIndexByBlock.size());
  }

  private ChatChunk chunk(
      String text,
      List<ToolCallDelta> tools,
      @Nullable FinishReason reason,
      @Nullable Usage usage) {
    return new ChatChunk(requestId, model, text, tools, reason, usage);
  }

  private ProviderException map(Throwable t) {
    boolean deadlinePassed = System.nanoTime() - deadlineNanos >= 0;
    return errors.map(t, model, closed.get(), deadlinePassed, timeout);
  }

  private ProviderException fail(ProviderException e) {
    failure = e;
    close();
    return e;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      CompletableFuture<Void> f = call;
      if (f != null) {
        f.cancel(true);
      }
    } catch (RuntimeException e) {
      // The provider was closed first: its event loop refuses the cancel, and the connection it
      // would have closed is closed already. close() never throws.
    }
    opened.completeExceptionally(new CancellationException("stream closed"));
    queue.add(CLOSED);
  }

  @Override
  public String toString() {
    return "BedrockChunkStream[" + errors.provider() + ", " + model + "]";
  }

  /** Receives the SDK's events on its threads. */
  private final class EventSubscriber implements Subscriber<ConverseStreamOutput> {
    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      if (closed.get()) {
        s.cancel();
        return;
      }
      s.request(BUFFER);
    }

    @Override
    public void onNext(ConverseStreamOutput event) {
      queue.add(event);
    }

    @Override
    public void onError(Throwable t) {
      queue.add(new Failure(t));
    }

    @Override
    public void onComplete() {
      queue.add(COMPLETE);
    }
  }
}
