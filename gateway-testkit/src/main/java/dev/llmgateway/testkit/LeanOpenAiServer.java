package dev.llmgateway.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lean fake OpenAI chat completions server for benchmarks: a raw socket server on loopback that
 * answers every POST with one canned answer, a plain chat completion, or (when the request body
 * asks for {@code "stream":true}) the same answer as server-sent events. Unlike {@link
 * FakeLlmServer} it keeps nothing per request (no recording, no scripts, no parsing of the request
 * beyond its headers and the stream flag), so that a client's own cost is not hidden behind the
 * server's.
 *
 * <pre>{@code
 * try (LeanOpenAiServer server = LeanOpenAiServer.builder().chunks(200).start()) {
 *   String baseUrl = server.baseUrl(); // http://127.0.0.1:port/v1
 * }
 * }</pre>
 *
 * <p>HTTP/1.1 with keep-alive; every accepted socket has {@code TCP_NODELAY} set and is served by
 * its own daemon thread. A fixed {@linkplain Builder#latency(Duration) latency} delays each answer
 * on that thread (a stand-in for a slow upstream). The answer bytes are built once, at start.
 *
 * <p>Thread-safe. {@link #close()} stops accepting and closes every open connection.
 */
public final class LeanOpenAiServer implements AutoCloseable {
  /** The answer text when none is set. */
  public static final String DEFAULT_ANSWER =
      "A circuit breaker stops calling a failing service for a while so that it can recover.";

  /** The number of content chunks a streamed answer has when none is set. */
  public static final int DEFAULT_CHUNKS = 20;

  private static final byte[] STREAM_TRUE = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STREAM_TRUE_SPACED =
      "\"stream\": true".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket listener;
  private final byte[] plain;
  private final byte[] stream;
  private final long latencyNanos;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong served = new AtomicLong();
  private final Thread acceptor;
  private volatile boolean closed;

  private LeanOpenAiServer(Builder b) throws IOException {
    this.plain = LeanAnswers.plain(b.model, b.answer);
    this.stream = LeanAnswers.stream(b.model, b.answer, b.chunks);
    this.latencyNanos = b.latency.toNanos();
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    this.acceptor = new Thread(this::acceptLoop, "lean-openai-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a server with the default answer, {@value #DEFAULT_CHUNKS} chunks and no latency.
   *
   * @return the running server
   * @throws UncheckedIOException if no loopback port can be bound
   */
  public static LeanOpenAiServer start() {
    return builder().start();
  }

  /**
   * A builder of a server.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The base URL an OpenAI client takes, ending in {@code /v1}; every path below it is answered.
   *
   * @return the base URL, e.g. {@code http://127.0.0.1:40123/v1}
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + listener.getLocalPort() + "/v1";
  }

  /**
   * The port the server listens on.
   *
   * @return the loopback port
   */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * How many requests were answered so far (one counter, nothing else is kept).
   *
   * @return the number of answers written
   */
  public long requestsServed() {
    return served.get();
  }

  /** Stops accepting, closes every open connection and waits briefly for the acceptor to end. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    for (Socket s : open) {
      closeQuietly(s);
    }
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
        socket.setTcpNoDelay(true);
      } catch (IOException e) {
        return; // Closed.
      }
      open.add(socket);
      Thread t = new Thread(() -> serve(socket), "lean-openai-conn-" + socket.getPort());
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      RequestReader reader = new RequestReader(in);
      while (!closed) {
        int read = reader.next();
        if (read < 0) {
          return;
        }
        boolean streamed =
            reader.bodyContains(STREAM_TRUE) || reader.bodyContains(STREAM_TRUE_SPACED);
        if (latencyNanos > 0) {
          pause(latencyNanos);
        }
        out.write(streamed ? stream : plain);
        out.flush();
        served.incrementAndGet();
        if (reader.closeAfter()) {
          return;
        }
      }
    } catch (SocketException e) {
      // The client or close() hung up.
    } catch (IOException e) {
      // A broken connection ends only itself.
    } finally {
      open.remove(socket);
    }
  }

  private static void pause(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }

  @Override
  public String toString() {
    return "LeanOpenAiServer{port=" + listener.getLocalPort() + ", served=" + served.get() + "}";
  }

  /** Builds a {@link LeanOpenAiServer}. Not thread-safe. */
  public static final class Builder {
    private String answer = DEFAULT_ANSWER;
    private String model = "gpt-4o-mini";
    private int chunks = DEFAULT_CHUNKS;
    private Duration latency = Duration.ZERO;

    private Builder() {}

    /**
     * Sets the answer text, in a plain answer and split over the chunks of a streamed one. Defaults
     * to {@link #DEFAULT_ANSWER}.
     *
     * @param answer the text; not empty
     * @return this builder
     * @throws IllegalArgumentException if the text is empty
     */
    public Builder answer(String answer) {
      Objects.requireNonNull(answer, "answer");
      if (answer.isEmpty()) {
        throw new IllegalArgumentException("answer must not be empty");
      }
      this.answer = answer;
      return this;
    }

    /**
     * Sets the model name the answers carry. Defaults to {@code gpt-4o-mini}.
     *
     * @param model the model name; not blank
     * @return this builder
     * @throws IllegalArgumentException if the name is blank
     */
    public Builder model(String model) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.model = model;
      return this;
    }

    /**
     * Sets how many content chunks a streamed answer has (then a usage chunk and {@code [DONE]}).
     * Defaults to {@value #DEFAULT_CHUNKS}.
     *
     * @param chunks the number of content chunks, 1 to 100,000
     * @return this builder
     * @throws IllegalArgumentException if the number is out of range
     */
    public Builder chunks(int chunks) {
      if (chunks < 1 || chunks > 100_000) {
        throw new IllegalArgumentException("chunks must be 1 to 100000, was " + chunks);
      }
      this.chunks = chunks;
      return this;
    }

    /**
     * Sets a fixed delay before each answer. Defaults to zero.
     *
     * @param latency the delay; not negative
     * @return this builder
     * @throws IllegalArgumentException if the delay is negative
     */
    public Builder latency(Duration latency) {
      Objects.requireNonNull(latency, "latency");
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative, was " + latency);
      }
      this.latency = latency;
      return this;
    }

    /**
     * Starts the server on a free loopback port.
     *
     * @return the running server
     * @throws UncheckedIOException if no loopback port can be bound
     */
    public LeanOpenAiServer start() {
      try {
        return new LeanOpenAiServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start the lean fake OpenAI server", e);
      }
    }
  }
}
