package dev.llmgateway.server;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, without persistence, for
 * the tests of several server processes. When the binary is missing the test is skipped, except
 * under {@code CI=true}, where it fails ({@code .ci/run} installs the package).
 */
final class LocalRedis implements AutoCloseable {
  private final Process process;
  private final int port;

  private LocalRedis(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts a server in {@code dir} and waits until it answers PING.
   *
   * @param dir where its log goes
   * @return the running server; close it to stop it
   */
  static LocalRedis start(Path dir) {
    Path binary = find();
    if (binary == null) {
      String why = "redis-server is not installed (apt-get install -y redis-server)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(why + "; under CI=true the Redis tests must run");
      }
      Assumptions.abort(why + "; skipping");
    }
    try {
      int port = freePort();
      Process p =
          new ProcessBuilder(
                  binary.toString(),
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--dir",
                  dir.toString(),
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--loglevel",
                  "warning")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      LocalRedis redis = new LocalRedis(p, port);
      try {
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> "+PONG".equals(redis.command("PING")));
      } catch (RuntimeException | Error e) {
        redis.close();
        throw e;
      }
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path find() {
    List<Path> candidates = new ArrayList<>();
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty()) {
        candidates.add(Path.of(d, "redis-server"));
      }
    }
    candidates.add(Path.of("/usr/bin/redis-server"));
    candidates.add(Path.of("/usr/sbin/redis-server"));
    return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The URI the {@code stores} section takes. */
  String uri() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /**
   * Sends one inline command.
   *
   * @param inline the command, such as {@code PING}
   * @return the first line of the reply, or null if the server does not answer
   */
  String command(String inline) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5_000);
      s.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
