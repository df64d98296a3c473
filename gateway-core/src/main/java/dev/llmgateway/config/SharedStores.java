package dev.llmgateway.config;

import dev.llmgateway.budget.BudgetLedger;
import dev.llmgateway.cache.ResponseCache;
import dev.llmgateway.ratelimit.QuotaStore;
import dev.llmgateway.routing.KeyStateStore;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The stores a {@link StoreFactory} made for a configuration file's {@code stores} section. Each is
 * present when the section shares that state; a configuration applies the present ones onto the
 * builder ({@code budgetLedger}, {@code quotaStore}, {@code keyStateStore} and, when the file
 * enables the cache, the cache's {@code store}).
 *
 * <p>Implementations are thread-safe and long-lived: a reload of the same file asks the factory
 * again, and the factory may return the same stores.
 */
public interface SharedStores {

  /**
   * The shared budget ledger.
   *
   * @param zone the zone whose midnight starts daily and monthly windows
   * @return the ledger, or empty if budgets stay in each instance's memory
   */
  Optional<BudgetLedger> budgetLedger(ZoneId zone);

  /**
   * The shared quota store.
   *
   * @return the store, or empty if quotas stay in each instance's memory
   */
  Optional<QuotaStore> quotaStore();

  /**
   * The shared key state (cooldowns, disabled keys).
   *
   * @return the store, or empty if key state stays in each instance's memory
   */
  Optional<KeyStateStore> keyStateStore();

  /**
   * The response cache: a shared tier behind the given local one.
   *
   * @param local the instance's in-memory cache, asked first
   * @return the two-tier cache, or empty if the cache stays in each instance's memory
   */
  Optional<ResponseCache> responseCache(ResponseCache local);
}
