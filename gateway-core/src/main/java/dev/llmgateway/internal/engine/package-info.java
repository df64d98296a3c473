/**
 * Runs calls: {@link dev.llmgateway.internal.engine.GatewayEngine} enters the current snapshot's
 * generation, runs the request path and records the call; the read-only views answer explain,
 * health and budget queries. {@link dev.llmgateway.internal.engine.EngineState} is the state shared
 * by a client and the clients derived from it (provider instances, breakers, cooldowns, usage
 * queue, executor). The top layer: nothing else inside depends on it.
 *
 * <p>Not API: not exported from the module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal.engine;

import org.jspecify.annotations.NullMarked;
