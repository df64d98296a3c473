package dev.llmgateway.internal.util;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's default executor: virtual threads ({@code
 * Executors.newVirtualThreadPerTaskExecutor()}) when the JVM has them (Java 21+), found through a
 * {@link MethodHandle} looked up once (the code compiles for Java 17); otherwise a bounded cached
 * pool of named daemon threads.
 */
public final class DefaultExecutors {
  private static final Logger log = LoggerFactory.getLogger(DefaultExecutors.class);

  /** The most threads of the fallback pool; further tasks queue. */
  public static final int MAX_POOL_THREADS = 64;

  /** How long an idle pool thread lives. */
  public static final long POOL_KEEP_ALIVE_SECONDS = 60;

  private DefaultExecutors() {}

  /** Looked up once, when the first client is built (lazy holder). */
  private static final class VirtualThreads {
    static final @Nullable MethodHandle NEW_EXECUTOR = lookup();

    private static @Nullable MethodHandle lookup() {
      try {
        return MethodHandles.publicLookup()
            .findStatic(
                Executors.class,
                "newVirtualThreadPerTaskExecutor",
                MethodType.methodType(ExecutorService.class));
      } catch (NoSuchMethodException | IllegalAccessException e) {
        return null;
      }
    }
  }

  /**
   * Whether this JVM has virtual threads.
   *
   * @return {@code true} on Java 21+
   */
  public static boolean virtualThreadsAvailable() {
    return VirtualThreads.NEW_EXECUTOR != null;
  }

  /**
   * Creates the default executor; the caller owns it and shuts it down.
   *
   * @return a virtual-thread-per-task executor, or a bounded daemon pool
   */
  public static ExecutorService create() {
    MethodHandle handle = VirtualThreads.NEW_EXECUTOR;
    if (handle != null) {
      try {
        ExecutorService executor = (ExecutorService) handle.invokeExact();
        log.debug("Default executor: virtual threads");
        return executor;
      } catch (Throwable e) {
        log.warn("Virtual threads are present but unusable; using a thread pool", e);
      }
    }
    log.debug("Default executor: a pool of at most {} daemon threads", MAX_POOL_THREADS);
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            MAX_POOL_THREADS,
            MAX_POOL_THREADS,
            POOL_KEEP_ALIVE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new NamedDaemonThreads("llm-gateway-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static final class NamedDaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger(1);

    public NamedDaemonThreads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread t = new Thread(task, prefix + next.getAndIncrement());
      t.setDaemon(true);
      return t;
    }
  }
}
