package dev.llmgateway.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Server-sent events over one exchange, written under a lock: the handler thread writes events; a
 * timer writes a comment line every keep-alive interval while nothing else is written. When a write
 * fails (the caller left) the stream is marked broken and {@code onBroken} runs once, which closes
 * the upstream call; the handler then stops.
 */
final class EventStream implements AutoCloseable {
  private static final byte[] PING = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final ReentrantLock lock = new ReentrantLock();
  private final Runnable onBroken;
  private final @Nullable ScheduledFuture<?> pinger;
  private final java.util.concurrent.atomic.AtomicBoolean broken =
      new java.util.concurrent.atomic.AtomicBoolean();

  EventStream(
      OutputStream out, ScheduledExecutorService timer, long keepAliveMillis, Runnable onBroken) {
    this.out = out;
    this.onBroken = onBroken;
    this.pinger =
        timer.scheduleWithFixedDelay(
            this::ping, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
  }

  /** Writes {@code data: <json>} (after {@code event: <name>} when a name is given). */
  void send(@Nullable String event, String data) throws IOException {
    StringBuilder sb = new StringBuilder(data.length() + 32);
    if (event != null) {
      sb.append("event: ").append(event).append('\n');
    }
    sb.append("data: ").append(data).append("\n\n");
    write(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  boolean broken() {
    return broken.get();
  }

  private void write(byte[] bytes) throws IOException {
    if (broken.get()) {
      throw new IOException("the caller closed the stream");
    }
    lock.lock();
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException | RuntimeException e) {
      markBroken();
      throw e instanceof IOException io ? io : new IOException(e);
    } finally {
      lock.unlock();
    }
  }

  private void ping() {
    if (broken.get() || !lock.tryLock()) {
      return;
    }
    try {
      out.write(PING);
      out.flush();
    } catch (IOException | RuntimeException e) {
      markBroken();
    } finally {
      lock.unlock();
    }
  }

  private void markBroken() {
    if (broken.compareAndSet(false, true)) {
      if (pinger != null) {
        pinger.cancel(false);
      }
      onBroken.run();
    }
  }

  @Override
  public void close() {
    if (pinger != null) {
      pinger.cancel(false);
    }
  }
}
