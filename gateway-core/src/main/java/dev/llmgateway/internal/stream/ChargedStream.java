package dev.llmgateway.internal.stream;

import dev.llmgateway.ChatStream;
import dev.llmgateway.internal.spend.Charge;
import org.jspecify.annotations.Nullable;

/**
 * A stream made by the built-in stages, which can say what the provider stream under it charged:
 * the committed {@link RealChatStream} or a wrapper of it. Token quotas settle with this charge, so
 * that they count what the budgets were charged.
 */
public interface ChargedStream extends ChatStream {

  /**
   * What the provider stream under this one charged its budgets.
   *
   * @return the charge once its reservation has ended (at its proper end or when it was ended
   *     early), or {@code null} before that, or when no provider stream is under it (a cache hit)
   */
  public @Nullable Charge charge();
}
