package dev.llmgateway.provider.http;

import dev.llmgateway.spi.ProviderSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

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
 * <p>Thread-safe. The shared client is created lazily on first use and lives as long as the JVM.
 */
public final class HttpClients {
  /** Most asynchronous calls in flight at once: 1024 (OkHttp's default is 64). */
  public static final int DEFAULT_MAX_REQUESTS = 1024;

  /** Most asynchronous calls in flight to one host: 512 (OkHttp's default is 5). */
  public static final int DEFAULT_MAX_REQUESTS_PER_HOST = 512;

  /** Most idle connections kept in the pool: 128 (OkHttp's default is 5). */
  public static final int DEFAULT_MAX_IDLE_CONNECTIONS = 128;

  /** How long an idle pooled connection is kept: 60 seconds. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);

  private HttpClients() {}

  /**
   * The shared client, created on first use.
   *
   * @return the shared client; derive from it with {@link OkHttpClient#newBuilder()}
   */
  public static OkHttpClient shared() {
    return Holder.SHARED;
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

  private static final class Holder {
    static final OkHttpClient SHARED = create();

    private static OkHttpClient create() {
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequests(DEFAULT_MAX_REQUESTS);
      dispatcher.setMaxRequestsPerHost(DEFAULT_MAX_REQUESTS_PER_HOST);
      ConnectionPool pool =
          new ConnectionPool(
              DEFAULT_MAX_IDLE_CONNECTIONS, DEFAULT_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
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
}
