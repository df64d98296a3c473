package dev.llmgateway.internal.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmgateway.internal.util.Ticker;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.spi.EndpointMode;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Which provider account holds each stored Responses answer: for every answer of a call with {@code
 * store(true)} on a target whose endpoint mode can be {@link EndpointMode#RESPONSES}, its target
 * and key, so that a call continuing it ({@code previousResponseId}) is sent there and nowhere
 * else. Keyed by tenant and response id: another tenant's id is unknown here. Entries expire {@link
 * #EXPIRY} after the answer (OpenAI keeps stored responses 30 days by default), timed by the
 * client's ticker, and at most {@value #MAX_RESPONSES} are kept (the least recently used go first).
 * Shared by the clients of one state and kept across configuration reloads. Thread-safe.
 */
public final class ResponsePins {
  /** The most stored answers remembered. */
  public static final int MAX_RESPONSES = 100_000;

  /** How long a stored answer is remembered: 30 days, OpenAI's default retention. */
  public static final Duration EXPIRY = Duration.ofDays(30);

  /**
   * Where a stored answer lives.
   *
   * @param target the target that produced it
   * @param keyId the key it was produced with
   * @param endpointMode the target's endpoint mode when it was produced
   */
  public record Pin(TargetRef target, String keyId, EndpointMode endpointMode) {
    @Override
    public String toString() {
      return target + "#" + keyId;
    }
  }

  private record Id(String tenant, String responseId) {}

  private final Cache<Id, Pin> pins;

  /**
   * Creates the memory.
   *
   * @param ticker times the expiry
   */
  public ResponsePins(Ticker ticker) {
    this.pins =
        Caffeine.newBuilder()
            .maximumSize(MAX_RESPONSES)
            .expireAfterWrite(EXPIRY)
            .ticker(ticker::read)
            .executor(Runnable::run)
            .build();
  }

  /** Whether answers of a target with this endpoint mode can be continued. */
  static boolean canContinue(EndpointMode mode) {
    return mode == EndpointMode.RESPONSES || mode == EndpointMode.AUTO;
  }

  /**
   * Where a stored answer lives, if it is known.
   *
   * @param tenant the caller's tenant, or {@code null}
   * @param responseId the answer's id
   * @return the pin, or {@code null} when unknown (never stored through this client's state,
   *     expired, evicted, or stored for another tenant)
   */
  @Nullable Pin find(@Nullable String tenant, String responseId) {
    return pins.getIfPresent(new Id(tenant == null ? "" : tenant, responseId));
  }

  /**
   * Remembers where a stored answer lives.
   *
   * @param tenant the caller's tenant, or {@code null}
   * @param responseId the answer's id
   * @param pin its target and key
   */
  void remember(@Nullable String tenant, String responseId, Pin pin) {
    pins.put(new Id(tenant == null ? "" : tenant, responseId), pin);
  }

  /** The number of answers remembered (approximate; expired ones may still count). */
  public long size() {
    return pins.estimatedSize();
  }
}
