package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class NoDelayServerSocketFactoryTest {

  @Test
  void acceptedConnectionsHaveTcpNoDelay() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new NoDelayServerSocketFactory().createServerSocket(0, 1, loopback);
        Socket client = new Socket(loopback, server.getLocalPort());
        Socket accepted = server.accept()) {
      assertThat(client.isConnected()).isTrue();
      assertThat(accepted.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void aReadRecordsTheAcceptedSocketForTheReadingThread() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new NoDelayServerSocketFactory().createServerSocket(0, 1, loopback);
        Socket client = new Socket(loopback, server.getLocalPort());
        Socket accepted = server.accept()) {
      client.getOutputStream().write('x');

      assertThat(accepted.getInputStream().read()).isEqualTo('x');

      assertThat(NoDelayServerSocketFactory.servedByCurrentThread()).isSameAs(accepted);
    }
  }
}
