package dev.llmgateway.provider.bedrock;

import static dev.llmgateway.provider.bedrock.BedrockTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

class BedrockErrorsAndEmbeddingsTest {
  private static final ChatRequest HELLO =
      ChatRequest.builder().model("nova-pro").user("hello").build();

  private final FakeLlmServer server = FakeLlmServer.start();
  private final BedrockProvider provider = BedrockTestSupport.provider(server);

  @AfterEach
  void tearDown() {
    provider.close();
    server.close();
  }

  static Stream<Arguments> awsErrors() {
    return Stream.of(
        Arguments.of(429, "ThrottlingException", "Too many requests", ErrorKind.RATE_LIMITED),
        Arguments.of(
            400,
            "ValidationException",
            "Input is too long for requested model.",
            ErrorKind.CONTEXT_LENGTH_EXCEEDED),
        Arguments.of(
            400, "ValidationException", "Malformed input request", ErrorKind.INVALID_REQUEST),
        Arguments.of(503, "ServiceUnavailableException", "Busy", ErrorKind.UNAVAILABLE),
        Arguments.of(500, "InternalServerException", "Oops", ErrorKind.UNAVAILABLE),
        Arguments.of(429, "ModelNotReadyException", "Warming up", ErrorKind.UNAVAILABLE),
        Arguments.of(408, "ModelTimeoutException", "Too slow", ErrorKind.TIMEOUT),
        Arguments.of(403, "AccessDeniedException", "No access", ErrorKind.PERMISSION),
        Arguments.of(404, "ResourceNotFoundException", "No such model", ErrorKind.NOT_FOUND),
        Arguments.of(403, "UnrecognizedClientException", "Bad token", ErrorKind.AUTHENTICATION),
        Arguments.of(403, "ExpiredTokenException", "Expired", ErrorKind.AUTHENTICATION));
  }

