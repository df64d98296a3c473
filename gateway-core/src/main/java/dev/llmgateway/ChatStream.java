package dev.llmgateway;

import dev.llmgateway.error.StreamInterruptedException;
import dev.llmgateway.internal.stream.ReplayChatStream;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed chat answer, read chunk by chunk on the caller's thread. Returned by {@link
 * GatewayClient#stream}; close it (try-with-resources) to release the connection.
 *
 * <pre>{@code
 * try (ChatStream stream = gateway.stream(request)) {
 *   stream.forEach(chunk -> System.out.print(chunk.text()));
 *   Usage usage = stream.response().usage();
 * }
 * }</pre>
 *
 * <p>Chunks are pulled lazily from the provider: each one reaches the caller as soon as the
 * provider delivered it. The client may retry or fall back until the first content chunk ({@link
 * ChatChunk#hasContent()}) has been handed out; after that, a failure ends the iteration with a
 * {@link StreamInterruptedException} carrying the partial text, never with a silent end.
 *
 * <p><b>Threads.</b> Iterate from one thread; the stream can be iterated once. {@link #close()} is
 * thread-safe and idempotent: called from another thread it aborts a read in progress, which then
 * fails with a {@link java.util.concurrent.CancellationException}.
 *
 * <p><b>Lifetime.</b> Until it ends, a stream holds its provider call (a pooled connection) and its
 * budget reservation, and its usage record is not written. It ends when read to its end, when it
 * fails, or when closed. Ending early (closed, cancelled or broken) cancels the provider call and
 * charges the budgets what was consumed: the usage the provider reported so far, or else the
 * estimated prompt and the estimated tokens of the text received; the usage record carries that
 * charge. {@link GatewayClient#close()} ends every stream still open. A stream that becomes
 * unreachable without being closed (a {@code break} out of a for-each, {@code
 * stream().iterator().next()}) is ended the same way once the garbage collector finds it, and
 * logged at WARN naming its alias; when that happens is up to the collector, so always close
 * streams, with try-with-resources.
 */
public interface ChatStream extends Iterable<ChatChunk>, AutoCloseable {

  /**
   * The chunks, in order. Can be called once.
   *
   * @return an iterator whose {@code hasNext()} blocks until the next chunk arrives; it throws
   *     {@link StreamInterruptedException} if the stream fails after its first content chunk
   * @throws IllegalStateException if called a second time or after {@link #close()}
   */
  @Override
  Iterator<ChatChunk> iterator();

  /**
   * The chunks as a sequential Java {@link Stream}; closing that stream closes this one. Uses
   * {@link #iterator()}, so it can be called once.
   *
   * @return the chunks
   * @throws IllegalStateException if the chunks were already iterated
   */
  default Stream<ChatChunk> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  /**
   * The whole answer, assembled from every chunk, with its route. Reads (and so skips for
   * iteration) whatever chunks were not read yet, blocking until the stream ends.
   *
   * @return the assembled response
   * @throws StreamInterruptedException if the stream failed after its first content chunk
   * @throws IllegalStateException if the stream was closed before its end
   */
  ChatResponse response();

  /**
   * Closes the stream: releases the provider's connection and cancels its call; before its end,
   * also settles its budget reservation with what was consumed and records the call as cancelled.
   * Idempotent, thread-safe, never throws.
   */
  @Override
  void close();

  /**
   * A stream that replays a whole answer as one chunk (after one chunk per reasoning block, if the
   * answer has any); for interceptors that answer a streamed call themselves (canned answers,
   * tests).
   *
   * @param response the answer to replay
   * @return a stream whose chunks assemble to {@code response}, which {@link #response()} returns
   */
  static ChatStream of(ChatResponse response) {
    return new ReplayChatStream(response);
  }
}
