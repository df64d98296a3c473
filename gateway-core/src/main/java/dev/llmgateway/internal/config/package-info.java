/**
 * The builder's input ({@link dev.llmgateway.internal.config.EngineSettings} and its definitions)
 * and {@link dev.llmgateway.internal.config.SnapshotCompiler}, the one place that validates it as a
 * whole and produces the immutable {@link dev.llmgateway.internal.config.Snapshot} that calls run
 * on. Holds no mutable state.
 *
 * <p>Not API: not exported from the module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal.config;

import org.jspecify.annotations.NullMarked;
