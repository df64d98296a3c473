/**
 * The normalized request and response model: immutable records with builders, the same for every
 * provider. Money is {@link dev.llmgateway.model.Money} (integer nano-dollars); JSON-like values
 * (tool parameter schemas, extra provider parameters) are trees of {@code Map}, {@code List},
 * {@code String}, {@code Number}, {@code Boolean} and {@code null}, deep-copied and unmodifiable.
 */
@NullMarked
package dev.llmgateway.model;

import org.jspecify.annotations.NullMarked;
