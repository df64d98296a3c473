package dev.llmgateway.spi;

import dev.llmgateway.model.SpeechRequest;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * The audio a provider is sending in answer to a speech call, read as it arrives: nothing is
 * buffered beyond the socket's own buffers, so a long answer can be played or written out while it
 * downloads.
 *
 * <pre>{@code
 * try (AudioStream audio = provider.speech(request, call)) {
 *   audio.inputStream().transferTo(out);   // ends at the end of the audio
 * }
 * }</pre>
 *
 * <p>Contract: {@link #inputStream()} returns the same stream every time. Its reads block and
 * return {@code -1} only at the proper end of the audio (every byte the provider announced); a
 * dropped connection, a body cut short, the call's deadline or its cancellation make a read throw a
 * {@link dev.llmgateway.error.ProviderException} ({@code NETWORK}, {@code MALFORMED_RESPONSE} or
 * {@code TIMEOUT}), never an {@link java.io.IOException} and never a silent end. The connection is
 * released at the end of the audio, on a failure, and on {@link #close()}, which may be called at
 * any time, from any thread, more than once (closing the input stream closes this stream); a read
 * blocked in another thread then fails promptly. The call's deadline covers reading the whole
 * audio.
 */
public interface AudioStream extends AutoCloseable {

  /**
   * The audio format that was asked for.
   *
   * @return the format
   */
  SpeechRequest.Format format();

  /**
   * The media type the provider declared, such as {@code audio/mpeg}, else the format's.
   *
   * @return the media type
   */
  String mediaType();

  /**
   * The length of the audio, when the provider announced it.
   *
   * @return the number of bytes, or empty for a chunked answer
   */
  OptionalLong contentLength();

  /**
   * The audio's bytes, as they arrive. Read it on one thread.
   *
   * @return the stream; the same one on every call
   */
  InputStream inputStream();

  /** Releases the connection. Idempotent and thread-safe; never throws. */
  @Override
  void close();
}
