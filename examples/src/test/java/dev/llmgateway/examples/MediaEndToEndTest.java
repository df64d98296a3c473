package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.CallInfo;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.SpeechAudio;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.pricing.MediaPrice;
import dev.llmgateway.pricing.PriceCatalog;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeLlmServerExtension;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageRecord;
import dev.llmgateway.usage.UsageSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Images, transcription and speech through the client over real HTTP (the OpenAI adapter against
 * the test kit's fake server): routed by alias, falling back on a 5xx, charged to budgets from the
 * bundled prices, and recorded.
 */
@ExtendWith(FakeLlmServerExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MediaEndToEndTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
  private static final byte[] MP3 =
      "ID3 not really an mp3, but bytes".getBytes(StandardCharsets.UTF_8);

  private final FakeLlmServer server;
  private final List<UsageRecord> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final UsageSink usage = recorded::addAll;

  MediaEndToEndTest(FakeLlmServer server) {
    this.server = server;
  }

  /** Two OpenAI accounts on the fake server; aliases whose primary fails over to the second. */
  private GatewayClient.Builder gateway() {
    return GatewayClient.builder()
        .provider(
            "primary",
            p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("test-key-1")))
        .provider(
            "backup",
            p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("test-key-2")))
        .retriesPerTarget(0)
        .retryBackoff(Duration.ZERO, Duration.ZERO)
        .seed(7)
        .usage(u -> u.sink(usage))
        .budget(b -> b.scope(BudgetScope.global()).monthly(Money.usd("5")))
        .alias(
            "images",
            a ->
                a.target("primary", "dall-e-3")
                    .target("backup", "dall-e-2")
                    .strategy(RoutingStrategy.ordered()))
        .alias(
            "transcribe",
            a ->
                a.target("primary", "gpt-4o-transcribe")
                    .target("backup", "whisper-1")
                    .strategy(RoutingStrategy.ordered()))
        .alias(
            "voice",
            a ->
                a.target("primary", "tts-1-hd")
                    .target("backup", "tts-1")
                    .strategy(RoutingStrategy.ordered()));
  }

  private static MediaPrice media(String model) {
    return PriceCatalog.bundled().find("openai", model).orElseThrow().media().orElseThrow();
  }

  /** Closes the client (draining its usage queue) and returns what it recorded. */
  private List<UsageRecord> records(GatewayClient gateway) {
    gateway.close();
    return List.copyOf(recorded);
  }

  @Test
  void anImageCallFallsBackOnA5xxAndIsChargedPerImageAndRecorded() {
    server.respondByDefault("dall-e-3", FakeResponse.error(500, "server_error", null, "down"));
    server.respondByDefault("dall-e-2", FakeResponse.image(PNG));
    GatewayClient gateway = gateway().build();
    ImageResponse r =
        gateway.images(
            ImageRequest.builder()
                .model("images")
                .prompt("A lighthouse")
                .n(2)
                .size("1024x1024")
                .build());

    assertThat(r.images()).hasSize(2);
    assertThat(r.images().get(0).data()).isEqualTo(PNG);
    assertThat(r.route().target()).isEqualTo(new TargetRef("backup", "dall-e-2"));
    assertThat(r.route().attempts())
        .extracting(Attempt::target, Attempt::errorKind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                new TargetRef("primary", "dall-e-3"), ErrorKind.UNAVAILABLE),
            org.assertj.core.groups.Tuple.tuple(new TargetRef("backup", "dall-e-2"), null));
    Money each = media("dall-e-2").perImage("1024x1024", null).orElseThrow();
    assertThat(r.cost()).isEqualTo(new Cost(each.times(2), Cost.Status.REPORTED));
    assertThat(gateway.budgets().status(BudgetScope.global()).get(0).spent())
        .isEqualTo(each.times(2));

    List<UsageRecord> records = records(gateway);
    assertThat(records).hasSize(1);
    UsageRecord record = records.get(0);
    assertThat(record.kind()).isEqualTo(CallInfo.Kind.IMAGES);
    assertThat(record.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(record.cost()).isEqualTo(r.cost());
    assertThat(record.attempts()).isEqualTo(2);
  }

  @Test
  void aTranscriptionFallsBackOnA5xxAndIsChargedByTheMinute() {
    server.respondByDefault(
        "gpt-4o-transcribe", FakeResponse.error(503, "server_error", null, "overloaded"));
    server.respondByDefault("whisper-1", FakeResponse.transcription("Hello from the fake server."));
    GatewayClient gateway = gateway().build();
    TranscriptionResponse r =
        gateway.transcribe(
            TranscriptionRequest.builder()
                .model("transcribe")
                .audio(new byte[] {1, 2, 3, 4}, "hello.mp3")
                .duration(Duration.ofSeconds(90))
                .build());

    assertThat(r.text()).isEqualTo("Hello from the fake server.");
    assertThat(r.route().target()).isEqualTo(new TargetRef("backup", "whisper-1"));
    // Charged by the duration the provider reported (the declared 90 s only sized the
    // reservation).
    assertThat(r.duration()).isNotNull();
    Money perMinute = media("whisper-1").perMinute().orElseThrow();
    Money expected =
        Money.usd(
            perMinute
                .toUsd()
                .multiply(java.math.BigDecimal.valueOf(r.duration().toMillis()))
                .divide(java.math.BigDecimal.valueOf(60_000), 9, java.math.RoundingMode.HALF_UP));
    assertThat(r.cost().status()).isEqualTo(Cost.Status.REPORTED);
    assertThat(r.cost().amount()).isEqualTo(expected);
    assertThat(gateway.budgets().status(BudgetScope.global()).get(0).spent()).isEqualTo(expected);
    assertThat(records(gateway))
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.kind()).isEqualTo(CallInfo.Kind.TRANSCRIPTION);
              assertThat(rec.cost()).isEqualTo(r.cost());
            });
  }

  @Test
  void speechStreamsTheAudioAndIsChargedByItsCharacters() throws IOException {
    server.respondByDefault(
        "tts-1-hd", FakeResponse.error(502, "server_error", null, "bad gateway"));
    server.respondByDefault("tts-1", FakeResponse.speech(MP3));
    GatewayClient gateway = gateway().build();
    String text = "Your order has shipped.";
    byte[] read;
    SpeechAudio audio =
        gateway.speech(SpeechRequest.builder().model("voice").input(text).voice("alloy").build());
    try (audio;
        InputStream in = audio.inputStream()) {
      read = in.readAllBytes();
    }
    assertThat(read).isEqualTo(MP3);
    assertThat(audio.route().target()).isEqualTo(new TargetRef("backup", "tts-1"));
    Money perMillion = media("tts-1").perMillionCharacters().orElseThrow();
    Money expected =
        Money.usd(
            perMillion
                .toUsd()
                .multiply(java.math.BigDecimal.valueOf(text.length()))
                .divide(
                    java.math.BigDecimal.valueOf(1_000_000), 9, java.math.RoundingMode.HALF_UP));
    assertThat(audio.cost()).isEqualTo(new Cost(expected, Cost.Status.REPORTED));
    assertThat(gateway.budgets().status(BudgetScope.global()).get(0).spent()).isEqualTo(expected);
    assertThat(records(gateway))
        .singleElement()
        .satisfies(rec -> assertThat(rec.kind()).isEqualTo(CallInfo.Kind.SPEECH));
  }

  @Test
  void aBudgetRefusesAnImageCallWhoseWorstCaseDoesNotFitBeforeAnythingIsSent() {
    server.respondByDefault("dall-e-3", FakeResponse.image(PNG));
    try (GatewayClient gateway =
        gateway()
            .budget(b -> b.scope(BudgetScope.team("design")).daily(Money.usd("0.05")))
            .build()) {
      ImageRequest tenHd =
          ImageRequest.builder()
              .model("primary/dall-e-3")
              .prompt("Ten posters")
              .n(10)
              .size("1024x1792")
              .quality(ImageRequest.Quality.HD)
              .context(dev.llmgateway.model.RequestContext.EMPTY.team("design"))
              .build();
      BudgetExceededException e =
          catchThrowableOfType(BudgetExceededException.class, () -> gateway.images(tenHd));
      assertThat(e.getMessage()).contains("10 image(s) of 1024x1792, hd");
      assertThat(server.requestCount("dall-e-3")).isZero();
    }
  }

  @Test
  void targetsThatCannotDoTheCallAreSkipped() {
    try (GatewayClient gateway =
        gateway().alias("chatty", a -> a.target("primary", "gpt-4o")).build()) {
      NoRouteException e =
          catchThrowableOfType(
              NoRouteException.class,
              () -> gateway.images(ImageRequest.builder().model("chatty").prompt("x").build()));
      assertThat(e.getMessage()).contains("image request").contains("lacks [images]");
    }
  }
}
