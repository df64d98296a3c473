/**
 * State shared by many app instances of the LLM gateway, on Redis through Lettuce: {@link
 * dev.llmgateway.redis.RedisStores} makes a budget ledger with leases, a quota store, a key state
 * store and a second response-cache tier, each with a failure policy. A configuration file's {@code
 * stores} section reaches it through {@link dev.llmgateway.redis.RedisStoreFactory}.
 *
 * <p>Lettuce's jar is an automatic module ({@code lettuce.core}); the API does not expose its
 * types.
 */
module dev.llmgateway.redis {
  requires transitive dev.llmgateway.core;
  requires static org.jspecify;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires lettuce.core;

  exports dev.llmgateway.redis;

  provides dev.llmgateway.config.StoreFactory with
      dev.llmgateway.redis.RedisStoreFactory;
}
