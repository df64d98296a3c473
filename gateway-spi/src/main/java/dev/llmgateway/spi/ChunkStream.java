package dev.llmgateway.spi;

import dev.llmgateway.model.ChatChunk;
import org.jspecify.annotations.Nullable;

/**
 * A provider's streamed answer, read by pulling chunks on the caller's thread.
 *
 * <p>Contract: {@link #next()} blocks until the next chunk arrives and returns {@code null} once
 * the provider ended the stream properly (a terminator or a finish reason). A stream that ends any
 * other way (dropped connection, missing terminator, malformed data, an error event, the deadline)
 * throws a {@link dev.llmgateway.error.ProviderException} from {@code next()}: never a silent end.
 * {@link #close()} releases the connection and may be called at any time, from any thread, more
 * than once; a {@code next()} blocked in another thread then fails promptly.
 */
public interface ChunkStream extends AutoCloseable {

  /**
   * Reads the next chunk.
   *
   * @return the next chunk, or {@code null} at the proper end of the stream
   * @throws dev.llmgateway.error.ProviderException if the stream fails or ends improperly
   */
  @Nullable ChatChunk next();

  /** Releases the stream's connection. Idempotent and thread-safe; never throws. */
  @Override
  void close();
}
