/**
 * The demo of the README's first command: a day of mixed traffic from three teams through one
 * gateway configured by {@code examples/demo.yaml}, against embedded fake providers (or, with
 * {@code --live}, the real ones), ending with a summary of what the gateway did.
 */
@NullMarked
package dev.llmgateway.examples.demo;

import org.jspecify.annotations.NullMarked;
