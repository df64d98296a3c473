/**
 * The live state of targets and keys, kept outside the configuration snapshot and keyed by target
 * and key id: circuit breakers, key cooldowns and disabled keys with their trial calls, in-flight
 * counts and latencies ({@link dev.llmgateway.internal.resilience.Resilience}), and the permits
 * attempts take from it.
 *
 * <p>Not API: not exported from the module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal.resilience;

import org.jspecify.annotations.NullMarked;
