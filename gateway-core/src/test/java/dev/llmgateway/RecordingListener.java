package dev.llmgateway;

import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** Records event names (with a short detail) in order. */
class RecordingListener extends GatewayEventListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  volatile @Nullable List<TargetRef> lastPlan;
  volatile @Nullable Throwable lastFailure;

  @Override
  public void callStart(CallInfo call) {
    events.add("callStart " + call.kind() + " " + call.model());
  }

  @Override
  public void routeResolved(CallInfo call, @Nullable String alias, List<TargetRef> plan) {
    lastPlan = plan;
    events.add("routeResolved " + plan);
  }

  @Override
  public void attemptStart(CallInfo call, TargetRef target, String keyId, int attemptNumber) {
    events.add("attemptStart " + target + "#" + keyId);
  }

  @Override
  public void attemptEnd(CallInfo call, Attempt attempt) {
    events.add("attemptEnd " + attempt.target());
  }

  @Override
  public void attemptFailed(CallInfo call, Attempt attempt, ProviderException error) {
    events.add("attemptFailed " + attempt.target() + " " + attempt.errorKind());
  }

  @Override
  public void retryScheduled(CallInfo call, TargetRef target, Duration delay) {
    events.add("retryScheduled " + target + " " + delay);
  }

  @Override
  public void streamFirstChunk(CallInfo call, TargetRef target, Duration timeToFirstChunk) {
    events.add("streamFirstChunk " + target);
  }

  @Override
  public void hedgeStarted(CallInfo call, TargetRef target, Duration after) {
    events.add("hedgeStarted " + target);
  }

  @Override
  public void callEnd(CallInfo call, Route route) {
    events.add("callEnd " + route.target());
  }

  @Override
  public void callFailed(CallInfo call, Throwable error) {
    lastFailure = error;
    events.add("callFailed " + error.getClass().getSimpleName());
  }
}
