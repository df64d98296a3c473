/**
 * Prices and cost: a versioned {@link dev.llmgateway.pricing.PriceCatalog} of {@link
 * dev.llmgateway.pricing.ModelPrice}s (a bundled one, overridable and extendable through the
 * client's builder) with the {@link dev.llmgateway.pricing.MediaPrice}s of image and audio models,
 * the exact integer cost of a call, and the {@link dev.llmgateway.pricing.TokenEstimator} used
 * before a call to reserve its worst case.
 */
@NullMarked
package dev.llmgateway.pricing;

import org.jspecify.annotations.NullMarked;
