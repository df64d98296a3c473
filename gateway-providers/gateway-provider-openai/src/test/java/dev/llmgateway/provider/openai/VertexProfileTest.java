package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Redactor;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import java.io.IOException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vertex profile: OAuth2 access tokens minted from a service-account key by Google's auth
 * library against a fake token endpoint, refreshed a margin before expiry on the provider's clock.
 */
class VertexProfileTest {
  static final String ANSWER =
      """
      {"id":"v-1","object":"chat.completion","model":"google/gemini-2.0-flash",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello."},
                   "finish_reason":"stop"}],
       "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}
      """;

  static String privateKeyPem;

  final MockWebServer server = new MockWebServer();
  final AtomicInteger tokenRequests = new AtomicInteger();
  final ConcurrentLinkedQueue<String> tokenBodies = new ConcurrentLinkedQueue<>();
  final FakeClock clock = new FakeClock(Instant.parse("2025-03-01T12:00:00Z"));
  ProviderKey key;
  Provider provider;

  @BeforeAll
  static void generateTestKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
    privateKeyPem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
            + "\n-----END PRIVATE KEY-----\n";
  }

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getUrl().encodedPath().equals("/token")) {
              int n = tokenRequests.incrementAndGet();
              tokenBodies.add(request.getBody() == null ? "" : request.getBody().utf8());
              return new MockResponse.Builder()
                  .setHeader("Content-Type", "application/json")
                  .body(
                      "{\"access_token\":\"fake-access-token-"
                          + n
                          + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")
                  .build();
            }
            return new MockResponse.Builder()
                .setHeader("Content-Type", "application/json")
                .body(ANSWER)
                .build();
          }
        });
    server.start();
    key =
        ProviderKey.of("vertex-sa", Secret.of(serviceAccountJson(server.url("/token").toString())));
    provider = vertex(b -> b);
  }

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  @Test
  void scrubsThePrivateKeyFromErrorsButNotTheRestOfTheKeyFile() {
    ProviderSettings settings =
        ProviderSettings.builder("vertex-main", "openai")
            .profile("vertex")
            .option("project", "test-project")
            .option("location", "europe-west4")
            .key(key)
            .build();
    Redactor redactor = OpenAiProvider.configuredSecrets(settings, OpenAiProfile.of(settings));
    String pemLine =
        privateKeyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    assertThat(redactor.scrub("echoed " + pemLine.substring(10, 30) + " of test-key-id"))
        .isEqualTo("echoed [redacted] of [redacted]");
    String ordinary =
        "Permission denied on aiplatform.googleapis.com for"
            + " gateway-test@test-project.iam.gserviceaccount.com (service_account)";
    assertThat(redactor.scrub(ordinary)).isEqualTo(ordinary);
  }

  static String serviceAccountJson(String tokenUri) {
    return """
        {
          "type": "service_account",
          "project_id": "test-project",
          "private_key_id": "test-key-id",
          "private_key": "%s",
          "client_email": "gateway-test@test-project.iam.gserviceaccount.com",
          "client_id": "1234567890",
          "token_uri": "%s"
        }
        """
        .formatted(privateKeyPem.replace("\n", "\\n"), tokenUri);
  }

  Provider vertex(java.util.function.UnaryOperator<ProviderSettings.Builder> extra) {
    return new OpenAiProviderFactory()
        .create(
            extra
                .apply(
                    ProviderSettings.builder("vertex-main", "openai")
                        .profile("vertex")
                        .baseUrl(server.url("/").toString())
                        .option("project", "test-project")
                        .option("location", "europe-west4")
                        .key(key)
                        .clock(clock))
                .build());
  }

  ProviderCall call() {
    return new ProviderCall(key, Duration.ofSeconds(10), new Cancellation(), Map.of(), null);
  }

  String chatAndTakeAuthorization() throws InterruptedException {
    provider.chat(
        ChatRequest.builder().model("gemini-2.0-flash").user("Hi").maxTokens(5).build(), call());
    RecordedRequest request;
    do {
      request = server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(request).isNotNull();
    } while (request.getUrl().encodedPath().equals("/token"));
    return request.getHeaders().get("Authorization");
  }

  @Test
  void sendsTheChatToTheProjectEndpointWithPublisherModelAndAccessToken() throws Exception {
    provider.chat(
        ChatRequest.builder().model("gemini-2.0-flash").user("Hi").maxTokens(5).build(), call());

    RecordedRequest token = server.takeRequest();
    assertThat(token.getUrl().encodedPath()).isEqualTo("/token");
    assertThat(tokenBodies.peek())
        .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")
        .contains("assertion=");
    RecordedRequest chat = server.takeRequest();
    assertThat(chat.getUrl().encodedPath())
        .isEqualTo(
            "/v1/projects/test-project/locations/europe-west4/endpoints/openapi/chat/completions");
    assertThat(chat.getHeaders().get("Authorization")).isEqualTo("Bearer fake-access-token-1");
    assertThat(OpenAiTestSupport.tree(chat.getBody().utf8()))
        .isEqualTo(
            OpenAiTestSupport.tree(
                """
                {"model":"google/gemini-2.0-flash","messages":[{"role":"user","content":"Hi"}],
                 "max_tokens":5}
                """));
  }

  @Test
  void reusesTheTokenUntilTheRefreshMarginThenRefreshesBeforeExpiry() throws Exception {
    assertThat(chatAndTakeAuthorization()).isEqualTo("Bearer fake-access-token-1");

    clock.advance(Duration.ofMinutes(30));
    assertThat(chatAndTakeAuthorization()).isEqualTo("Bearer fake-access-token-1");
    clock.advance(Duration.ofMinutes(24).plusSeconds(59)); // 54:59 in: still before 55:00
    assertThat(chatAndTakeAuthorization()).isEqualTo("Bearer fake-access-token-1");
    assertThat(tokenRequests).hasValue(1);

    clock.advance(Duration.ofSeconds(1)); // 55:00: five minutes before the 60-minute expiry
    assertThat(chatAndTakeAuthorization()).isEqualTo("Bearer fake-access-token-2");
    assertThat(chatAndTakeAuthorization()).isEqualTo("Bearer fake-access-token-2");
    assertThat(tokenRequests).hasValue(2);
  }

  @Test
  void theRefreshMarginIsConfigurable() throws Exception {
    provider.close();
    provider = vertex(b -> b.option("token-refresh-margin-seconds", "60"));

    chatAndTakeAuthorization();
    clock.advance(Duration.ofMinutes(58));
    assertThat(chatAndTakeAuthorization()).isEqualTo("Bearer fake-access-token-1");
    clock.advance(Duration.ofMinutes(1));
    assertThat(chatAndTakeAuthorization()).isEqualTo("Bearer fake-access-token-2");
  }

  @Test
  void concurrentCallsShareOneRefresh() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  return provider.chat(
                      ChatRequest.builder().model("gemini-2.0-flash").user("Hi").build(), call());
                }));
      }
      go.countDown();
      for (Future<?> f : calls) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(tokenRequests).hasValue(1);
    assertThat(server.getRequestCount()).isEqualTo(threads + 1);
  }

  @Test
  void aMissingGoogleAuthLibraryIsAConfigurationErrorNamingTheArtifact() {
    ProviderSettings settings =
        ProviderSettings.builder("vertex-main", "openai")
            .profile("vertex")
            .option("project", "test-project")
            .key(key)
            .build();

    assertThatThrownBy(
            () ->
                new OpenAiProvider(
                    settings,
                    dev.llmgateway.provider.http.HttpClients.forSettings(settings),
                    "com.google.auth.oauth2.NoSuchCredentials"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Provider 'vertex-main' uses profile 'vertex', which needs"
                + " com.google.auth:google-auth-library-oauth2-http on the class path (an optional"
                + " dependency of gateway-provider-openai): add it to your build");
  }

  @Test
  void theProjectOptionIsRequired() {
    assertThatThrownBy(
            () ->
                new OpenAiProviderFactory()
                    .create(ProviderSettings.builder("v", "openai").profile("vertex").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Provider 'v' (profile 'vertex') needs option 'project'");
  }

  @Test
  void aKeyThatIsNotServiceAccountJsonFailsWithoutQuotingIt() {
    ProviderKey bad = ProviderKey.of("broken", Secret.of("not-json-secret-value-42"));

    assertThatThrownBy(
            () ->
                provider.chat(
                    ChatRequest.builder().model("gemini-2.0-flash").user("Hi").build(),
                    new ProviderCall(
                        bad, Duration.ofSeconds(5), new Cancellation(), Map.of(), null)))
        .isInstanceOf(ProviderException.class)
        .satisfies(
            e -> {
              assertThat(((ProviderException) e).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
              assertThat(e.getMessage())
                  .startsWith("Provider 'vertex-main' key 'broken' is not a usable service-account")
                  .doesNotContain("not-json-secret-value-42");
            });
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRefusedTokenRequestIsAnAuthenticationErrorWithoutSecrets() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .code(400)
                .setHeader("Content-Type", "application/json")
                .body("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT\"}")
                .build();
          }
        });

    assertThatThrownBy(
            () ->
                provider.chat(
                    ChatRequest.builder().model("gemini-2.0-flash").user("Hi").build(), call()))
        .isInstanceOf(ProviderException.class)
        .satisfies(
            e -> {
              assertThat(((ProviderException) e).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
              assertThat(e.getMessage())
                  .startsWith(
                      "Provider 'vertex-main' could not obtain an access token for key 'vertex-sa'")
                  .doesNotContain("PRIVATE KEY");
            });
  }

  @Test
  void secretsNeverAppearInToStringOrErrors() throws Exception {
    chatAndTakeAuthorization();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .code(401)
                .setHeader("Content-Type", "application/json")
                .body(
                    "{\"error\":{\"code\":401,\"message\":\"Token fake-access-token-1 expired\","
                        + "\"status\":\"UNAUTHENTICATED\"}}")
                .build();
          }
        });

    assertThatThrownBy(
            () ->
                provider.chat(
                    ChatRequest.builder().model("gemini-2.0-flash").user("Hi").build(), call()))
        .isInstanceOf(ProviderException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("fake-access-token-1"));
    String pemBody = privateKeyPem.split("\n")[1];
    assertThat(provider.toString()).doesNotContain("fake-access-token").doesNotContain(pemBody);
    assertThat(key.toString()).doesNotContain(pemBody);
    AccessTokenCache cache =
        new AccessTokenCache(
            "p",
            "k",
            () -> new AccessTokenCache.Minted("tok-secret-1", Duration.ofHours(1)),
            clock,
            Duration.ofMinutes(5));
    cache.token(null);
    assertThat(cache.toString()).doesNotContain("tok-secret-1");
  }
}
