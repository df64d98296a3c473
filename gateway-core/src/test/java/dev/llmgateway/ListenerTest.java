package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutingStrategy;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ListenerTest {
  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");

  private GatewayClient.Builder twoTargets() {
    return builder(a, b)
        .alias(
            "fast", s -> s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered()));
  }

  @Test
  void reportsPairedEventsInOrder() {
    a.then("m1", fail(ErrorKind.UNAVAILABLE), fail(ErrorKind.UNAVAILABLE));
    RecordingListener listener = new RecordingListener();
    try (GatewayClient gateway = twoTargets().eventListener(listener).build()) {
      gateway.chat(request("fast"));
    }
    assertThat(listener.events)
        .containsExactly(
            "callStart CHAT fast",
            "routeResolved [a/m1, b/m2]",
            "attemptStart a/m1#default",
            "attemptFailed a/m1 UNAVAILABLE",
            "retryScheduled a/m1 PT0S",
            "attemptStart a/m1#default",
            "attemptFailed a/m1 UNAVAILABLE",
            "attemptStart b/m2#default",
            "attemptEnd b/m2",
            "callEnd b/m2");
  }

  @Test
  void reportsCallFailedWithTheExceptionTheCallerSees() {
    a.always("m1", fail(ErrorKind.NOT_FOUND));
    b.always("m2", fail(ErrorKind.NOT_FOUND));
    RecordingListener listener = new RecordingListener();
    try (GatewayClient gateway = twoTargets().eventListener(listener).build()) {
      Throwable thrown = catchThrowable(() -> gateway.chat(request("fast")));
      assertThat(thrown).isInstanceOf(AllTargetsFailedException.class);
      assertThat(listener.lastFailure).isSameAs(thrown);
    }
    assertThat(listener.events).last().isEqualTo("callFailed AllTargetsFailedException");
  }

  @Test
  void listenerExceptionsDoNotBreakCalls() {
    RecordingListener recording = new RecordingListener();
    a.then("m1", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway =
        twoTargets().eventListener(new ThrowingListener()).eventListener(recording).build()) {
      assertThat(gateway.chat(request("fast")).text()).isEqualTo("ok from a/m1");
      try (ChatStream stream = gateway.stream(request("fast"))) {
        assertThat(stream.response().text()).isEqualTo("ok from a");
      }
    }
    assertThat(recording.events).contains("callEnd a/m1").hasSizeGreaterThan(8);
  }

  @Test
  void composesListenersInOrder() {
    RecordingListener first = new RecordingListener();
    RecordingListener second = new RecordingListener();
    GatewayEventListener both = GatewayEventListener.of(first, new ThrowingListener(), second);
    try (GatewayClient gateway = twoTargets().eventListener(both).build()) {
      gateway.chat(request("fast"));
    }
    assertThat(first.events).isEqualTo(second.events).isNotEmpty();
    assertThat(GatewayEventListener.of(List.of())).isSameAs(GatewayEventListener.NONE);
  }

  /** Throws from every event. */
  static final class ThrowingListener extends GatewayEventListener {
    @Override
    public void callStart(CallInfo call) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void routeResolved(CallInfo call, @Nullable String alias, List<TargetRef> plan) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void attemptStart(CallInfo call, TargetRef target, String keyId, int attemptNumber) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void attemptEnd(CallInfo call, Attempt attempt) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void attemptFailed(CallInfo call, Attempt attempt, ProviderException error) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void retryScheduled(CallInfo call, TargetRef target, Duration delay) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void streamFirstChunk(CallInfo call, TargetRef target, Duration timeToFirstChunk) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void callEnd(CallInfo call, Route route) {
      throw new IllegalStateException("boom");
    }

    @Override
    public void callFailed(CallInfo call, Throwable error) {
      throw new IllegalStateException("boom");
    }
  }
}
