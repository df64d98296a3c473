/**
 * Micrometer instrumentation for the LLM gateway: add a {@link
 * dev.llmgateway.micrometer.MicrometerGatewayListener} to the client's builder with {@code
 * eventListener(...)}. Meter names, tags and their cardinality are listed in {@code
 * docs/observability.md}.
 */
@NullMarked
package dev.llmgateway.micrometer;

import org.jspecify.annotations.NullMarked;
