package dev.llmgateway.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The server's closing signal. Every wait inside the server (latency, chunk delays, gates, stalls)
 * goes through this class so that {@link FakeLlmServer#close()} can end it promptly.
 */
final class Closing {
  /** How often a wait on a caller's gate checks whether the server is closing. */
  private static final long GATE_POLL_MILLIS = 10;

  private final CountDownLatch closed = new CountDownLatch(1);

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
    while (!gate.await(GATE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (isClosed()) {
        return false;
      }
    }
    return true;
  }
}
