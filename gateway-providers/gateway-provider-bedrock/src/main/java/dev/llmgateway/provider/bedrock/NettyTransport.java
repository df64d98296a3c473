package dev.llmgateway.provider.bedrock;

import dev.llmgateway.spi.Redactor;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;

/**
 * One Bedrock provider's own Netty transport: an event loop on one daemon thread, every connection
 * opened on it, and the SDK's HTTP client over them.
 *
 * <p>{@link #close()} shuts them down in the order that leaves no task for a terminated event loop.
 * The SDK closes its connection pools asynchronously: {@code close()} of the HTTP client only
 * submits the pools' close to the event loop, which in turn hands the closing of idle connections
 * to Netty's {@link GlobalEventExecutor}. Shutting the event loop down right after (as a plain
 * {@code shutdownGracefully(0, ...)} does) lets those tasks, and the listeners of connections that
 * close late, reach a terminated loop, which Netty logs as {@code RejectedExecutionException: event
 * executor terminated}. So close waits until the pools' close has run, closes every connection
 * still open (those of calls in flight, which then fail at once instead of at their deadline) and
 * waits for that, lets the listeners' follow-up tasks run, and only then shuts the event loop down
 * and waits for it to terminate, each wait bounded by {@link #CLOSE_TIMEOUT}.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class NettyTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

  /** The longest close waits for each of its steps: 5 seconds. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final String name;
  private final EventLoopGroup eventLoop;
  private final ChannelGroup channels;
  private final SdkAsyncHttpClient http;
  private final AtomicBoolean connectionsClosed = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Creates the event loop and the HTTP client.
   *
   * @param name the provider's name, for thread names and logs
   * @param connectTimeout the connect timeout
   * @param readTimeout the read timeout
   * @param maxConcurrency the most connections open at once
   * @param redactor the secrets to scrub from error bodies and stream exception events before the
   *     SDK reads them (it logs them and keeps them in its exceptions)
   */
  // NioEventLoopGroup is deprecated in Netty 4.2 (which the BOM aligns on, for Lettuce), but the
  // AWS SDK's SdkEventLoopGroup recognises only the classic group types (it resolves its datagram
  // channel from the group's class) and refuses Netty 4.2's MultiThreadIoEventLoopGroup.
  @SuppressWarnings("deprecation")
  NettyTransport(
      String name,
      Duration connectTimeout,
      Duration readTimeout,
      int maxConcurrency,
      Redactor redactor) {
    this.name = name;
    // One event loop thread: it multiplexes every connection of the provider (the calls are I/O
    // bound), and with one loop a promise is always completed on its own loop, so no listener
    // notification crosses to a sibling loop that a close has already shut down (Netty logs that
    // as "Failed to submit a listener notification task"; seen under load with one loop per core).
    this.eventLoop =
        new NioEventLoopGroup(1, new DefaultThreadFactory("bedrock-" + name + "-netty", true));
    this.channels = new DefaultChannelGroup("bedrock-" + name, GlobalEventExecutor.INSTANCE);
    this.http =
        new ScrubbingHttpClient(
            NettyNioAsyncHttpClient.builder()
                .eventLoopGroup(SdkEventLoopGroup.create(eventLoop, this::newChannel))
                .connectionTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .maxConcurrency(maxConcurrency)
                .build(),
            redactor);
  }

  private NioSocketChannel newChannel() {
    // A channel without Netty's wire logger: at DEBUG it would print credentials.
    NioSocketChannel channel = new UnloggedSocketChannel();
    channels.add(channel); // removed again when it closes
    return channel;
  }

  /**
   * The SDK's HTTP client over this transport; the SDK client that uses it does not close it.
   *
   * @return the HTTP client
   */
  SdkAsyncHttpClient http() {
    return http;
  }

  /**
   * How many connections are open.
   *
   * @return the count
   */
  int openConnections() {
    return channels.size();
  }

  /**
   * Whether the event loop has terminated.
   *
   * @return {@code true} once {@link #close()} finished the shutdown
   */
  boolean terminated() {
    return eventLoop.isTerminated();
  }

  /**
   * Closes the HTTP client and every connection, and waits until the tasks that this started have
   * run; the event loop keeps running. Calls in flight fail at once. Idempotent.
   */
  void closeConnections() {
    if (!connectionsClosed.compareAndSet(false, true)) {
      return;
    }
    long timeoutMillis = CLOSE_TIMEOUT.toMillis();
    http.close();
    settle(timeoutMillis);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    List<ChannelFuture> closing = new ArrayList<>(channels.size());
    for (Channel channel : channels) {
      closing.add(closeNow(channel));
    }
    for (ChannelFuture f : closing) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
        log.warn("Bedrock provider '{}': connections did not close within {}", name, CLOSE_TIMEOUT);
        break;
      }
    }
    settle(timeoutMillis);
  }

  /**
   * Closes a connection even while a request is in flight on it: the SDK's HTTP handler defers a
   * plain {@code close()} until the response is consumed, so the close starts below it, at the head
   * of the pipeline (as Netty's own event loop shutdown does).
   */
  private static ChannelFuture closeNow(Channel channel) {
    ChannelHandlerContext first = channel.pipeline().firstContext();
    return first != null ? first.close() : channel.close();
  }

  /**
   * Closes the connections (see {@link #closeConnections()}), then shuts the event loop down and
   * waits for it to terminate. Idempotent.
   */
  @Override
  public void close() {
    closeConnections();
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long timeoutMillis = CLOSE_TIMEOUT.toMillis();
    if (!eventLoop
        .shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(timeoutMillis)) {
      log.warn("Bedrock provider '{}': event loop did not stop within {}", name, CLOSE_TIMEOUT);
    }
  }

  /**
   * Waits until every task submitted so far to the event loop and to the global executor has run:
   * the loop's tasks may hand work to the global executor, whose tasks may submit to the loop.
   */
  private void settle(long timeoutMillis) {
    barrier(timeoutMillis);
    GlobalEventExecutor.INSTANCE.submit(() -> {}).awaitUninterruptibly(timeoutMillis);
    barrier(timeoutMillis);
  }

  private void barrier(long timeoutMillis) {
    for (EventExecutor executor : eventLoop) {
      executor.submit(() -> {}).awaitUninterruptibly(timeoutMillis);
    }
  }
}
