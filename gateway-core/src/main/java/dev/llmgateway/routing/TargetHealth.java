package dev.llmgateway.routing;

import dev.llmgateway.internal.util.TextTable;
import dev.llmgateway.model.TargetRef;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one target's health, as {@code GatewayClient.health()} reports it.
 *
 * @param target the provider and model
 * @param inFlight the attempts running on it now
 * @param latency the moving average latency of its successful attempts, or {@code null} if none
 * @param timeToFirstToken the moving average time to first content chunk of its streams, or {@code
 *     null} if none
 * @param keys the state of each of its keys, in configuration order
 */
public record TargetHealth(
    TargetRef target,
    int inFlight,
    @Nullable Duration latency,
    @Nullable Duration timeToFirstToken,
    List<KeyHealth> keys) {

  /**
   * Copies the list.
   *
   * @param target the provider and model
   * @param inFlight the attempts running on it now
   * @param latency the moving average latency of its successful attempts, or {@code null} if none
   * @param timeToFirstToken the moving average time to first content chunk of its streams, or
   *     {@code null} if none
   * @param keys the state of each of its keys, in configuration order
   */
  public TargetHealth {
    keys = List.copyOf(keys);
  }

  /**
   * Whether some key of the target can take a call now.
   *
   * @return {@code true} if at least one key is available
   */
  public boolean available() {
    for (KeyHealth k : keys) {
      if (k.available()) {
        return true;
      }
    }
    return false;
  }

  /**
   * This target's health as a small aligned table, one row per key; see {@link #table(List)}.
   *
   * @return the table, lines separated by {@code \n}
   */
  @Override
  public String toString() {
    return table(List.of(this));
  }

  /**
   * Targets' health as one small aligned table, as {@code GatewayClient.health()} is best printed:
   * per target its in-flight attempts, moving average latency and time to first token, then one row
   * per key with its circuit state, until when an open circuit refuses calls, until when the key
   * cools down after a rate limit, and why it was disabled. Key ids only, never keys.
   *
   * <pre>
   * target              in flight  latency  ttft    key      available  circuit  open until ...
   * openai/gpt-4o-mini          1   412 ms  180 ms  primary  yes        CLOSED   -          ...
   *                                                 backup   no         OPEN     2026-...Z  ...
   * </pre>
   *
   * @param targets the targets, such as {@code GatewayClient.health()}
   * @return the table, lines separated by {@code \n}
   */
  public static String table(List<TargetHealth> targets) {
    TextTable t =
        TextTable.of(
                "target",
                "in flight",
                "latency",
                "ttft",
                "key",
                "available",
                "circuit",
                "open until",
                "cooling until",
                "disabled")
            .alignRight(1, 2, 3);
    for (TargetHealth h : targets) {
      if (h.keys().isEmpty()) {
        t.row(
            h.target(),
            h.inFlight(),
            TextTable.duration(h.latency()),
            TextTable.duration(h.timeToFirstToken()),
            null,
            null,
            null,
            null,
            null,
            null);
      }
      for (int i = 0; i < h.keys().size(); i++) {
        KeyHealth k = h.keys().get(i);
        boolean first = i == 0;
        t.row(
            first ? h.target() : "",
            first ? h.inFlight() : "",
            first ? TextTable.duration(h.latency()) : "",
            first ? TextTable.duration(h.timeToFirstToken()) : "",
            k.keyId(),
            k.available() ? "yes" : "no",
            k.circuit(),
            k.circuitOpenUntil(),
            k.coolingUntil(),
            k.disabledReason());
      }
    }
    return t.render();
  }

  /**
   * The health of one key.
   *
   * @param keyId the key's id
   * @return its health, or {@code null} if the target has no such key
   */
  public @Nullable KeyHealth key(String keyId) {
    for (KeyHealth k : keys) {
      if (k.keyId().equals(keyId)) {
        return k;
      }
    }
    return null;
  }
}
