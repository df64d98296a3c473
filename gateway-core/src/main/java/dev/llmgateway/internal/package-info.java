/**
 * Implementation of the client, in sub-packages by concern: {@code config} (the snapshot), {@code
 * engine} (running calls, shared state), {@code pipeline} (the call tier), {@code attempt} (the
 * attempt tier), {@code routing}, {@code resilience}, {@code stream}, {@code spend}, {@code usage},
 * {@code call} and {@code util}. See {@code docs/architecture.md}. Not API: not exported from the
 * module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal;

import org.jspecify.annotations.NullMarked;
