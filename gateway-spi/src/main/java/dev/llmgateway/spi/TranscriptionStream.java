package dev.llmgateway.spi;

import dev.llmgateway.model.TranscriptionChunk;
import org.jspecify.annotations.Nullable;

/**
 * A provider's streamed transcription, read by pulling chunks on the caller's thread: text deltas,
 * then one last chunk with the whole {@linkplain TranscriptionChunk#result() result} and its usage.
 *
 * <p>Contract, as for {@link ChunkStream}: {@link #next()} blocks until the next chunk arrives and
 * returns {@code null} after the last chunk. A stream that ends any other way (dropped connection,
 * missing final event, malformed data, an error event, the deadline) throws a {@link
 * dev.llmgateway.error.ProviderException} from {@code next()}: never a silent end. {@link #close()}
 * releases the connection and may be called at any time, from any thread, more than once; a {@code
 * next()} blocked in another thread then fails promptly.
 */
public interface TranscriptionStream extends AutoCloseable {

  /**
   * Reads the next chunk.
   *
   * @return the next chunk, or {@code null} after the last one
   * @throws dev.llmgateway.error.ProviderException if the stream fails or ends improperly
   */
  @Nullable TranscriptionChunk next();

  /** Releases the stream's connection. Idempotent and thread-safe; never throws. */
  @Override
  void close();
}
