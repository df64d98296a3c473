package dev.llmgateway.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's closing signal. Every wait inside the server (latency, chunk delays, gates, stalls)
 * goes through this class so that {@link FakeLlmServer#close()} can end it promptly. It also counts
 * the response bodies being written, so that tests can see a response end.
 */
final class Closing {
  /** How often a wait on a caller's gate or a client's hang-up checks whether the server closes. */
  private static final long POLL_MILLIS = 10;

  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger writing = new AtomicInteger();
  private final AtomicInteger hangUps = new AtomicInteger();

  void close() {
    closed.countDown();
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }

  /** Waits for {@code duration}; returns true if the server closed meanwhile. */
  boolean sleep(Duration duration) throws InterruptedException {
    if (duration.isZero()) {
      return isClosed();
    }
    return closed.await(duration.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Waits until the server closes. */
  void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Waits until {@code gate} opens; returns false if the server closed first. */
  boolean awaitGate(CountDownLatch gate) throws InterruptedException {
    while (!gate.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (isClosed()) {
        return false;
      }
    }
    return true;
  }

  /** How a wait for a gate ended. */
  enum GateEnd {
    OPENED,
    CLOSED,
    HUNG_UP
  }

  /**
   * Waits until {@code gate} opens, the server closes, or the client of {@code socket} hangs up
   * (counted in {@link #hangUps()}). The socket's read timeout is restored afterwards, so a kept
   * connection reads its next request as before.
   */
  GateEnd awaitGateOrHangUp(CountDownLatch gate, Socket socket) throws InterruptedException {
    byte[] one = new byte[1];
    int timeout;
    try {
      timeout = socket.getSoTimeout();
      socket.setSoTimeout((int) POLL_MILLIS);
    } catch (IOException e) {
      return awaitGate(gate) ? GateEnd.OPENED : GateEnd.CLOSED;
    }
    try {
      InputStream in = socket.getInputStream();
      while (!gate.await(0, TimeUnit.NANOSECONDS)) {
        if (isClosed()) {
          return GateEnd.CLOSED;
        }
        try {
          if (in.read(one) < 0) {
            hangUps.incrementAndGet();
            return GateEnd.HUNG_UP;
          }
        } catch (SocketTimeoutException e) {
          // Still connected: look at the gate again.
        }
      }
      return GateEnd.OPENED;
    } catch (IOException e) {
      if (isClosed()) {
        return GateEnd.CLOSED;
      }
      hangUps.incrementAndGet();
      return GateEnd.HUNG_UP;
    } finally {
      try {
        socket.setSoTimeout(timeout);
      } catch (IOException e) {
        // The socket is gone; nothing to restore.
      }
    }
  }

  /**
   * Waits until the client of {@code socket} hangs up (its end of the stream, or a reset) or the
   * server closes; returns true if the server closed. Bytes the client sends meanwhile are
   * discarded: the caller ends the connection afterwards in any case.
   */
  boolean awaitHangUp(Socket socket) {
    byte[] discard = new byte[256];
    try {
      socket.setSoTimeout((int) POLL_MILLIS);
      InputStream in = socket.getInputStream();
      while (!isClosed()) {
        try {
          if (in.read(discard) < 0) {
            hangUps.incrementAndGet();
            return false;
          }
        } catch (SocketTimeoutException e) {
          // Still connected: look at the closing signal again.
        }
      }
      return true;
    } catch (IOException e) {
      // Reset by the client, or the socket was closed under us.
      if (isClosed()) {
        return true;
      }
      hangUps.incrementAndGet();
      return false;
    }
  }

  /** The stalled responses whose client hung up so far. */
  int hangUps() {
    return hangUps.get();
  }

  /** Marks the start of a response body; pair with {@link #endWriting()}. */
  void beginWriting() {
    writing.incrementAndGet();
  }

  /** Marks the end of a response body, however it ended. */
  void endWriting() {
    writing.decrementAndGet();
  }

  /** Returns how many response bodies are being written now. */
  int writing() {
    return writing.get();
  }
}
