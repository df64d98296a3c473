package dev.llmgateway.testkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link Reply}'s chunks with the timing and ending a {@link FakeResponse} asks for:
 * delays between chunks, a pause at a gate, a truncated body, a body cut short (the {@code
 * Content-Length} announces more than is sent, and the server closes the socket afterwards) or a
 * stall. Every wait ends when the server closes; a stall also ends when the client hangs up.
 */
final class ScriptedBody implements MockResponseBody {
  private final List<byte[]> chunks;
  private final boolean streamed;
  private final int send;
  private final long contentLength;
  private final boolean stall;
  private final int pauseAfter;
  private final @Nullable CountDownLatch gate;
  private final Duration chunkDelay;
  private final Closing closing;
  private final @Nullable Socket socket;

  /**
   * Creates the body of one response.
   *
   * @param socket the connection the response goes to, watched for the client hanging up during a
   *     stall; null if unknown, and then a stall lasts until the server closes
   */
  ScriptedBody(
      Reply reply, @Nullable FakeResponse script, Closing closing, @Nullable Socket socket) {
    this.chunks = reply.chunks();
    this.streamed = reply.streamed();
    this.closing = closing;
    this.socket = socket;
    FakeResponse.Ending ending = script == null ? FakeResponse.Ending.COMPLETE : script.ending();
    int after = script == null ? 0 : script.endingAfter();
    switch (ending) {
      case TRUNCATE:
        send = Math.min(after, reply.contentChunks());
        contentLength = byteCount(chunks, send);
        break;
      case DROP:
        send = Math.min(after, reply.contentChunks());
        contentLength = byteCount(chunks, chunks.size());
        break;
      case STALL:
        send = Math.min(reply.streamed() ? 1 : 0, reply.contentChunks());
        contentLength = byteCount(chunks, chunks.size());
        break;
      default:
        send = chunks.size();
        contentLength = byteCount(chunks, chunks.size());
    }
    this.stall = ending == FakeResponse.Ending.STALL;
    this.gate = script == null ? null : script.gate();
    this.pauseAfter = gate == null ? -1 : script.pauseAfter();
    this.chunkDelay = script == null ? Duration.ZERO : script.chunkDelay();
  }

  @Override
  public long getContentLength() {
    return contentLength;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    closing.beginWriting();
    try {
      for (int i = 0; i < send; i++) {
        if (i == pauseAfter) {
          pause(sink);
        }
        if (i > 0 && !chunkDelay.isZero()) {
          sink.flush();
          if (closing.sleep(chunkDelay)) {
            throw closed();
          }
        }
        sink.write(chunks.get(i));
        if (streamed) {
          sink.flush();
        }
      }
      if (pauseAfter >= send) {
        pause(sink);
      }
      sink.flush();
      if (stall) {
        stall();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing a scripted response");
    } finally {
      closing.endWriting();
    }
  }

  /**
   * Sends nothing more until the client hangs up or the server closes, then ends the connection. A
   * client that gave up (a cancelled call, a read timeout) so frees the server's thread at once.
   */
  private void stall() throws IOException, InterruptedException {
    Socket connection = socket;
    if (connection == null) {
      closing.awaitClose();
      throw closed();
    }
    if (closing.awaitHangUp(connection)) {
      throw closed();
    }
    connection.close();
    throw new IOException("The client hung up on a stalled response");
  }

  /**
   * Waits for the gate. A client that hangs up meanwhile (a cancelled call) ends the wait and the
   * connection, and is counted as {@link Closing#hangUps()} counts a stalled response's.
   */
  private void pause(BufferedSink sink) throws IOException, InterruptedException {
    sink.flush();
    if (gate == null) {
      return;
    }
    Socket connection = socket;
    Closing.GateEnd end =
        connection == null
            ? (closing.awaitGate(gate) ? Closing.GateEnd.OPENED : Closing.GateEnd.CLOSED)
            : closing.awaitGateOrHangUp(gate, connection);
    if (end == Closing.GateEnd.CLOSED) {
      throw closed();
    }
    if (end == Closing.GateEnd.HUNG_UP) {
      connection.close();
      throw new IOException("The client hung up on a paused response");
    }
  }

  private static IOException closed() {
    return new InterruptedIOException("FakeLlmServer closed while a response was in progress");
  }

  private static long byteCount(List<byte[]> chunks, int count) {
    long bytes = 0;
    for (int i = 0; i < count; i++) {
      bytes += chunks.get(i).length;
    }
    return bytes;
  }
}
