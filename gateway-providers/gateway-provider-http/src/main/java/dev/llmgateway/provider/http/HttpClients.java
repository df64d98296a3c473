package dev.llmgateway.provider.http;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.ProviderSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The one {@link OkHttpClient} that every HTTP provider derives its client from, so that all
 * providers share a connection pool and a dispatcher.
 *
 * <pre>{@code
 * OkHttpClient client = HttpClients.forSettings(settings); // shares pool and dispatcher
 * }</pre>
 *
 * <p>The shared client raises OkHttp's dispatcher limits (64 requests, 5 per host), which are far
 * too low for a gateway that sends most of its traffic to a handful of hosts, keeps more idle
 * connections, and does not retry failed connections itself: the gateway owns retries. Per-call
 * deadlines are set on each {@link okhttp3.Call} by {@link HttpTransport}, so the shared client has
 * no call timeout.
 *
 * <p>How many idle connections the pool keeps is set for the whole JVM by the system property
 * {@value #MAX_IDLE_CONNECTIONS_PROPERTY} (default {@value #DEFAULT_MAX_IDLE_CONNECTIONS}).
 *
 * <p>Thread-safe. The shared client is created lazily on first use and lives as long as the JVM.
 */
public final class HttpClients {
  /** Most asynchronous calls in flight at once: 1024 (OkHttp's default is 64). */
  public static final int DEFAULT_MAX_REQUESTS = 1024;

  /** Most asynchronous calls in flight to one host: 512 (OkHttp's default is 5). */
  public static final int DEFAULT_MAX_REQUESTS_PER_HOST = 512;

  /**
   * Most idle connections kept in the pool unless {@value #MAX_IDLE_CONNECTIONS_PROPERTY} says
   * otherwise: 128 (OkHttp's default is 5).
   */
  public static final int DEFAULT_MAX_IDLE_CONNECTIONS = 128;

  /**
   * The system property that sets how many idle connections the shared pool keeps (a whole number
   * from 1 to {@value #MAX_IDLE_CONNECTIONS_LIMIT}), read once when the shared client is first
   * used. A process that makes more concurrent calls to one provider than the pool keeps closes the
   * extra connections when their calls end and opens new ones for the next calls; set it at least
   * to the concurrency the process sees, for example {@code
   * -Ddev.llmgateway.http.maxIdleConnections=300}.
   */
  public static final String MAX_IDLE_CONNECTIONS_PROPERTY =
      "dev.llmgateway.http.maxIdleConnections";

  /** The largest value {@value #MAX_IDLE_CONNECTIONS_PROPERTY} accepts. */
  public static final int MAX_IDLE_CONNECTIONS_LIMIT = 65_536;

  /** How long an idle pooled connection is kept: 60 seconds. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);

  private HttpClients() {}

  private static volatile @Nullable OkHttpClient shared;

  /**
   * The shared client, created on first use.
   *
   * @return the shared client; derive from it with {@link OkHttpClient#newBuilder()}
   * @throws ConfigurationException if {@value #MAX_IDLE_CONNECTIONS_PROPERTY} is set to something
   *     other than a whole number from 1 to {@value #MAX_IDLE_CONNECTIONS_LIMIT}
   */
  public static OkHttpClient shared() {
    OkHttpClient client = shared;
    if (client == null) {
      synchronized (HttpClients.class) {
        client = shared;
        if (client == null) {
          client = create(maxIdleConnections(System.getProperty(MAX_IDLE_CONNECTIONS_PROPERTY)));
          shared = client;
        }
      }
    }
    return client;
  }

  /**
   * The idle connections the pool keeps for a value of {@value #MAX_IDLE_CONNECTIONS_PROPERTY}.
   *
   * @param value the property's value, or null when it is not set
   * @return the number, {@link #DEFAULT_MAX_IDLE_CONNECTIONS} when not set
   * @throws ConfigurationException if the value is not a whole number from 1 to {@value
   *     #MAX_IDLE_CONNECTIONS_LIMIT}
   */
  static int maxIdleConnections(@Nullable String value) {
    if (value == null) {
      return DEFAULT_MAX_IDLE_CONNECTIONS;
    }
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > MAX_IDLE_CONNECTIONS_LIMIT) {
      throw new ConfigurationException(
          "System property "
              + MAX_IDLE_CONNECTIONS_PROPERTY
              + " must be a whole number from 1 to "
              + MAX_IDLE_CONNECTIONS_LIMIT
              + ", was '"
              + value
              + "'");
    }
    return n;
  }

  /**
   * A client for one provider instance: the shared client with the instance's connect and read
   * timeouts. It shares the connection pool and dispatcher of {@link #shared()}.
   *
   * @param settings the provider instance's settings
   * @return the derived client
   */
  public static OkHttpClient forSettings(ProviderSettings settings) {
    return shared()
        .newBuilder()
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.readTimeout())
        .build();
  }

  /** A client tuned for a gateway whose pool keeps {@code maxIdle} idle connections. */
  static OkHttpClient create(int maxIdle) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(DEFAULT_MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(DEFAULT_MAX_REQUESTS_PER_HOST);
    ConnectionPool pool =
        new ConnectionPool(maxIdle, DEFAULT_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(pool)
        .retryOnConnectionFailure(false)
        .connectTimeout(ProviderSettings.DEFAULT_CONNECT_TIMEOUT)
        .readTimeout(ProviderSettings.DEFAULT_READ_TIMEOUT)
        .writeTimeout(ProviderSettings.DEFAULT_READ_TIMEOUT)
        .build();
  }
}
