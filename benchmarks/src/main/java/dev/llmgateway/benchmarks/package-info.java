/** JMH benchmarks of the gateway's hot paths, each beside its baseline. */
@NullMarked
package dev.llmgateway.benchmarks;

import org.jspecify.annotations.NullMarked;
