package dev.llmgateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a gateway configuration comes from, and how it tells that it changed: a file, a class-path
 * resource, or your own (a database table, a configuration service). Given to {@link
 * dev.llmgateway.GatewayClient.Builder#configSource}, which loads it at build and reloads it on
 * each change signal (see {@code docs/configuration.md}, "Live reload").
 *
 * <pre>{@code
 * GatewayClient gateway = GatewayClient.builder()
 *     .configSource(ConfigSource.file(Path.of("gateway.yaml")))
 *     .eventListener(metrics)
 *     .build();
 *
 * // your own source: load() reads the current text; call gateway.reload() when it changed
 * ConfigSource table = new ConfigSource() {
 *   public String name() { return "db:gateway_config"; }
 *   public GatewayConfig load(SecretResolver resolver) {
 *     return GatewayConfig.parse(repository.currentYaml(), name(), resolver);
 *   }
 * };
 * }</pre>
 *
 * <p>Implementations must be thread-safe: {@link #load} runs on the client's reload thread, {@link
 * #subscribe} on the building thread.
 */
public interface ConfigSource {
  /** How long a file source waits after a change for the next one before it signals: 200 ms. */
  Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);

  /** How often a file source checks its file when it cannot watch it: every 2 seconds. */
  Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

  /**
   * A name for messages and events, such as the file's path.
   *
   * @return the name
   */
  String name();

  /**
   * Reads and validates the configuration as it is now.
   *
   * @param resolver resolves the configuration's secret references ({@code ${scheme:name}})
   * @return the configuration
   * @throws ConfigException with every problem found, or if the configuration cannot be read
   */
  GatewayConfig load(SecretResolver resolver);

  /**
   * Starts signalling changes: {@code onChange} runs (on a thread of the source) each time the
   * configuration may have changed, after which the client calls {@link #load}. A signal for an
   * unchanged configuration is harmless. By default a source never signals; its client reloads only
   * when told ({@link dev.llmgateway.GatewayClient#reload()}).
   *
   * @param onChange what to run on a change; fast, does not throw
   * @return the subscription; closing it stops the signals and the threads the source started
   */
  default Subscription subscribe(Runnable onChange) {
    Objects.requireNonNull(onChange, "onChange");
    return () -> {};
  }

  /** Change signals started by {@link #subscribe}; {@link #close()} stops them. */
  interface Subscription extends AutoCloseable {
    /** Stops the signals and the threads started for them; idempotent; does not throw. */
    @Override
    void close();
  }

  /**
   * A YAML or JSON file ({@code .json} is read as JSON, anything else as YAML), watched for
   * changes: a {@link java.nio.file.WatchService} on its directory, so that editors that save by
   * writing a new file and renaming it over the old one are seen too; where the file system cannot
   * be watched, the file is checked every {@link #DEFAULT_POLL_INTERVAL} (modification time, size
   * and content hash). Changes within {@link #DEFAULT_DEBOUNCE} of each other give one signal. A
   * file that is deleted gives a signal too; its reload is rejected ("the file does not exist").
   *
   * @param file the file
   * @return the source
   * @throws IllegalArgumentException if the file is null or has no name
   */
  static ConfigSource file(Path file) {
    return new FileConfigSource(
        file, false, DEFAULT_POLL_INTERVAL, DEFAULT_DEBOUNCE, FileConfigSource.Timer::daemon);
  }

  /**
   * A YAML or JSON file checked every {@code interval} (modification time, size and content hash)
   * instead of watched: for file systems whose change notifications are missing or unreliable
   * (network mounts, some container volumes). Changes within {@link #DEFAULT_DEBOUNCE} of each
   * other give one signal.
   *
   * @param file the file
   * @param interval how often to check; positive
   * @return the source
   * @throws IllegalArgumentException if the file is null or has no name, or the interval is not
   *     positive
   */
  static ConfigSource polling(Path file, Duration interval) {
    return new FileConfigSource(
        file, true, interval, DEFAULT_DEBOUNCE, FileConfigSource.Timer::daemon);
  }

  /**
   * A class-path resource, read with this library's class loader; it never signals a change.
   *
   * @param resource the resource's path, such as {@code gateway.yaml} ({@code .json} is read as
   *     JSON, anything else as YAML)
   * @return the source
   * @throws IllegalArgumentException if the resource name is blank
   */
  static ConfigSource classpath(String resource) {
    return classpath(resource, ConfigSource.class.getClassLoader());
  }

  /**
   * A class-path resource, read with the given class loader; it never signals a change.
   *
   * @param resource the resource's path, such as {@code gateway.yaml} ({@code .json} is read as
   *     JSON, anything else as YAML)
   * @param loader the class loader to read it with
   * @return the source
   * @throws IllegalArgumentException if the resource name is blank or the loader null
   */
  static ConfigSource classpath(String resource, ClassLoader loader) {
    return new ClasspathConfigSource(resource, loader);
  }
}
