package dev.llmgateway.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration file, watched through its directory's {@link WatchService} (which sees editors
 * that replace the file by renaming a new one over it), or polled (modification time, size and
 * content hash) where watching is not possible or not wanted. Change signals are debounced: a
 * signal fires once no further change came for the debounce time. Timers come from a {@link Timer}
 * per subscription, so tests drive them by hand.
 */
final class FileConfigSource implements ConfigSource {
  private static final Logger log = LoggerFactory.getLogger(FileConfigSource.class);

  private final Path file;
  private final boolean polling;
  private final Duration pollInterval;
  private final Duration debounce;
  private final Supplier<Timer> timers;

  FileConfigSource(
      Path file,
      boolean polling,
      Duration pollInterval,
      Duration debounce,
      Supplier<Timer> timers) {
    if (file == null || file.getFileName() == null) {
      throw new IllegalArgumentException(
          "A configuration file needs a path with a name, was " + file);
    }
    if (pollInterval == null || pollInterval.isZero() || pollInterval.isNegative()) {
      throw new IllegalArgumentException("The poll interval must be positive, was " + pollInterval);
    }
    if (debounce == null || debounce.isNegative()) {
      throw new IllegalArgumentException("The debounce time must not be negative, was " + debounce);
    }
    this.file = file.toAbsolutePath();
    this.polling = polling;
    this.pollInterval = pollInterval;
    this.debounce = debounce;
    this.timers = Objects.requireNonNull(timers, "timers");
  }

  @Override
  public String name() {
    return file.toString();
  }

  @Override
  public GatewayConfig load(SecretResolver resolver) {
    return GatewayConfig.load(file, resolver);
  }

  @Override
  public Subscription subscribe(Runnable onChange) {
    Objects.requireNonNull(onChange, "onChange");
    Watch watch = new Watch(timers.get(), onChange);
    if (polling) {
      watch.startPolling();
    } else {
      watch.startWatching();
    }
    return watch;
  }

  @Override
  public String toString() {
    return "ConfigSource[" + file + (polling ? ", polled every " + pollInterval : "") + "]";
  }

  /** Schedules delayed tasks; one per subscription, closed with it. */
  interface Timer {
    /**
     * Runs a task once after a delay.
     *
     * @return cancels the task if it has not started
     */
    Runnable schedule(Runnable task, Duration delay);

    /** Cancels every task and stops the timer's threads. */
    void close();

    /** A timer on one daemon thread. */
    static Timer daemon() {
      ScheduledExecutorService s =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "llm-gateway-config-timer");
                t.setDaemon(true);
                return t;
              });
      return new Timer() {
        @Override
        public Runnable schedule(Runnable task, Duration delay) {
          Future<?> f = s.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
          return () -> f.cancel(false);
        }

        @Override
        public void close() {
          s.shutdownNow();
        }
      };
    }
  }

  /** One subscription: the watcher or poller, the debounce, and the timer. */
  final class Watch implements Subscription {
    private final Timer timer;
    private final Runnable onChange;
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable Runnable pending;
    private @Nullable WatchService watcher;
    private @Nullable Fingerprint last;
    private volatile boolean closed;

    Watch(Timer timer, Runnable onChange) {
      this.timer = timer;
      this.onChange = onChange;
    }

    /** Watches the directory; polls if that is not possible. */
    void startWatching() {
      Path dir = Objects.requireNonNull(file.getParent());
      try {
        WatchService ws = dir.getFileSystem().newWatchService();
        dir.register(
            ws,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
        watcher = ws;
        Thread t = new Thread(() -> watchLoop(ws), "llm-gateway-config-watch");
        t.setDaemon(true);
        t.start();
        log.debug("Watching {} for changes", file);
      } catch (IOException | UnsupportedOperationException e) {
        log.info("Cannot watch {} ({}); checking it every {} instead", file, e, pollInterval);
        startPolling();
      }
    }

    private void watchLoop(WatchService ws) {
      Path name = file.getFileName();
      try {
        while (!closed) {
          WatchKey key = ws.take();
          boolean relevant = false;
          for (WatchEvent<?> event : key.pollEvents()) {
            relevant |=
                event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(event.context());
          }
          if (relevant) {
            signal();
          }
          if (!key.reset()) {
            log.info("{} can no longer be watched; checking it every {}", file, pollInterval);
            startPolling();
            return;
          }
        }
      } catch (ClosedWatchServiceException | InterruptedException e) {
        // closed
      }
    }

    /** Checks the file now and then every poll interval. */
    void startPolling() {
      lock.lock();
      try {
        last = Fingerprint.of(file);
      } finally {
        lock.unlock();
      }
      timer.schedule(this::poll, pollInterval);
    }

    private void poll() {
      if (closed) {
        return;
      }
      Fingerprint now = Fingerprint.of(file);
      boolean changed;
      lock.lock();
      try {
        changed = !now.equals(last);
        last = now;
      } finally {
        lock.unlock();
      }
      if (changed) {
        signal();
      }
      timer.schedule(this::poll, pollInterval);
    }

    /** A change was seen: (re)starts the debounce wait. */
    void signal() {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        if (pending != null) {
          pending.run();
        }
        pending = timer.schedule(this::fire, debounce);
      } finally {
        lock.unlock();
      }
    }

    private void fire() {
      lock.lock();
      try {
        pending = null;
      } finally {
        lock.unlock();
      }
      if (!closed) {
        try {
          onChange.run();
        } catch (RuntimeException e) {
          log.warn("The change handler of {} threw; ignoring it", file, e);
        }
      }
    }

    @Override
    public void close() {
      closed = true;
      WatchService ws = watcher;
      if (ws != null) {
        try {
          ws.close();
        } catch (IOException e) {
          log.debug("Closing the watch of {} failed", file, e);
        }
      }
      timer.close();
    }
  }

  /** What polling compares: existence, modification time, size and a hash of the content. */
  record Fingerprint(boolean exists, long modified, long size, byte[] hash) {
    static Fingerprint of(Path file) {
      try {
        long modified = Files.getLastModifiedTime(file).toMillis();
        byte[] content = Files.readAllBytes(file);
        return new Fingerprint(
            true, modified, content.length, MessageDigest.getInstance("SHA-256").digest(content));
      } catch (NoSuchFileException e) {
        return new Fingerprint(false, 0, 0, new byte[0]);
      } catch (IOException e) {
        // Unreadable now: compares unequal to any readable state, so a recovery is a change.
        return new Fingerprint(false, -1, -1, new byte[0]);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Fingerprint f
          && exists == f.exists
          && modified == f.modified
          && size == f.size
          && Arrays.equals(hash, f.hash);
    }

    @Override
    public int hashCode() {
      return Objects.hash(exists, modified, size, Arrays.hashCode(hash));
    }

    @Override
    public String toString() {
      return "Fingerprint[exists=" + exists + ", modified=" + modified + ", size=" + size + "]";
    }
  }
}
