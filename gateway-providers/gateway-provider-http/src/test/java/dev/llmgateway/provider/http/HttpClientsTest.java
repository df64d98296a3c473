package dev.llmgateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.ProviderSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

  @Test
  void sharesOneTunedClient() {
    OkHttpClient shared = HttpClients.shared();
    assertThat(HttpClients.shared()).isSameAs(shared);
    assertThat(shared.dispatcher().getMaxRequests()).isEqualTo(HttpClients.DEFAULT_MAX_REQUESTS);
    assertThat(shared.dispatcher().getMaxRequestsPerHost())
        .isEqualTo(HttpClients.DEFAULT_MAX_REQUESTS_PER_HOST);
    assertThat(shared.retryOnConnectionFailure()).isFalse();
    assertThat(shared.callTimeoutMillis()).isZero();
  }

  @Test
  void derivesProviderClientsThatShareThePoolAndDispatcher() {
    ProviderSettings settings =
        ProviderSettings.builder("openai", "openai")
            .connectTimeout(Duration.ofSeconds(3))
            .readTimeout(Duration.ofSeconds(42))
            .build();
    OkHttpClient client = HttpClients.forSettings(settings);
    assertThat(client.connectionPool()).isSameAs(HttpClients.shared().connectionPool());
    assertThat(client.dispatcher()).isSameAs(HttpClients.shared().dispatcher());
    assertThat(client.connectTimeoutMillis()).isEqualTo(3_000);
    assertThat(client.readTimeoutMillis()).isEqualTo(42_000);
    assertThat(client.retryOnConnectionFailure()).isFalse();
  }

  @Test
  void theIdleConnectionLimitComesFromASystemPropertyCheckedWithItsName() {
    assertThat(HttpClients.maxIdleConnections(null)).isEqualTo(128);
    assertThat(HttpClients.maxIdleConnections("300")).isEqualTo(300);
    assertThat(HttpClients.maxIdleConnections(" 1 ")).isEqualTo(1);
    assertThat(HttpClients.maxIdleConnections("65536")).isEqualTo(65_536);
    for (String bad : new String[] {"", "0", "-3", "65537", "many", "1.5", "99999999999"}) {
      assertThatThrownBy(() -> HttpClients.maxIdleConnections(bad))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "System property dev.llmgateway.http.maxIdleConnections must be a whole number"
                  + " from 1 to 65536, was '"
                  + bad
                  + "'");
    }
  }

  @Test
  void aPoolKeepsAtMostItsLimitOfIdleConnections() throws Exception {
    int calls = 5;
    CountDownLatch allArrived = new CountDownLatch(calls);
    ExecutorService callers = Executors.newFixedThreadPool(calls);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              // Every call holds its connection until all are open: five connections at once.
              allArrived.countDown();
              allArrived.await(10, TimeUnit.SECONDS);
              return new MockResponse.Builder().body("ok").build();
            }
          });
      server.start();
      OkHttpClient client = HttpClients.create(3);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        answers.add(
            callers.submit(
                () -> {
                  try (Response r =
                      client
                          .newCall(new Request.Builder().url(server.url("/")).build())
                          .execute()) {
                    return r.body().string();
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
      for (Future<String> a : answers) {
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
      }
      assertThat(server.getRequestCount()).isEqualTo(calls);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(client.connectionPool().idleConnectionCount()).isEqualTo(3));
      client.connectionPool().evictAll();
    } finally {
      callers.shutdownNow();
    }
  }
}
