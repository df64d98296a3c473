/** Runnable examples that use only the gateway's public API. */
@NullMarked
package dev.llmgateway.examples;

import org.jspecify.annotations.NullMarked;
