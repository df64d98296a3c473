package dev.llmgateway.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signal that the caller gave up on a call (closed its stream, cancelled its future, or its
 * deadline passed). Providers register a hook that aborts their in-flight I/O.
 *
 * <pre>{@code
 * okhttp3.Call http = client.newCall(request);
 * call.cancellation().onCancel(http::cancel);
 * }</pre>
 *
 * <p>Thread-safe. Hooks run once, on the thread that cancels, outside any lock; a hook registered
 * after cancellation runs at once on the registering thread.
 */
public final class Cancellation {
  private static final Logger log = LoggerFactory.getLogger(Cancellation.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final List<Runnable> hooks = new ArrayList<>(2);
  private volatile boolean cancelled;

  /** Creates a signal that is not cancelled. */
  public Cancellation() {}

  /**
   * Registers a hook to run on cancellation.
   *
   * @param hook the hook; must be fast and must not throw
   */
  public void onCancel(Runnable hook) {
    lock.lock();
    try {
      if (!cancelled) {
        hooks.add(hook);
        return;
      }
    } finally {
      lock.unlock();
    }
    run(hook);
  }

  /** Cancels: runs every registered hook once. Later calls do nothing. */
  public void cancel() {
    List<Runnable> toRun;
    lock.lock();
    try {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = new ArrayList<>(hooks);
      hooks.clear();
    } finally {
      lock.unlock();
    }
    for (Runnable hook : toRun) {
      run(hook);
    }
  }

  /**
   * Whether {@link #cancel()} was called.
   *
   * @return {@code true} once cancelled
   */
  public boolean isCancelled() {
    return cancelled;
  }

  private static void run(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      log.warn("A cancellation hook threw; ignoring it", e);
    }
  }
}
