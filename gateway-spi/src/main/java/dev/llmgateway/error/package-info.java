/**
 * The gateway's unchecked error tree. {@link dev.llmgateway.error.GatewayException} is the root;
 * provider failures are {@link dev.llmgateway.error.ProviderException} with an {@link
 * dev.llmgateway.error.ErrorKind}; local refusals have their own types. {@link
 * dev.llmgateway.error.ErrorKind} holds the one table that says what is retried, what moves to the
 * next key and what falls back to the next target.
 */
@NullMarked
package dev.llmgateway.error;

import org.jspecify.annotations.NullMarked;
