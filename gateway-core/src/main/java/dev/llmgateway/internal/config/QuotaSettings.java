package dev.llmgateway.internal.config;

import dev.llmgateway.ratelimit.QuotaStore;
import java.util.List;

/**
 * The quotas, as the builder collected them.
 *
 * @param rules the quotas, in configuration order
 * @param store where their windows live
 */
public record QuotaSettings(List<QuotaRule> rules, QuotaStore store) {
  /**
   * Copies the list.
   *
   * @param rules the quotas, in configuration order
   * @param store where their windows live
   */
  public QuotaSettings {
    rules = List.copyOf(rules);
  }
}
