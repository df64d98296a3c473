package dev.llmgateway;

import static dev.llmgateway.ScriptedChunkStream.end;
import static dev.llmgateway.ScriptedChunkStream.failure;
import static dev.llmgateway.ScriptedChunkStream.role;
import static dev.llmgateway.ScriptedChunkStream.text;
import static dev.llmgateway.ScriptedChunkStream.tool;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.StreamInterruptedException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Capabilities;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StreamTest {
  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");
  private final RecordingListener listener = new RecordingListener();

  private GatewayClient twoTargets() {
    return builder(a, b)
        .retriesPerTarget(0)
        .eventListener(listener)
        .alias(
            "fast", s -> s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered()))
        .build();
  }

  @Test
  void chunksReachTheCallerAsSoonAsTheProviderSendsThem() {
    CountDownLatch release = new CountDownLatch(1);
    a.thenStream(
        "m1",
        (r, c) -> ScriptedChunkStream.of(text("one"), release, text("two"), end(Usage.of(1, 2))));
    try (GatewayClient gateway = twoTargets();
        ChatStream stream = gateway.stream(request("fast"))) {
      Iterator<ChatChunk> chunks = stream.iterator();

      assertThat(chunks.next().text()).isEqualTo("one");
      assertThat(release.getCount()).isEqualTo(1);
      release.countDown();
      assertThat(chunks.next().text()).isEqualTo("two");
      assertThat(chunks.next().finishReason()).isNotNull();
      assertThat(chunks.hasNext()).isFalse();
      assertThat(stream.response().text()).isEqualTo("onetwo");
    }
  }

  @Test
  void responseAssemblesTextToolCallsAndUsageWithTheRoute() {
    a.thenStream(
        "m1",
        (r, c) ->
            ScriptedChunkStream.of(
                role(),
                text("Hel"),
                text("lo"),
                tool(0, "call_1", "get_weather", "{\"ci"),
                tool(0, null, null, "ty\":\"Paris\"}"),
                end(Usage.of(7, 3))));
    try (GatewayClient gateway = twoTargets();
        ChatStream stream = gateway.stream(request("fast"))) {
      List<String> texts = new ArrayList<>();
      stream.forEach(chunk -> texts.add(chunk.text()));
      ChatResponse response = stream.response();

      assertThat(texts).containsExactly("", "Hel", "lo", "", "", "");
      assertThat(response.text()).isEqualTo("Hello");
      assertThat(response.toolCalls())
          .containsExactly(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
      assertThat(response.usage()).isEqualTo(Usage.of(7, 3));
      assertThat(response.provider()).isEqualTo("a");
      assertThat(response.route().alias()).isEqualTo("fast");
      assertThat(response.route().target()).isEqualTo(new TargetRef("a", "m1"));
      assertThat(response.route().attempts()).singleElement().matches(Attempt::succeeded);
    }
    assertThat(listener.events)
        .containsSubsequence("streamFirstChunk a/m1", "callEnd a/m1")
        .last()
        .isEqualTo("callEnd a/m1");
  }

  @Test
  void fallsBackWhenTheStreamFailsBeforeItsFirstContentChunk() {
    a.thenStream("m1", (r, c) -> ScriptedChunkStream.of(role(), failure(ErrorKind.UNAVAILABLE)));
    try (GatewayClient gateway = twoTargets();
        ChatStream stream = gateway.stream(request("fast"))) {
      String text = stream.stream().map(ChatChunk::text).collect(Collectors.joining());
      ChatResponse response = stream.response();

      assertThat(text).isEqualTo("ok from b");
      assertThat(response.route().target()).isEqualTo(new TargetRef("b", "m2"));
      assertThat(response.route().attempts())
          .extracting(Attempt::errorKind)
          .containsExactly(ErrorKind.UNAVAILABLE, null);
      assertThat(response.usage()).isEqualTo(Usage.of(3, 2));
    }
  }

  @Test
  void fallsBackWhenTheStreamCannotOpen() {
    a.thenStream(
        "m1",
        (r, c) -> {
          throw failure(ErrorKind.RATE_LIMITED);
        });
    try (GatewayClient gateway = twoTargets();
        ChatStream stream = gateway.stream(request("fast"))) {
      assertThat(stream.response().route().target().provider()).isEqualTo("b");
    }
  }

  @Test
  void endsWithATypedExceptionCarryingThePartialTextAfterCommit() {
    a.thenStream(
        "m1",
        (r, c) ->
            ScriptedChunkStream.of(
                text("Hel"),
                new ChatChunk(null, null, "lo", List.of(), null, Usage.of(5, 2)),
                failure(ErrorKind.NETWORK)));
    try (GatewayClient gateway = twoTargets();
        ChatStream stream = gateway.stream(request("fast"))) {
      List<String> received = new ArrayList<>();
      StreamInterruptedException e =
          catchThrowableOfType(
              StreamInterruptedException.class, () -> stream.forEach(c -> received.add(c.text())));

      assertThat(received).containsExactly("Hel", "lo");
      assertThat(e.partialText()).isEqualTo("Hello");
      assertThat(e.usage()).isEqualTo(Usage.of(5, 2));
      assertThat(e.target()).isEqualTo(new TargetRef("a", "m1"));
      assertThat(e.getCause().kind()).isEqualTo(ErrorKind.NETWORK);
      assertThat(e.attempts()).extracting(Attempt::errorKind).containsExactly(ErrorKind.NETWORK);
      assertThat(b.calls).isEmpty();
      assertThatThrownBy(stream::response).isSameAs(e);
    }
    assertThat(listener.events).last().isEqualTo("callFailed StreamInterruptedException");
  }

  @Test
  void closeClosesTheProviderStreamAndCancelsItsCall() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicReference<ScriptedChunkStream> source = new AtomicReference<>();
    a.thenStream(
        "m1",
        (r, c) -> {
          source.set(ScriptedChunkStream.of(text("one"), never, text("two")));
          return source.get();
        });
    try (GatewayClient gateway = twoTargets()) {
      ChatStream stream = gateway.stream(request("fast"));
      Iterator<ChatChunk> chunks = stream.iterator();
      assertThat(chunks.next().text()).isEqualTo("one");
      CompletableFuture<Throwable> reader =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  chunks.hasNext();
                  return null;
                } catch (RuntimeException e) {
                  return e;
                }
              });

      stream.close();
      stream.close();

      assertThat(reader.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
      assertThat(source.get().closed).isTrue();
      assertThat(a.calls.get(0).call().cancellation().isCancelled()).isTrue();
      assertThatThrownBy(stream::response).isInstanceOf(CancellationException.class);
    }
    assertThat(listener.events).last().isEqualTo("callFailed CancellationException");
  }

  @Test
  void skipsProvidersThatCannotStream() {
    ScriptedProvider noStream =
        new ScriptedProvider("plain", new Capabilities(true, false, true, true, true, false));
    try (GatewayClient gateway =
            builder(noStream, b)
                .alias("fast", s -> s.target("plain", "m", 99).target("b", "m2"))
                .build();
        ChatStream stream = gateway.stream(request("fast"))) {
      assertThat(stream.response().route().target().provider()).isEqualTo("b");
      assertThat(noStream.calls).isEmpty();
    }
  }
}
