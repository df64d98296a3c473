/**
 * How an alias picks the order of its targets. {@link dev.llmgateway.routing.RoutingStrategy} is
 * the small public contract; the built-in strategies are reached through its static factories and
 * their implementations stay package-private.
 */
@NullMarked
package dev.llmgateway.routing;

import org.jspecify.annotations.NullMarked;
