package dev.llmgateway.provider.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import okio.AsyncTimeout;

/**
 * Keeps Okio's timeout watchdog from being woken by every call.
 *
 * <p>Each call's deadline ({@link okhttp3.Call#timeout()}) enters Okio's one queue of timeouts,
 * ordered by deadline, and Okio wakes its watchdog thread whenever a new timeout becomes the
 * earliest, so that the thread can wait for it. With one caller, every call's deadline is the
 * earliest (the queue is otherwise empty), so every call paid a thread wake-up: a futex call on the
 * caller's thread and a context switch to the watchdog and back, several microseconds of CPU each.
 * The pacer is a timeout of its own, one second long, that it puts back into the queue whenever it
 * expires, as long as calls were made in the last {@link #idleNanos}: calls' deadlines (seconds to
 * minutes away) then queue behind it without waking anything, and the watchdog wakes once a second
 * instead of once per call. Deadlines are kept exactly as before: the watchdog still waits for the
 * earliest one, whoever set it. Once calls stop, the pacer leaves the queue, and Okio's watchdog
 * thread ends after its own idle time as it did without it.
 *
 * <p>Thread-safe; one instance per JVM ({@link #INSTANCE}), since Okio's queue is one per JVM.
 */
final class WatchdogPacer extends AsyncTimeout {
  /** The pacer of the JVM: one second per lap, stops after 30 seconds without calls. */
  static final WatchdogPacer INSTANCE =
      new WatchdogPacer(
          TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(30), System::nanoTime);

  private static final long WRITE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final long idleNanos;
  private final LongSupplier ticker;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile long lastCall;
  private volatile int laps;

  /**
   * Creates a pacer.
   *
   * @param lapNanos how long each lap is
   * @param idleNanos how long after the last call the pacer keeps running
   * @param ticker nanosecond time source
   */
  WatchdogPacer(long lapNanos, long idleNanos, LongSupplier ticker) {
    this.idleNanos = idleNanos;
    this.ticker = ticker;
    timeout(lapNanos, TimeUnit.NANOSECONDS);
  }

  /** Notes a call about to set its deadline and starts the pacer if it is not running. */
  void beforeCall() {
    long now = ticker.getAsLong();
    // Written at most every few milliseconds: many callers writing one field would fight over it.
    if (now - lastCall > WRITE_EVERY_NANOS) {
      lastCall = now;
    }
    if (!running.get() && running.compareAndSet(false, true)) {
      enter();
    }
  }

  /** Whether the pacer is in Okio's queue, or about to be put back. */
  boolean running() {
    return running.get();
  }

  /** How many laps have ended since the pacer was created; for tests. */
  int laps() {
    return laps;
  }

  /** Runs on Okio's watchdog thread, outside its lock, when a lap ends. */
  @Override
  protected void timedOut() {
    laps++;
    exit();
    if (ticker.getAsLong() - lastCall < idleNanos) {
      enter();
      return;
    }
    running.set(false);
    // A call that came after the check above saw the pacer running and did not start it.
    if (ticker.getAsLong() - lastCall < idleNanos && running.compareAndSet(false, true)) {
      enter();
    }
  }
}
