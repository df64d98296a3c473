/**
 * Budgets, quotas, key state and a response-cache tier shared by many app instances on Redis. Start
 * at {@link dev.llmgateway.redis.RedisStores}.
 */
@NullMarked
package dev.llmgateway.redis;

import org.jspecify.annotations.NullMarked;
