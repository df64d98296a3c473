package dev.llmgateway.internal.routing;

import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.spi.EndpointMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What routing remembers once a chat call has been answered: the target and key that served a
 * conversation with cache affinity, and the target and key holding an answer stored with {@code
 * store(true)}. Made by the {@link Router} with the plan, only for calls that need it; told of the
 * answer by the route stage (a stream's when it has been read to its end). Thread-safe.
 */
public final class Landing {
  private static final Logger log = LoggerFactory.getLogger(Landing.class);

  private final RouteMemory memory;
  private final CacheAffinity.@Nullable Conversation conversation;
  private final @Nullable String tenant;

  /** The endpoint mode of each planned target, when the call stores its answer; else null. */
  private final @Nullable Map<TargetRef, EndpointMode> storing;

  private Landing(
      RouteMemory memory,
      CacheAffinity.@Nullable Conversation conversation,
      @Nullable String tenant,
      @Nullable Map<TargetRef, EndpointMode> storing) {
    this.memory = memory;
    this.conversation = conversation;
    this.tenant = tenant;
    this.storing = storing;
  }

  /**
   * What to remember for a call, or {@code null} when there is nothing.
   *
   * @param memory where to remember it
   * @param conversation the call's conversation with cache affinity, or {@code null}
   * @param tenant the caller's tenant, or {@code null}
   * @param store whether the call stores its answer ({@code store(true)})
   * @param targets the plan's targets
   * @return the landing, or {@code null}
   */
  static @Nullable Landing of(
      RouteMemory memory,
      CacheAffinity.@Nullable Conversation conversation,
      @Nullable String tenant,
      boolean store,
      List<Plan.PlannedTarget> targets) {
    if (conversation == null && !store) {
      return null;
    }
    Map<TargetRef, EndpointMode> modes = null;
    if (store) {
      modes = new HashMap<>();
      for (Plan.PlannedTarget t : targets) {
        modes.put(t.ref(), t.config().endpointMode());
      }
    }
    return new Landing(memory, conversation, tenant, modes);
  }

  /**
   * The call was answered: remembers where. Never throws.
   *
   * @param response the answer, with its route
   */
  public void landed(ChatResponse response) {
    try {
      Route route = response.route();
      String keyId = route.keyId();
      if (keyId == null || route.cacheHit()) {
        return;
      }
      if (conversation != null) {
        memory.affinity().bind(conversation, route.target(), keyId);
      }
      EndpointMode mode = storing == null ? null : storing.get(route.target());
      if (mode != null && ResponsePins.canContinue(mode) && !response.id().isEmpty()) {
        memory
            .pins()
            .remember(tenant, response.id(), new ResponsePins.Pin(route.target(), keyId, mode));
      }
    } catch (RuntimeException e) {
      log.warn("Could not remember where a call was answered; routing goes on without it", e);
    }
  }

  @Override
  public String toString() {
    return "Landing[" + (conversation == null ? "" : "affinity " + conversation.key()) + "]";
  }
}