  @ParameterizedTest(name = "{1} is {3}")
  @MethodSource("awsErrors")
  void awsErrorsMapToTheirKinds(int status, String type, String message, ErrorKind kind) {
    server.enqueue(FakeResponse.error(status, type, null, message));

    assertThatThrownBy(() -> provider.chat(HELLO, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.providerCode()).hasValue(type);
              assertThat(e.httpStatus()).hasValue(status);
              assertThat(e.provider()).isEqualTo("bedrock");
            })
        .hasMessageContaining(message);
  }

  @Test
  void connectionRefusedIsANetworkError() {
    int port = server.port();
    server.close();

    assertThatThrownBy(() -> provider.chat(HELLO, call()))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK));
    assertThat(port).isPositive();
  }

  @Test
  void slowAnswerTimesOutWithinTheDeadline() {
    server.enqueue(FakeResponse.text("late").withLatency(Duration.ofSeconds(30)));
    long start = System.nanoTime();

    assertThatThrownBy(() -> provider.chat(HELLO, call(Duration.ofMillis(300))))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void cancelledCallFailsWithoutWaitingForTheAnswer() {
    Cancellation cancellation = new Cancellation();
    cancellation.cancel();

    assertThatThrownBy(() -> provider.chat(HELLO, call(Duration.ofSeconds(10), cancellation)))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK))
        .hasMessageContaining("cancelled");
  }

  @Test
  void malformedAnswerIsMalformedResponse() {
    server.enqueue(FakeResponse.malformedJson());

    assertThatThrownBy(() -> provider.chat(HELLO, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isIn(ErrorKind.MALFORMED_RESPONSE, ErrorKind.NETWORK));
  }

  @Test
  void credentialsNeverAppearInMessagesOrToString() {
    server.enqueue(FakeResponse.error(403, "UnrecognizedClientException", null, "Bad token"));
    ProviderKey malformed = ProviderKey.of("broken", Secret.of("test-secret-without-colon"));

    ProviderException rejected =
        org.junit.jupiter.api.Assertions.assertThrows(
            ProviderException.class, () -> provider.chat(HELLO, call()));
    ProviderException unreadable =
        org.junit.jupiter.api.Assertions.assertThrows(
            ProviderException.class,
            () ->
                provider.chat(
                    HELLO,
                    new ProviderCall(
                        malformed, Duration.ofSeconds(5), new Cancellation(), Map.of(), null)));

    assertThat(unreadable.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    for (String text :
        List.of(
            rejected.toString(),
            unreadable.toString(),
            provider.toString(),
            BedrockTestSupport.KEY.toString(),
            BedrockTestSupport.settings(server).build().toString())) {
      assertThat(text)
          .doesNotContain(BedrockTestSupport.SECRET_ACCESS_KEY)
          .doesNotContain("test-secret-without-colon");
    }
  }

  @Test
  void titanEmbeddingsSendOneCallPerInput() {
    EmbeddingRequest request =
        new EmbeddingRequest(
            "titan-embed-text-v2",
            List.of("hello world", "second text"),
            256,
            null,
            dev.llmgateway.model.RequestContext.EMPTY,
            dev.llmgateway.model.CallOptions.DEFAULT,
            Map.of());

    EmbeddingResponse response = provider.embed(request, call());

    assertThat(response.embeddings()).hasSize(2);
    assertThat(response.embeddings().get(1).index()).isEqualTo(1);
    assertThat(response.embeddings().get(0).dimensions()).isEqualTo(256);
    assertThat(response.usage().inputTokens()).isEqualTo(4);
    var first = server.takeRequest();
    assertThat(first.path()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
    assertThat(first.bodyJson().get("inputText").asText()).isEqualTo("hello world");
    assertThat(first.bodyJson().get("dimensions").asInt()).isEqualTo(256);
    assertThat(first.bodyJson().get("normalize").asBoolean()).isTrue();
    assertThat(server.takeRequest().bodyJson().get("inputText").asText()).isEqualTo("second text");
  }

  @Test
  void cohereEmbeddingsSendTheInputsAsOneBatch() {
    server.enqueue(FakeResponse.embeddings(16));

    EmbeddingResponse response =
        provider.embed(EmbeddingRequest.of("cohere-embed-english-v3", List.of("a b", "c")), call());

    assertThat(response.embeddings()).hasSize(2);
    assertThat(response.embeddings().get(0).dimensions()).isEqualTo(16);
    assertThat(response.usage().inputTokens()).isEqualTo(3);
    var sent = server.takeRequest().bodyJson();
    assertThat(sent.get("texts")).hasSize(2);
    assertThat(sent.get("input_type").asText()).isEqualTo("search_document");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void testKitFramesParseWithTheSdkEventStreamDecoder() throws Exception {
    server.enqueue(
        FakeResponse.text("one two").failStreamAfter(2, "ThrottlingException", "Slow down"));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(server.bedrockEndpoint() + "/model/m/converse-stream"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    MessageDecoder decoder = new MessageDecoder();
    decoder.feed(response.body());
    List<Message> messages = decoder.getDecodedMessages();

    assertThat(messages).hasSize(3);
    assertThat(messages.get(0).getHeaders().get(":event-type").getString())
        .isEqualTo("messageStart");
    assertThat(messages.get(1).getHeaders().get(":message-type").getString()).isEqualTo("event");
    assertThat(messages.get(2).getHeaders().get(":message-type").getString())
        .isEqualTo("exception");
    assertThat(messages.get(2).getHeaders().get(":exception-type").getString())
        .isEqualTo("ThrottlingException");
  }

  @Test
  void keyWithoutColonIsRejectedUnlessItIsThePlaceholder() {
    assertThat(AwsKeys.credentials(ProviderKey.of("none", Secret.of("none")), "bedrock")).isNull();
    assertThat(AwsKeys.credentials(BedrockTestSupport.KEY, "bedrock").accessKeyId())
        .isEqualTo(BedrockTestSupport.ACCESS_KEY_ID);
    assertThat(
            AwsKeys.credentials(
                ProviderKey.of("k", Secret.of("AKIDEXAMPLE:test-secret:test-token")), "bedrock"))
        .isInstanceOf(software.amazon.awssdk.auth.credentials.AwsSessionCredentials.class);
  }
}
