package dev.llmgateway.testkit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Server sockets whose accepted connections have {@code TCP_NODELAY} set, and which tell the thread
 * that serves a connection which socket it serves.
 *
 * <p>MockWebServer writes a response's headers and body in separate writes; with Nagle's algorithm
 * on, the body then waits for the client's delayed ACK, which adds about 40 ms to every call on
 * Linux loopback. A fake server that is meant to cost nothing must not add that.
 *
 * <p>MockWebServer reads a request and dispatches it on the thread that serves the connection, but
 * does not hand the socket to the dispatcher. The server needs it to reset a connection and to see
 * a client hang up during a stall, so every read from an accepted socket records the socket for the
 * reading thread: right after the request is read, {@link #servedByCurrentThread()} is its socket.
 */
final class NoDelayServerSocketFactory extends ServerSocketFactory {
  /** The socket the current thread last read from. */
  private static final ThreadLocal<@Nullable Socket> SERVED = new ThreadLocal<>();

  /**
   * Returns the accepted socket the current thread last read from: the connection whose request it
   * is dispatching, or null on a thread that reads no accepted socket.
   */
  static @Nullable Socket servedByCurrentThread() {
    return SERVED.get();
  }

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new NoDelayServerSocket();
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket socket = new NoDelayServerSocket();
    socket.bind(new InetSocketAddress(port));
    return socket;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    ServerSocket socket = new NoDelayServerSocket();
    socket.bind(new InetSocketAddress(port), backlog);
    return socket;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    ServerSocket socket = new NoDelayServerSocket();
    socket.bind(new InetSocketAddress(address, port), backlog);
    return socket;
  }

  private static final class NoDelayServerSocket extends ServerSocket {
    NoDelayServerSocket() throws IOException {}

    @Override
    public Socket accept() throws IOException {
      Socket socket = new ServedSocket();
      implAccept(socket);
      socket.setTcpNoDelay(true);
      return socket;
    }
  }

  /** An accepted socket whose reads record it as the reading thread's connection. */
  private static final class ServedSocket extends Socket {
    @Override
    public InputStream getInputStream() throws IOException {
      return new FilterInputStream(super.getInputStream()) {
        @Override
        public int read() throws IOException {
          SERVED.set(ServedSocket.this);
          return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          SERVED.set(ServedSocket.this);
          return super.read(b, off, len);
        }
      };
    }
  }
}
