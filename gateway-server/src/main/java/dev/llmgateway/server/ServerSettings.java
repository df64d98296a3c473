package dev.llmgateway.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code server:} section of the configuration file, validated (see {@link ServerSection}).
 *
 * @param host the address to listen on
 * @param port the port; 0 picks a free one
 * @param adminKeySha256 the SHA-256 of the admin key (dashboard, every tenant's usage), or null
 * @param keysFile the file the {@code keys} command manages, or null
 * @param keys the keys written in the configuration file
 * @param requestsPerMinute the default request limit of each caller key, or null for none
 * @param maxRequestBytes the largest request body accepted
 * @param streamKeepAlive how often a stream waiting for its provider sends an SSE comment (which
 *     also notices a caller that left)
 * @param shutdownTimeout how long a stop waits for calls and streams in flight
 * @param usageZone the zone of the usage API's days
 * @param maxThreads the most request threads
 */
record ServerSettings(
    String host,
    int port,
    @Nullable String adminKeySha256,
    @Nullable Path keysFile,
    List<ApiKey> keys,
    @Nullable Integer requestsPerMinute,
    long maxRequestBytes,
    Duration streamKeepAlive,
    Duration shutdownTimeout,
    ZoneId usageZone,
    int maxThreads) {

  static final String DEFAULT_HOST = "127.0.0.1";
  static final int DEFAULT_PORT = 8080;
  static final long DEFAULT_MAX_REQUEST_BYTES = 8L * 1024 * 1024;
  static final Duration DEFAULT_STREAM_KEEP_ALIVE = Duration.ofSeconds(10);
  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  static final int DEFAULT_MAX_THREADS = 200;

  ServerSettings {
    keys = List.copyOf(keys);
  }

  /** Whether a reload may take these settings over the running ones (the listener is fixed). */
  boolean sameListener(ServerSettings other) {
    return host.equals(other.host) && port == other.port && maxThreads == other.maxThreads;
  }
}
