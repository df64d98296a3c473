package dev.llmgateway.redis;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (the Debian package) on a free loopback port, with a temporary
 * directory and no persistence, for one test class. When the binary is missing the test is skipped,
 * except under {@code CI=true}, where it fails ({@code .ci/run} installs the package).
 *
 * <p>Published in this module's test jar, so other modules' tests (gateway-server's) start Redis
 * the same way.
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  private RedisServer(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a server, or skips (fails under CI) if {@code redis-server} is not installed. */
  public static RedisServer start() {
    String binary = binary();
    if (binary == null) {
      String why = "redis-server is not installed (apt-get install -y redis-server)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(why + "; under CI=true the Redis tests must run");
      }
      Assumptions.abort(why + "; skipping the Redis tests");
    }
    try {
      RedisServer s = new RedisServer(freePort(), Files.createTempDirectory("redis-test"));
      s.startProcess();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "redis-server");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    for (String p : List.of("/usr/bin/redis-server", "/usr/sbin/redis-server")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void startProcess() throws IOException {
    process =
        new ProcessBuilder(
                binary(),
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
                "--enable-debug-command",
                "local",
                "--loglevel",
                "warning")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> "+PONG".equals(command("PING")));
  }

  /**
   * The server's URI.
   *
   * @return {@code redis://127.0.0.1:port/0}
   */
  public String uri() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  int port() {
    return port;
  }

  /** Sends one inline command and returns the first line of the reply, or null if unreachable. */
  String command(String inline) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Makes the server unresponsive for a while ({@code DEBUG SLEEP}), as a slow Redis is, and
   * returns once another connection's PING goes unanswered.
   *
   * @param seconds how long it sleeps
   * @return the connection that sent the command; close it afterwards
   */
  Socket sleep(int seconds) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.getOutputStream().write(("DEBUG SLEEP " + seconds + "\r\n").getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
    await().atMost(Duration.ofSeconds(5)).until(this::unresponsive);
    return s;
  }

  private boolean unresponsive() {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(150);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return s.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Empties every database. */
  void flush() {
    command("FLUSHALL");
  }

  /** Stops the server (as a crash would: no shutdown command). */
  void stop() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> command("PING") == null);
  }

  /** Starts it again on the same port (empty: nothing is persisted). */
  void restart() {
    try {
      startProcess();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; nothing to do
    }
  }
}
