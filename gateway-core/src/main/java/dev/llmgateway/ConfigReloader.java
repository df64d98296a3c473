package dev.llmgateway;

import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.ConfigProblem;
import dev.llmgateway.config.ConfigSource;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.error.ConfigurationException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of a client built from a {@link ConfigSource}: on each change signal, or {@link
 * #reload()}, loads the source, checks it against the configuration serving now, applies it onto a
 * copy of the builder as code left it (listeners, interceptors, hooks, stores), shares the client's
 * state and replaces the client's configuration. Reloads run one at a time on one daemon thread
 * ({@code llm-gateway-config-reload}); a rejected one leaves the configuration serving now in
 * place, logs a WARN and tells the listeners.
 */
final class ConfigReloader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  private final GatewayClient client;
  private final GatewayClient.Builder code;
  private final ConfigSource source;
  private final SecretResolver resolver;
  private final GatewayEventListener events;
  private final ExecutorService thread;
  private final AtomicBoolean signalled = new AtomicBoolean();
  private volatile GatewayConfig current;
  private volatile ConfigSource.Subscription subscription = () -> {};

  ConfigReloader(
      GatewayClient client,
      GatewayClient.Builder code,
      ConfigSource source,
      SecretResolver resolver,
      GatewayConfig first,
      GatewayEventListener events) {
    this.client = client;
    this.code = code;
    this.source = source;
    this.resolver = resolver;
    this.events = events;
    this.current = first;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "llm-gateway-config-reload");
              t.setDaemon(true);
              return t;
            });
  }

  /** Subscribes to the source's change signals. */
  void start() {
    subscription = source.subscribe(this::changed);
  }

  /** A change signal: queues one reload unless one is queued and has not started. */
  private void changed() {
    if (!signalled.compareAndSet(false, true)) {
      return;
    }
    try {
      thread.execute(
          () -> {
            signalled.set(false);
            try {
              reloadNow();
            } catch (ConfigException e) {
              // Reported by reloadNow: WARN and configRejected.
            }
          });
    } catch (RejectedExecutionException e) {
      signalled.set(false); // closed
    }
  }

  /** Reloads on the reload thread and waits for it. */
  long reload() {
    Future<Long> f;
    try {
      f = thread.submit(this::reloadNow);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("GatewayClient is closed", e);
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new CancellationException("Interrupted while reloading " + source.name());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("Reloading " + source.name() + " failed", e.getCause());
    }
  }

  private long reloadNow() {
    GatewayConfig next;
    long version;
    try {
      next = source.load(resolver);
      List<ConfigProblem> fixed = next.reloadProblems(current);
      if (!fixed.isEmpty()) {
        throw new ConfigException(next.source(), fixed);
      }
      GatewayClient.Builder b = code.copy();
      next.applyTo(b);
      version = client.replaceConfiguration(b.sharing(client));
    } catch (ConfigException e) {
      throw rejected(e);
    } catch (ConfigurationException e) {
      String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getName());
      throw rejected(new ConfigException(source.name(), List.of(new ConfigProblem("", message))));
    } catch (RuntimeException e) {
      if (client.isClosed()) {
        throw e;
      }
      throw rejected(
          new ConfigException(
              source.name(), List.of(new ConfigProblem("", "cannot be loaded: " + e))));
    }
    current = next;
    log.info("Configuration {} reloaded: version {} serves new calls", source.name(), version);
    events.configReloaded(source.name(), version);
    return version;
  }

  private ConfigException rejected(ConfigException e) {
    log.warn("Reload rejected; the configuration serving now stays. {}", e.getMessage());
    events.configRejected(e.source(), e.problems());
    return e;
  }

  /** Stops the change signals and the reload thread; a reload under way finishes. */
  @Override
  public void close() {
    subscription.close();
    thread.shutdown();
  }
}
