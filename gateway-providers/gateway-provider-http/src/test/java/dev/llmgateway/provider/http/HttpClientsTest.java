package dev.llmgateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.spi.ProviderSettings;
import java.time.Duration;
import okhttp3.OkHttpClient;
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
}
