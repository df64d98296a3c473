/**
 * The response cache: {@link dev.llmgateway.cache.ResponseCache} is the small store contract (an
 * in-memory Caffeine store is built in; a shared store can implement it), {@link
 * dev.llmgateway.cache.CachePartition} says which part of the request context separates cached
 * answers. Configured with {@link dev.llmgateway.GatewayClient.Builder#cache}.
 */
@NullMarked
package dev.llmgateway.cache;

import org.jspecify.annotations.NullMarked;
