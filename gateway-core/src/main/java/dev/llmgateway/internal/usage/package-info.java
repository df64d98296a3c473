/**
 * The usage queue: one record per call handed to the sinks off the caller's thread, through a
 * bounded queue drained on close, and how records are built from a call's outcome.
 *
 * <p>Not API: not exported from the module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal.usage;

import org.jspecify.annotations.NullMarked;
