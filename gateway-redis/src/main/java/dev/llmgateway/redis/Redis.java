package dev.llmgateway.redis;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Secret;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One Lettuce client and its one shared, thread-safe connection (keys as text, values as bytes),
 * plus a publish/subscribe connection opened on demand. Commands time out after the command timeout
 * and are rejected at once while the connection is down (so no call waits for a reconnect); the
 * client reconnects in the background, from 10 ms up to 1 s apart.
 */
final class Redis implements AutoCloseable {
  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /** The least time a connection (with its handshake) may take to open. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final StatefulConnection<String, byte[]> connection;
  private final RedisClusterAsyncCommands<String, byte[]> commands;
  private final String server;

  private Redis(
      ClientResources resources,
      AbstractRedisClient client,
      StatefulConnection<String, byte[]> connection,
      RedisClusterAsyncCommands<String, byte[]> commands,
      String server) {
    this.resources = resources;
    this.client = client;
    this.connection = connection;
    this.commands = commands;
    this.server = server;
  }

  /**
   * Connects.
   *
   * @param uri a Redis URI ({@code redis://}, {@code rediss://} for TLS, {@code redis-sentinel://})
   * @param password the password, or null
   * @param timeout the command timeout
   * @param cluster whether the URI names a cluster
   * @return the connection
   * @throws ConfigurationException if the URI is malformed or Redis cannot be reached
   */
  static Redis connect(String uri, @Nullable Secret password, Duration timeout, boolean cluster) {
    RedisURI redisUri;
    try {
      redisUri = RedisURI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Redis URI is malformed: " + e.getMessage());
    }
    if (password != null) {
      redisUri.setCredentialsProvider(
          RedisCredentialsProvider.from(() -> RedisCredentials.just(null, password.reveal())));
    }
    // The URI's timeout bounds connecting and the connection's handshake (a start-up or a
    // reconnect, off the call path); commands have their own, the command timeout, below.
    Duration connect = timeout.compareTo(CONNECT_TIMEOUT) > 0 ? timeout : CONNECT_TIMEOUT;
    redisUri.setTimeout(connect);
    String server = describe(redisUri);
    ClientResources resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(connect).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
    AbstractRedisClient client = null;
    try {
      StatefulConnection<String, byte[]> connection;
      RedisClusterAsyncCommands<String, byte[]> commands;
      if (cluster) {
        RedisClusterClient c = RedisClusterClient.create(resources, redisUri);
        client = c;
        c.setOptions(
            ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                .timeoutOptions(timeouts)
                .build());
        var conn = c.connect(CODEC);
        connection = conn;
        commands = conn.async();
      } else {
        RedisClient c = RedisClient.create(resources, redisUri);
        client = c;
        c.setOptions(
            ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                .timeoutOptions(timeouts)
                .build());
        var conn = c.connect(CODEC);
        connection = conn;
        commands = conn.async();
      }
      return new Redis(resources, client, connection, commands, server);
    } catch (RedisException e) {
      if (client != null) {
        client.shutdown();
      }
      resources.shutdown();
      throw new ConfigurationException("Redis at " + server + " cannot be reached: " + e, e);
    }
  }

  /** The server as host:port (or the sentinel set), with the scheme and never a password. */
  private static String describe(RedisURI uri) {
    StringBuilder b = new StringBuilder(uri.isSsl() ? "rediss://" : "redis://");
    if (uri.getSentinels().isEmpty()) {
      b.append(uri.getHost()).append(':').append(uri.getPort());
    } else {
      b.append("sentinel ").append(uri.getSentinelMasterId());
    }
    return b.append('/').append(uri.getDatabase()).toString();
  }

  /** The server, for messages: scheme, host and port, never a password. */
  String server() {
    return server;
  }

  /** The async commands of the shared connection. */
  RedisClusterAsyncCommands<String, byte[]> commands() {
    return commands;
  }

  /**
   * Opens a publish/subscribe connection on the same client; {@code onConnected} runs on each
   * (re)connection of it, so the caller can resynchronize what it missed.
   */
  StatefulRedisPubSubConnection<String, String> pubSub(Runnable onConnected) {
    StatefulRedisPubSubConnection<String, String> ps =
        client instanceof RedisClusterClient c
            ? c.connectPubSub()
            : ((RedisClient) client).connectPubSub();
    client.addListener(
        new RedisConnectionStateListener() {
          @Override
          public void onRedisConnected(
              io.lettuce.core.RedisChannelHandler<?, ?> handler, java.net.SocketAddress address) {
            if (handler == ps) {
              onConnected.run();
            }
          }
        });
    return ps;
  }

  /**
   * Runs a script by its SHA-1, loading it on a {@code NOSCRIPT} answer (a restarted server).
   *
   * @param script the script
   * @param type the reply's type
   * @param keys the keys
   * @param args the arguments
   * @return the reply
   */
  <T> CompletableFuture<T> eval(
      Script script, ScriptOutputType type, String[] keys, byte[]... args) {
    CompletableFuture<T> first =
        commands.<T>evalsha(script.sha(), type, keys, args).toCompletableFuture();
    return first.exceptionallyCompose(
        e -> {
          Throwable cause =
              e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          if (cause instanceof RedisNoScriptException) {
            return commands.<T>eval(script.source(), type, keys, args).toCompletableFuture();
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  /** UTF-8 bytes of a text argument. */
  static byte[] arg(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Decimal bytes of a number argument. */
  static byte[] arg(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  /** Closes the connections and the client's threads. */
  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
