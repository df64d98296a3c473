/**
 * The stream a caller reads: the committed provider stream that settles its budget when it ends,
 * the observed stream that records the call, the tracking that ends abandoned streams, and the
 * replay of a cached answer.
 *
 * <p>Not API: not exported from the module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal.stream;

import org.jspecify.annotations.NullMarked;
