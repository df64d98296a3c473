/** Turns a run's JMH JSON results into the Markdown summary and the charts. */
@NullMarked
package dev.llmgateway.benchmarks.report;

import org.jspecify.annotations.NullMarked;
