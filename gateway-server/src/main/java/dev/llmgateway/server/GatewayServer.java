package dev.llmgateway.server;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.config.ConfigSource;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.micrometer.MicrometerGatewayListener;
import dev.llmgateway.ratelimit.QuotaStore;
import dev.llmgateway.usage.UsageAggregator;
import dev.llmgateway.usage.UsageSink;
import dev.llmgateway.usage.UsageSinks;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway served over HTTP: a Jetty 12 server whose endpoints speak OpenAI's and Anthropic's
 * wire formats over one {@link GatewayClient} built from the same configuration file (see {@code
 * docs/server.md}).
 *
 * <pre>{@code
 * try (GatewayServer server = GatewayServer.builder(Path.of("gateway.yaml")).start()) {
 *   System.out.println("listening on " + server.uri());
 *   server.awaitStop();
 * }
 * }</pre>
 *
 * <p>The configuration file is watched: a change reloads the library's configuration and the {@code
 * server:} section's keys and limits at once (a revoked key is refused from the next request on); a
 * file with problems is rejected and the running configuration stays. The keys file of {@code
 * server.keysFile} is watched the same way.
 *
 * <p><b>Threads and lifetime.</b> Requests run on Jetty's pool of request threads (at most {@code
 * server.maxThreads}), which block in the library's calls. {@link #close()} stops gracefully: the
 * readiness probe turns to 503, the listener stops accepting, calls and streams in flight get up to
 * {@code server.shutdownTimeout} to finish, then the client closes, which flushes the usage
 * records. Thread-safe.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  private final Server jetty;
  private final ServerConnector connector;
  private final GatewayClient gateway;
  private final ServerState state;
  private final ScheduledExecutorService timer;
  private final ConfigSource.@Nullable Subscription keysWatch;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GatewayServer(Builder b) throws Exception {
    Clock clock = b.clock;
    KeyRing keys = new KeyRing();
    // Read once up front: problems of the whole file fail the start before anything is built.
    ServerConfigSource.Split initial =
        ServerConfigSource.split(b.config, SecretResolver.defaults());
    ServerSettings settings = initial.settings();
    ServerState serverState = new ServerState(settings, initial.library());
    this.state = serverState;
    ServerConfigSource source =
        new ServerConfigSource(
            b.config,
            split -> {
              if (!serverState.settings().sameListener(split.settings())) {
                log.warn(
                    "server.host, server.port and server.maxThreads change only on restart;"
                        + " the running listener stays");
              }
              serverState.update(split.settings(), split.library());
              try {
                keys.update(split.settings());
              } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the keys file", e);
              }
            });
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    UsageAggregator aggregator = UsageSinks.aggregator(settings.usageZone());
    FallbackCounter fallbacks = new FallbackCounter();
    GatewayClient.Builder gb =
        GatewayClient.builder()
            .clock(clock)
            .eventListener(MicrometerGatewayListener.create(prometheus))
            .eventListener(fallbacks)
            .usage(
                u -> {
                  u.sink(aggregator);
                  b.usageSinks.forEach(u::sink);
                });
    b.listeners.forEach(gb::eventListener);
    this.gateway = gb.configSource(source).build();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "llm-gateway-server-keepalive");
              t.setDaemon(true);
              return t;
            });
    Path keysFile = settings.keysFile();
    this.keysWatch =
        keysFile == null ? null : ConfigSource.file(keysFile).subscribe(keys::reloadFileQuietly);

    QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads());
    threads.setName("llm-gateway-server");
    this.jetty = new Server(threads);
    this.connector = new ServerConnector(jetty);
    connector.setHost(settings.host());
    // At shutdown, idle keep-alive connections are closed after this long, not the default second.
    connector.setShutdownIdleTimeout(100);
    connector.setPort(b.port != null ? b.port : settings.port());
    jetty.addConnector(connector);
    UsageEndpoint usage = new UsageEndpoint(aggregator, clock);
    Router router =
        new Router(
            state,
            gateway,
            clock,
            keys,
            b.keyQuotas,
            new ChatEndpoint(gateway, clock, timer),
            new MessagesEndpoint(gateway, clock, timer),
            new MediaEndpoints(gateway, clock),
            new ResponsesEndpoint(gateway, clock, timer),
            usage,
            new Dashboard(gateway, keys, usage, fallbacks, clock),
            prometheus::scrape);
    GracefulHandler graceful = new GracefulHandler(router);
    jetty.setHandler(graceful);
    jetty.setStopTimeout(settings.shutdownTimeout().toMillis());
    jetty.setStopAtShutdown(false);
    try {
      jetty.start();
    } catch (Exception e) {
      closeQuietly();
      throw e;
    }
    state.ready(true);
    log.info("LLM gateway server listening on {}", uri());
  }

  /**
   * A builder for a server configured by a file.
   *
   * @param config the configuration file: the library's format plus a {@code server:} section
   * @return the builder
   */
  public static Builder builder(Path config) {
    return new Builder(config);
  }

  /**
   * The port the server listens on (the one picked when the file says 0).
   *
   * @return the port
   */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * The server's base URI, such as {@code http://127.0.0.1:8080}.
   *
   * @return the URI
   */
  public URI uri() {
    String host = state.settings().host();
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + host + ":" + port());
  }

  /** Whether the server takes calls (false once {@link #close()} began). */
  boolean ready() {
    return state.ready();
  }

  /** The client behind the endpoints (tests read its budgets). */
  GatewayClient gateway() {
    return gateway;
  }

  /**
   * Blocks until the server has stopped (by {@link #close()} from another thread or a shutdown
   * hook).
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void awaitStop() throws InterruptedException {
    jetty.join();
  }

  /**
   * Stops gracefully: readiness turns to 503, new connections are refused, requests and streams in
   * flight get up to {@code server.shutdownTimeout}, then the client closes and flushes its usage
   * records. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    state.ready(false);
    log.info("LLM gateway server stopping");
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("Stopping the HTTP server failed: {}", e.toString());
    }
    if (keysWatch != null) {
      keysWatch.close();
    }
    timer.shutdownNow();
    gateway.close();
  }

  /** Configures a {@link GatewayServer}; {@link #start()} builds and starts it. */
  public static final class Builder {
    private final Path config;
    private Clock clock = Clock.systemUTC();
    private @Nullable Integer port;
    private QuotaStore keyQuotas = QuotaStore.inMemory();
    private final List<GatewayEventListener> listeners = new ArrayList<>();
    private final List<UsageSink> usageSinks = new ArrayList<>();

    private Builder(Path config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Sets the clock of the client, the quotas and the usage days. Defaults to the system UTC
     * clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Overrides {@code server.port}. Defaults to the file's value.
     *
     * @param port the port, 0 for any free one
     * @return this builder
     * @throws IllegalArgumentException if out of 0..65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets where the per-key request counters live. Defaults to {@link QuotaStore#inMemory()};
     * replicas share them through a shared store.
     *
     * @param store the store
     * @return this builder
     */
    public Builder keyQuotaStore(QuotaStore store) {
      this.keyQuotas = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Adds a listener to the client's events, beside the server's own (metrics, fallbacks).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder eventListener(GatewayEventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds a usage sink, beside the server's own aggregator (which serves {@code /v1/usage}).
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder usageSink(UsageSink sink) {
      usageSinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /**
     * Reads the configuration, builds the client and starts listening.
     *
     * @return the running server; close it to stop
     * @throws dev.llmgateway.config.ConfigException with every problem of the file
     * @throws Exception if the listener cannot start (such as a port in use)
     */
    public GatewayServer start() throws Exception {
      return new GatewayServer(this);
    }
  }
}
